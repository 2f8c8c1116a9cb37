"""The dashboards as a web app: the explorer and the sampling workbench served by Voilà.

``jtai dashboard`` prepares (or finds in the cache) the validated data, writes copies of the two
notebooks with their parameters filled in, as papermill would, and serves that folder with Voilà:
on 127.0.0.1 only, behind a random token, code never shown, kernels on local sockets (IPC), and a
page template that asks nothing of the network (Voilà's own asks a CDN for Font Awesome).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jtai_analysis.common.paths import notebooks_dir

DASHBOARD_NOTEBOOKS = ("explorer.ipynb", "sampling_workbench.ipynb")
TEMPLATE = "jtai"
_CDN = "cdn.jsdelivr.net"


@dataclass(frozen=True)
class DashboardRequest:
    """What the dashboard shows: the data, the inspection's dates and the sample's starting point."""

    data_paths: tuple[str, ...]
    area_name: str
    notification_date: dt.date
    reference_date: dt.date
    seed: int = 1
    lock: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lock_6: tuple[str, ...] = ()
    exclude_6: tuple[str, ...] = ()
    suppress_below: int = 0

    def notebook_parameters(self) -> dict[str, object]:
        """The notebooks' parameters, as ``jtai pack`` injects them (absolute paths)."""
        return {
            "area_name": self.area_name,
            "notification_date": self.notification_date.isoformat(),
            "reference_date": self.reference_date.isoformat(),
            "data_paths": [str(Path(p).resolve()) for p in self.data_paths],
            "seed": self.seed,
            "as_of": "",
            "prepared_dir": "",  # blank: the prepared-data cache
            "suppress_below": self.suppress_below,
            "lock": list(self.lock),
            "exclude": list(self.exclude),
            "lock_6": list(self.lock_6),
            "exclude_6": list(self.exclude_6),
        }


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
    notified = dt.date.fromisoformat(parameters["notification_date"])
    return DashboardRequest(
        data_paths=tuple(parameters["data_paths"]),
        area_name=parameters["area_name"],
        notification_date=notified,
        reference_date=dt.date.fromisoformat(
            parameters.get("reference_date") or notified.isoformat()
        ),
        seed=int(parameters.get("seed", 1)),
        lock=tuple(parameters.get("lock", ())),
        exclude=tuple(parameters.get("exclude", ())),
        lock_6=tuple(parameters.get("lock_6", ())),
        exclude_6=tuple(parameters.get("exclude_6", ())),
        suppress_below=int(parameters.get("suppress_below", 0)),
    )


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
        notebook = parameterize_notebook(notebook, request.notebook_parameters())
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
    """
    from jupyter_core.paths import jupyter_path

    source = next(
        Path(p) / "index.html.j2"
        for p in jupyter_path("voila", "templates", "lab")
        if (Path(p) / "index.html.j2").exists()
    )
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    target = folder / "voila" / "templates" / TEMPLATE
    target.mkdir(parents=True, exist_ok=True)
    # The note a notebook shows when reopened without a kernel is never for the web app.
    hidden = "  <style>.jtai-rerun-note{display:none !important}</style>\n"
    kept = [line for line in lines if _CDN not in line]
    cut = next(i for i, line in enumerate(lines) if _CDN in line)
    page = "".join([*kept[:cut], hidden, *kept[cut:]])
    (target / "index.html.j2").write_text(page, encoding="utf-8")
    (target / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    return folder


def write_config(folder: Path) -> Path:
    """Voilà settings that have no command-line form: the websocket pings.

    Jupyter server's default ping timeout (90 s) is longer than its 30 s ping interval, which
    tornado refuses with a warning on every start and cuts to 30 s. A browser busy drawing a large
    page can miss a 30 s pong and lose its kernel, so ping every 90 s with a 90 s timeout.
    """
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "Voila": {"tornado_settings": {"ws_ping_interval": 90000, "ws_ping_timeout": 90000}}
    }
    (folder / "voila.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return folder


def _sign(notebook: object) -> None:
    """Mark the generated copy as trusted (Voilà warns about every untrusted notebook it serves)."""
    from nbformat.sign import NotebookNotary

    with contextlib.suppress(Exception):  # a notary that cannot be written costs only the warning
        NotebookNotary().sign(notebook)


def wait_until_serving(port: int, timeout_s: float = 180.0) -> bool:
    """True once something accepts connections on 127.0.0.1:``port`` (False after ``timeout_s``)."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
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


def voila_command(
    folder: Path, port: int, token: str | None = None, *, open_browser: bool = False
) -> Served:
    """The Voilà command serving ``folder`` as described in the module docstring."""
    token = token or secrets.token_urlsafe(24)
    command = [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--token={token}",
        f"--template={TEMPLATE}",
        "--show_tracebacks=False",
        # Each notebook is run in a waiting kernel before anyone asks for it (and again after each
        # visitor), so a page opens with its widgets drawn in seconds instead of after the run.
        "--preheat_kernel=True",
        "--pool_size=1",
        # Kernels over Unix sockets: nothing listens on a TCP port, so no unencrypted-TCP warning.
        "--KernelManager.transport=ipc",
        f"--Voila.config_file_paths={write_config(folder / '.config')}",
        "--Voila.log_level=WARN",
    ]
    if not open_browser:
        command.append("--no-browser")
    environment = dict(os.environ)
    templates = write_offline_template(folder / ".templates")
    environment["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(templates), environment.get("JUPYTER_PATH", "")) if p
    )
    url = f"http://127.0.0.1:{port}/?token={token}"
    return Served(command, environment, url, port, token)


def notebook_url(served: Served, name: str) -> str:
    """The address of one dashboard notebook in a served folder."""
    return f"http://127.0.0.1:{served.port}/voila/render/{name}?token={served.token}"
