"""The dashboards as a web app: the explorer and the sampling workbench served by Voilà.

``jtai dashboard`` prepares (or finds in the cache) the validated data, writes copies of the two
notebooks with their parameters filled in, as papermill would, and serves that folder with Voilà:
on 127.0.0.1 only, behind a random token, code never shown, kernels on local sockets (IPC), and a
page template that asks nothing of the network (Voilà's own asks a CDN for Font Awesome).

What makes a page open in seconds (``benchmarks/bench_dashboard.py``): Voilà runs each notebook in a
waiting kernel before anyone asks; plotly.js (4.8 MB) and the grid's DataTables (0.6 MB) come from
the page's server as files the browser keeps, not through the kernel with the widgets, and run
once the controls are drawn; and the page does not load the extensions of JupyterLab the
dashboards never use (plotly's own FigureWidget front end alone is another copy of plotly.js).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
import os
import secrets
import shutil
import socket
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from jtai_analysis.common.paths import notebooks_dir
from jtai_analysis.common.run_options import OptionError, RunOptions, notebook_options
from jtai_analysis.dashboards import kernel

DASHBOARD_NOTEBOOKS = ("explorer.ipynb", "sampling_workbench.ipynb")
TEMPLATE = "jtai"
_CDN = "cdn.jsdelivr.net"
# Scripts the page's server offers as files (the browser fetches each once and keeps it) instead of
# their travelling through a kernel with the widgets: the environment variable that tells the
# kernels (Voilà passes its environment on) where each is, and its package and place in it.
PLOTLY_JS_URL_VARIABLE = "JTAI_PLOTLY_JS_URL"
ITABLES_JS_URL_VARIABLE = "JTAI_ITABLES_JS_URL"
SERVED_SCRIPTS = {
    PLOTLY_JS_URL_VARIABLE: ("plotly", "package_data/plotly.min.js"),
    ITABLES_JS_URL_VARIABLE: ("itables", "widget/static/widget.js"),
}
# JupyterLab front-end extensions a dashboard page never uses, so never loads: plotly's FigureWidget
# front end (a second plotly.js, 4.8 MB, parsed on every page) and code highlighting (no code shown).
UNUSED_EXTENSIONS = ("jupyterlab-plotly", "jupyterlab_pygments")
REFILL_DELAY_S = 10  # see voila_command
LOOPBACK = "127.0.0.1"  # the app listens here unless `jtai dashboard --ip` asks otherwise


# What the dashboard shows is a run's options: the data, the inspection's dates and the sample's
# starting point (locks and exclusions).
DashboardRequest = RunOptions


def notebook_parameters(request: RunOptions) -> dict[str, object]:
    """The notebooks' parameters, as ``jtai pack`` gives them, with the prepared-data cache."""
    return {**request.notebook_parameters(), "prepared_dir": ""}  # blank: the prepared-data cache


class PackNotUsable(ValueError):
    """A ``--pack`` folder without the provenance a dashboard needs (the message says why)."""


def request_from_pack(pack_dir: Path) -> DashboardRequest:
    """The dashboard for a built pack: its data and parameters, read from its ``provenance.json``."""
    provenance_path = pack_dir / "provenance.json"
    if not provenance_path.exists():
        raise PackNotUsable(
            f"{pack_dir} holds no provenance.json: is it a folder `jtai pack` wrote?"
        )
    parameters = json.loads(provenance_path.read_text(encoding="utf-8"))["parameters"]
    try:
        options = notebook_options(parameters, str(provenance_path))
    except OptionError as error:
        raise PackNotUsable(str(error)) from error
    # Deadlines are judged now, not when the pack was built; the batch's comparison is the pack's.
    return replace(options, as_of="", comparison_path="")


def write_session(request: DashboardRequest, folder: Path) -> list[Path]:
    """Copies of the dashboard notebooks with the request's parameters injected, in ``folder``."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    written = []
    for name in DASHBOARD_NOTEBOOKS:
        notebook = load_notebook_node(str(notebooks_dir() / name))
        notebook = parameterize_notebook(notebook, notebook_parameters(request))
        notebook.metadata["kernelspec"] = dict(kernel.KERNELSPEC)
        target = folder / name
        _sign(notebook)
        nbformat.write(notebook, target)
        written.append(target)
    return written


def write_offline_template(folder: Path) -> Path:
    """Voilà's ``lab`` page template without the CDN stylesheets it links; return the Jupyter path.

    Voilà bundles Font Awesome in its own static files already, so the two CDN links only add
    requests that fail offline (console errors). The template is derived from the installed Voilà
    at start-up rather than copied into this repository, so a Voilà update carries over. Voilà
    looks for templates under ``<path>/voila/templates/<name>`` for each path in ``JUPYTER_PATH``.
    Its ``static/`` folder carries plotly.js, which the page starts fetching before any chart asks.
    """
    from jupyter_core.paths import jupyter_path

    source = next(
        Path(p) / "index.html.j2"
        for p in jupyter_path("voila", "templates", "lab")
        if (Path(p) / "index.html.j2").exists()
    )
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    target = folder / "voila" / "templates" / TEMPLATE
    (target / "static").mkdir(parents=True, exist_ok=True)
    for package, inside in SERVED_SCRIPTS.values():
        shutil.copyfile(
            script_file(package, inside), target / "static" / _served_name(package, inside)
        )
    plotly_js = script_url(*SERVED_SCRIPTS[PLOTLY_JS_URL_VARIABLE])
    added = [
        # The note a notebook shows when reopened without a kernel is never for the web app.
        "  <style>.jtai-rerun-note{display:none !important}</style>\n",
        f'  <link rel="preload" href="{plotly_js}" as="script">\n',
        _XSRF_COOKIE_SCRIPT,
    ]
    kept = [line for line in lines if _CDN not in line]
    cut = next(i for i, line in enumerate(lines) if _CDN in line)
    page = "".join([*kept[:cut], *added, *kept[cut:]])
    (target / "index.html.j2").write_text(page, encoding="utf-8")
    (target / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    return folder


# Leaving a page, Voilà shuts its kernel down with a POST that must carry the `_xsrf` cookie, but
# its notebook page never sets that cookie (voila-dashboards/voila#1458): the POST is refused (a
# 403 in the browser's console) and the kernel keeps running. Voilà's own folder page sets it, so
# the page asks for that once, after it has loaded.
_XSRF_COOKIE_SCRIPT = """  <script>
    window.addEventListener("load", () => {
      if (!/(^|;\\s*)_xsrf=/.test(document.cookie)) {
        fetch("{{ resources.base_url }}voila/tree", { credentials: "same-origin" });
      }
    });
  </script>
