"""How `jtai dashboard` serves the notebooks: parameters injected, offline page template, local
sockets, token, pre-heated kernels, no ping warning; a pack's folder gives its own parameters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import papermill
import pytest

from jtai_analysis.dashboards import app

R = dt.date(2026, 11, 16)


def _request() -> app.DashboardRequest:
    return app.DashboardRequest(
        data_paths=("area",),
        area_name="Test Area",
        notification_date=R,
        reference_date=R - dt.timedelta(days=1),
        seed=7,
        lock=("L1",),
        exclude=("E1",),
    )


def test_the_notebooks_are_served_with_the_requests_parameters(tmp_path: Path) -> None:
    written = app.write_session(_request(), tmp_path / "session")
    assert [p.name for p in written] == ["explorer.ipynb", "sampling_workbench.ipynb"]
    for notebook in written:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        source = "".join(
            "".join(c["source"]) for c in cells if "injected-parameters" in c["metadata"]["tags"]
        )
        assert 'area_name = "Test Area"' in source and 'reference_date = "2026-11-15"' in source
        assert 'lock = ["L1"]' in source and "seed = 7" in source
        assert f'"{(Path.cwd() / "area").resolve()}"' in source  # absolute data paths
    assert set(papermill.inspect_notebook(str(written[0]))) >= {"area_name", "lock", "exclude"}


def test_the_page_template_asks_nothing_of_the_network(tmp_path: Path) -> None:
    root = app.write_offline_template(tmp_path / "templates")
    page = (root / "voila" / "templates" / "jtai" / "index.html.j2").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in page
    assert 'href="http' not in page and 'src="http' not in page
    assert page.count(".jtai-rerun-note{display:none") == 1
    conf = json.loads((root / "voila" / "templates" / "jtai" / "conf.json").read_text())
    assert conf == {"base_template": "lab"}
    # plotly.js and the grid's module are files of the template, the page fetching plotly.js early
    static = root / "voila" / "templates" / "jtai" / "static"
    assert sorted(p.name for p in static.iterdir()) == ["itables-widget.js", "plotly-plotly.min.js"]
    assert (static / "plotly-plotly.min.js").stat().st_size > 1_000_000
    assert '<link rel="preload" href="/voila/templates/jtai/static/plotly-plotly.min.js?v=' in page
    # the page gets the `_xsrf` cookie Voilà's kernel shutdown on leaving needs (voila#1458)
    assert "_xsrf" in page and "voila/tree" in page


def test_the_page_loads_no_extension_it_does_not_use_and_finds_its_scripts_served(
    tmp_path: Path,
) -> None:
    served = app.voila_command(tmp_path, 8999, "secret")
    config = json.loads((tmp_path / ".config" / "voila.json").read_text(encoding="utf-8"))
    assert "jupyterlab-plotly" in config["VoilaConfiguration"]["extension_denylist"]
    plotly_url = served.environment[app.PLOTLY_JS_URL_VARIABLE]
    assert plotly_url.startswith("/voila/templates/jtai/static/plotly-plotly.min.js?v=")
    itables_url = served.environment[app.ITABLES_JS_URL_VARIABLE]
    assert itables_url.startswith("/voila/templates/jtai/static/itables-widget.js?v=")


def test_voila_listens_locally_with_a_token_and_kernels_on_local_sockets(tmp_path: Path) -> None:
    served = app.voila_command(tmp_path, 8999, "secret")
    options = served.command
    assert "--Voila.ip=127.0.0.1" in options and "--token=secret" in options
    assert "--port=8999" in options and "--KernelManager.transport=ipc" in options
    assert "--no-browser" in options and "--preheat_kernel=True" in options
    assert served.url == "http://127.0.0.1:8999/?token=secret"
    assert app.notebook_url(served, "explorer.ipynb").endswith(
        "/voila/render/explorer.ipynb?token=secret"
    )
    config = json.loads((tmp_path / ".config" / "voila.json").read_text(encoding="utf-8"))
    settings = config["Voila"]["tornado_settings"]
    assert settings["ws_ping_timeout"] <= settings["ws_ping_interval"]  # no warning at start
    assert str(tmp_path / ".templates") in served.environment["JUPYTER_PATH"]
    assert "--no-browser" not in app.voila_command(tmp_path, 8999, open_browser=True).command


def test_a_pack_folder_gives_its_data_and_parameters(tmp_path: Path) -> None:
    with pytest.raises(app.PackNotUsable, match="provenance.json"):
        app.request_from_pack(tmp_path)
    parameters = {
        "area_name": "Pack Area",
        "notification_date": "2026-11-16",
        "reference_date": "2026-11-10",
        "data_paths": ["/data/a.xlsx"],
        "seed": 3,
        "lock": ["X"],
        "exclude": [],
        "suppress_below": 5,
    }
    (tmp_path / "provenance.json").write_text(json.dumps({"parameters": parameters}))
    request = app.request_from_pack(tmp_path)
    assert request.data_paths == (Path("/data/a.xlsx"),) and request.area_name == "Pack Area"
    assert request.reference_date == dt.date(2026, 11, 10) and request.seed == 3
    assert request.lock == ("X",) and request.suppress_below == 5


def test_the_dashboards_run_on_a_kernel_below_the_browsers_priority(tmp_path: Path) -> None:
    from jtai_analysis.dashboards import kernel

    for notebook in app.write_session(_request(), tmp_path / "session"):
        metadata = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
        assert metadata["kernelspec"]["name"] == kernel.KERNEL_NAME
    served = app.voila_command(tmp_path, 8999, "secret")
    spec_file = tmp_path / ".templates" / "kernels" / kernel.KERNEL_NAME / "kernel.json"
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    assert spec["argv"][1:3] == ["-m", "jtai_analysis.dashboards.kernel"]
    assert "{connection_file}" in spec["argv"]
    # Voilà's next waiting kernel starts after the visitor's page has loaded, not during it.
    assert f"--VoilaKernelManager.fill_delay={app.REFILL_DELAY_S}" in served.command
    assert app.REFILL_DELAY_S >= 5
    assert served.command[1:3] == ["-m", "jtai_analysis.dashboards.serve"]
