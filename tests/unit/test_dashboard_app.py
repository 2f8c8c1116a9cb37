"""How `jtai dashboard` serves the notebooks: parameters injected, offline page template, local
sockets, token, pre-heated kernels, no ping warning; a pack's folder gives its own parameters."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from jtai_analysis.dashboards import app, rerun_note

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
    assert request.data_paths == ("/data/a.xlsx",) and request.area_name == "Pack Area"
    assert request.reference_date == dt.date(2026, 11, 10) and request.seed == 3
    assert request.lock == ("X",) and request.suppress_below == 5


def test_a_notebook_reopened_without_a_kernel_says_in_words_to_run_it_again() -> None:
    note = rerun_note.rerun_note_html()
    assert "Run > Run All Cells" in note.replace("&gt;", ">")
    # the bare "model not found" text of dead widgets in the note's cells is hidden
    assert ".jp-Cell:has(.jtai-rerun-note) .jp-OutputArea-output.jupyter-widgets" in note
    # and while the kernel runs, the controls hide the note
    assert ".jtai-rerun-note{display:none" in rerun_note.live_style().value


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "Give either --data"),
        (["--data", "x", "--pack", "y"], "Give either --data"),
        (["--pack", "."], "holds no provenance.json"),
    ],
)
def test_the_command_refuses_in_one_sentence(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from jtai_analysis.cli.main import main

    assert main(["dashboard", *arguments]) == 2
    error = capsys.readouterr().err.strip()
    assert message in error and "Traceback" not in error and error.count("\n") == 0


def test_a_chart_under_the_web_app_leaves_plotly_js_to_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import plotly.graph_objects as go

    from jtai_analysis.dashboards.plotly_widget import PlotlyChart

    monkeypatch.setenv(app.PLOTLY_JS_URL_VARIABLE, "/voila/templates/jtai/static/plotly.js?v=1")
    chart = PlotlyChart(go.Figure(go.Bar(x=["a"], y=[1])))
    assert chart.plotly_url.endswith("plotly.js?v=1") and chart.plotly_js == ""


def test_the_grid_sends_its_rows_and_leaves_its_module_to_the_first_draw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import polars as pl

    from jtai_analysis.dashboards.grid_widget import Grid

    grid = Grid(pl.DataFrame({"Child ID": ["A", "B"]}), pageLength=25)
    assert len(grid._esm) < 4_000 and "import(" in grid._esm  # itables' module comes at a draw
    assert "IntersectionObserver" in grid._esm  # and the grid is built when in sight
    assert "DataTable" in grid.module_source and grid.module_url == ""
    grid.update(pl.DataFrame({"Child ID": ["C"]}))
    assert json.loads(grid._dt_args["data_json"]) == [["C"]]
    monkeypatch.setenv(app.ITABLES_JS_URL_VARIABLE, "/voila/templates/jtai/static/itables.js")
    served = Grid(pl.DataFrame({"Child ID": ["A"]}))
    assert served.module_url.endswith("itables.js") and served.module_source == ""


def test_a_chart_sends_its_figure_and_hears_clicks() -> None:
    import plotly.graph_objects as go

    from jtai_analysis.dashboards.plotly_widget import PlotlyChart

    chart = PlotlyChart(go.Figure(go.Bar(x=["a", "b"], y=[3, 4])))
    assert chart.traces[0]["y"] == [3, 4] and chart.plot_layout["template"]
    assert "Plotly" in chart.plotly_js[:2000] and len(chart.plotly_js) > 1_000_000
    assert "import(" not in chart._esm  # plotly.js never fetched; the module itself stays small
    heard: list[tuple[int, int]] = []
    chart.on_click(lambda trace, point: heard.append((trace, point)))
    chart.click = {"trace": 0, "point": 1, "at": 5}
    chart.show(go.Figure(go.Bar(x=["c"], y=[9])))
    assert heard == [(0, 1)] and chart.traces[0]["x"] == ["c"]


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


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no nice values on this system")
def test_a_dashboard_kernel_lowers_its_own_and_its_sessions_priority(tmp_path: Path) -> None:
    from jtai_analysis.dashboards import kernel

    probe = (
        "import os; from jtai_analysis.dashboards.kernel import lower_priority; "
        "lower_priority(); print(os.nice(0)); "
        "g = '/proc/self/autogroup'; print(open(g).read() if os.path.exists(g) else 'nice 10')"
    )
    # Jupyter starts each kernel in a session of its own, as here.
    shown = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
    ).stdout.split("\n")
    assert int(shown[0]) >= kernel.NICENESS
    assert shown[1].strip().endswith(f"nice {kernel.NICENESS}")


def test_the_served_pages_templates_are_compiled_once_per_server() -> None:
    import jinja2

    from jtai_analysis.dashboards.serve import CompiledTemplates

    cache = CompiledTemplates()
    loader = jinja2.DictLoader({"page.j2": "Hello {{ name }}"})
    compiled = []

    class Counting(jinja2.Environment):
        def _compile(self, source: str, filename: str):  # type: ignore[no-untyped-def]
            compiled.append(filename)
            return super()._compile(source, filename)

    for is_async in (False, False, True, True):
        environment = Counting(loader=loader, enable_async=is_async, bytecode_cache=cache)
        template = environment.get_template("page.j2")
        shown = (
            asyncio.run(template.render_async(name="you"))
            if is_async
            else template.render(name="you")
        )
        assert shown == "Hello you"
    assert len(compiled) == 2  # once plain, once async: new environments reuse the code
    changed = Counting(
        loader=jinja2.DictLoader({"page.j2": "Bye {{ name }}"}), bytecode_cache=cache
    )
    assert changed.get_template("page.j2").render(name="you") == "Bye you"  # a changed source


def test_voila_is_started_with_the_shared_template_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from nbconvert.exporters import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    from jtai_analysis.dashboards.serve import CompiledTemplates, share_compiled_templates

    # put back as it was after the test
    monkeypatch.setattr(
        TemplateExporter, "_create_environment", TemplateExporter._create_environment
    )
    shared = share_compiled_templates()
    assert share_compiled_templates(CompiledTemplates()) is shared  # a second call changes nothing
    assert HTMLExporter().environment.bytecode_cache is shared
    assert HTMLExporter().from_notebook_node(nbformat.v4.new_notebook())[0].startswith("<!DOCTYPE")