"""


def script_file(package: str, inside: str) -> Path:
    """A script shipped in an installed package (found without importing the package)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / inside


def script_url(package: str, inside: str) -> str:
    """Where the page's server offers the script; the version in the address lets browsers keep it."""
    version = importlib.metadata.version(package)
    return f"/voila/templates/{TEMPLATE}/static/{_served_name(package, inside)}?v={version}"


def _served_name(package: str, inside: str) -> str:
    return f"{package}-{Path(inside).name}"


def write_config(folder: Path) -> Path:
    """Voilà settings that have no command-line form: the websocket pings, the unused extensions.

    Jupyter server's default ping timeout (90 s) is longer than its 30 s ping interval, which
    tornado refuses with a warning on every start and cuts to 30 s. A browser busy drawing a large
    page can miss a 30 s pong and lose its kernel, so ping every 90 s with a 90 s timeout.
    """
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "Voila": {"tornado_settings": {"ws_ping_interval": 90000, "ws_ping_timeout": 90000}},
        "VoilaConfiguration": {"extension_denylist": list(UNUSED_EXTENSIONS)},
    }
    (folder / "voila.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return folder


def _sign(notebook: object) -> None:
    """Mark the generated copy as trusted (Voilà warns about every untrusted notebook it serves)."""
    from nbformat.sign import NotebookNotary

    with contextlib.suppress(Exception):  # a notary that cannot be written costs only the warning
        NotebookNotary().sign(notebook)


def wait_until_serving(port: int, timeout_s: float = 180.0, host: str = LOOPBACK) -> bool:
    """True once something accepts connections on ``host``:``port`` (False after ``timeout_s``)."""
    import time

    deadline = time.monotonic() + timeout_s
    probed = LOOPBACK if host in ("0.0.0.0", "::", "") else host  # all interfaces include this one
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            if probe.connect_ex((probed, port)) == 0:
                return True
        time.sleep(0.2)
    return False


def free_port() -> int:
    """A TCP port nothing listens on now, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Served:
    """How to start Voilà and what to open."""

    command: list[str]
    environment: dict[str, str] = field(repr=False)
    url: str
    port: int
    token: str
    ip: str = LOOPBACK


def voila_command(
    folder: Path,
    port: int,
    token: str | None = None,
    *,
    open_browser: bool = False,
    ip: str = LOOPBACK,
) -> Served:
    """The Voilà command serving ``folder`` as described in the module docstring.

    ``ip`` is the address it listens on: this machine only unless another is asked for.
    """
    token = token or secrets.token_urlsafe(24)
    command = [
        sys.executable,
        "-m",
        "jtai_analysis.dashboards.serve",  # Voilà, its page templates compiled once
        str(folder),
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--token={token}",
        f"--template={TEMPLATE}",
        "--show_tracebacks=False",
        # Each notebook is run in a waiting kernel before anyone asks for it (and again after each
        # visitor), so a page opens with its widgets drawn in seconds instead of after the run.
        "--preheat_kernel=True",
        "--pool_size=1",
        # The next waiting kernel is started this long after a visitor takes one (Voilà: 1 s).
        # Starting it costs the page's server about 0.6 s of work (it compiles its page templates
        # again) and the kernel seconds more: at 1 s that falls while the visitor's page loads,
        # and the explorer's first widget came 0.6 s later. A second visit to the same page
        # within this time waits for the next kernel.
        f"--VoilaKernelManager.fill_delay={REFILL_DELAY_S}",
        # Kernels over Unix sockets: nothing listens on a TCP port, so no unencrypted-TCP warning.
        "--KernelManager.transport=ipc",
        f"--Voila.config_file_paths={write_config(folder / '.config')}",
        "--Voila.log_level=WARN",
    ]
    if not open_browser:
        command.append("--no-browser")
    environment = dict(os.environ)
    templates = write_offline_template(folder / ".templates")
    kernel.write_kernel_spec(templates)
    environment["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(templates), environment.get("JUPYTER_PATH", "")) if p
    )
    for variable, (package, inside) in SERVED_SCRIPTS.items():
        environment[variable] = script_url(package, inside)
    url = f"http://{_url_host(ip)}:{port}/?token={token}"
    return Served(command, environment, url, port, token, ip)


def notebook_url(served: Served, name: str) -> str:
    """The address of one dashboard notebook in a served folder."""
    return f"http://{_url_host(served.ip)}:{served.port}/voila/render/{name}?token={served.token}"


def _url_host(ip: str) -> str:
    """The host to put in a link: the address listened on (this machine's when it is all of them)."""
    if ip in ("0.0.0.0", "::", ""):
        return LOOPBACK
    return f"[{ip}]" if ":" in ip else ip
