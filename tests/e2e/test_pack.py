"""The briefing pack end to end: papermill runs, one offline HTML file opened in headless Chromium,
atomic publishing (a failed run leaves the previous pack untouched)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from jtai_analysis.pack.build import NotebookFailed, PackRequest, build_pack, notebook_sources
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pack")]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def pack(small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "out"
    request = PackRequest((small_xlsx,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, out)
    return build_pack(request, progress=lambda _: None)


def test_pack_outputs_and_provenance(pack: Path, small_xlsx: Path) -> None:
    out = pack.parent
    assert pack.name == "briefing-pack.html" and pack.stat().st_size < 7_000_000
    provenance = json.loads((out / "provenance.json").read_text())
    assert {i["path"].rsplit("/", 1)[-1] for i in provenance["inputs"]} == {
        p.name for p in small_xlsx.glob("*.xlsx")
    }
    assert all(len(i["sha256"]) == 64 for i in provenance["inputs"])
    assert provenance["parameters"]["notification_date"] == "2026-11-16"
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == [
        p.name for p in notebook_sources()
    ]
    assert (out / "run.log").exists()
    validation = json.loads((out / "validation.json").read_text())
    for counts in validation["lists"].values():
        assert counts["rows_in"] == counts["rows_valid"] + counts["rows_quarantined"]
    assert (out / "quarantine" / "contacts.csv").exists()
    assert {
        "selected_20.csv", "selected_6.csv", "sample.xlsx", "week2_status.xlsx",
        "week2_status.csv", "meeting_links.csv", "dip_police_referrals_nfa.csv",
    } <= {p.name for p in (out / "sample").iterdir()}  # fmt: skip
    assert (out / "timeline.csv").read_text().splitlines()[0] == "milestone,title,date,time,source"
    assert b"BEGIN:VCALENDAR" in (out / "timeline.ics").read_bytes()


def _without_plotly_js(page: str) -> str:
    """The page minus the embedded plotly.js library (whose code holds URLs and numbers of its own)."""
    if '<script id="plotly-js">' not in page:
        return page
    start = page.index('<script id="plotly-js">')
    return page[:start] + page[page.index("</script>", start) :]


def test_pack_is_self_contained(pack: Path) -> None:
    page = pack.read_text(encoding="utf-8")
    assert page.count('<script id="plotly-js">') == 1  # plotly.js embedded exactly once
    page = _without_plotly_js(page)  # the rest must reference nothing outside the file
    assert page.count("<h1") == 1
    for marker in (
        'src="http',
        "src='http",
        'href="http',
        "cdn.plot.ly",
        "cdnjs",
        "unpkg.com",
        "mathjax",
    ):
        assert marker not in page.lower().replace("mathjax-", ""), marker
    assert "Allocated Worker" not in page


AXE = (
    Path(__file__).resolve().parents[2]
    / ".venv"
    / "node"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)


def _axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core (WCAG rules) in the page; the script is injected from the local npm install."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: make installs it with npm")
        pytest.skip("axe-core not installed (make installs it with npm)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


@pytest.mark.browser
def test_pack_renders_offline_in_chromium(pack: Path, record_property) -> None:  # type: ignore[no-untyped-def]
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs the Debian package")
        pytest.skip("chromium not installed (CI installs it)")
    from playwright.sync_api import sync_playwright

    leaving: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()

        def block(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                leaving.append(route.request.url)
                route.abort()

        page.route("**/*", block)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(pack.as_uri())
        expected_charts = page.locator(".jtai-figure").count()
        assert expected_charts >= 2
        page.wait_for_function(
            f"document.querySelectorAll('.jtai-figure svg.main-svg').length >= {expected_charts}",
            timeout=30_000,
        )
        assert page.locator("h1").count() == 1
        toc = page.locator("nav.toc a").all_inner_texts()
        sections = page.locator("section.pack-section h2").all_inner_texts()
        assert toc and [t.strip() for t in toc] == [s.replace("¶", "").strip() for s in sections]
        violations = _axe_violations(page)
        browser.close()
    record_property("axe_violations", len(violations))
    print(f"axe-core violations: {len(violations)} {[v['id'] for v in violations]}")
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    assert leaving == []
    assert errors == []


def _notebook(path: Path, code: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    }
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## A section"),
        nbformat.v4.new_code_cell(code),
    ]
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("raise ValueError('planted failure')", "ValueError: planted failure"),
        ("import os; os._exit(1)", "kernel died"),
    ],
)
def test_failed_run_leaves_previous_pack_untouched(
    pack: Path, small_xlsx: Path, tmp_path: Path, code: str, reason: str
) -> None:
    out = tmp_path / "published"
    shutil.copytree(pack.parent, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    failing = _notebook(tmp_path / "50_failing.ipynb", code)
    request = PackRequest(
        (small_xlsx,),
        "Test Area",
        REFERENCE_DATE,
        REFERENCE_DATE,
        out,
        notebooks=(*notebook_sources(), failing),
    )
    with pytest.raises(NotebookFailed) as raised:
        build_pack(request, progress=lambda _: None)
    assert raised.value.notebook == "50_failing.ipynb" and reason in str(raised.value)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert (tmp_path / ".published.failed-run" / "run.log").exists()


def test_names_in_the_input_never_reach_any_output(tmp_path: Path) -> None:
    """Staff names (Allocated Worker), child names and addresses in extra columns, and names typed into
    a free-text column the contracts do not know, never appear in any file the pack writes."""
    import csv

    from jtai_analysis.synth import write_submission
    from jtai_analysis.synth.rates import WORKER_FIRST_NAMES, WORKER_LAST_NAMES

    data = tmp_path / "data"
    write_submission(data, size="small", seed=31, file_format="csv")
    planted = ["Zebedee Quillfeather", "Ottoline Marchbanks", "14 Larkspur Close"]
    path = data / "list_3_referrals.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    header_index = next(i for i, row in enumerate(rows) if row and row[0].startswith("Child"))
    rows[header_index] += ["Child Name", "Home Address", "Social worker notes"]
    for row in rows[header_index + 1 :]:
        row += [planted[0], planted[2], f"Spoke to {planted[1]}"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    out = tmp_path / "pack"
    build_pack(
        PackRequest((data,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, out),
        progress=lambda _: None,
    )
    staff = [f"{first} {last}" for first in WORKER_FIRST_NAMES for last in WORKER_LAST_NAMES]
    for written in out.rglob("*"):
        if written.is_file():
            text = written.read_bytes().decode("utf-8", errors="ignore")
            for name in planted + staff:
                assert name not in text, (written.name, name)


def test_same_inputs_give_identical_indicators_and_validation(
    pack: Path, small_xlsx: Path, tmp_path: Path
) -> None:
    again = build_pack(
        PackRequest((small_xlsx,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, tmp_path / "again"),
        progress=lambda _: None,
    )
    for name in (
        "indicators.csv",
        "validation.json",
        "timeline.csv",
        "timeline.ics",
        "sample/selected_20.csv",
        "sample/selected_6.csv",
    ):
        assert (again.parent / name).read_bytes() == (pack.parent / name).read_bytes(), name


def test_pseudonymised_pack_has_no_child_ids(pack: Path, small_xlsx: Path, tmp_path: Path) -> None:
    from jtai_analysis.ingest.submission import ingest

    ids = {
        i
        for key in ("contacts", "cin", "cp", "meetings")
        for i in ingest([small_xlsx]).frame(key)["child_id"].drop_nulls().to_list()
    }
    request = PackRequest(
        (small_xlsx,),
        "Test Area",
        REFERENCE_DATE,
        REFERENCE_DATE,
        tmp_path / "p",
        pseudonym_key="a-key-of-sixteen-chars-or-more",
    )
    out = build_pack(request, progress=lambda _: None).parent
    text = "".join(
        _without_plotly_js(p.read_bytes().decode("utf-8", "ignore"))
        for p in out.rglob("*")
        if p.is_file() and p.suffix != ".ipynb"
    )
    leaked = [i for i in ids if f">{i}<" in text or f",{i}," in text or f"'{i}'" in text]
    assert leaked == []
    assert "P-" in (out / "briefing-pack.html").read_text()


def test_relative_data_paths_and_parallel_notebooks_leave_the_working_folder_alone(
    small_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notebooks run two at a time; nothing may change the process's working folder meanwhile."""
    shutil.copytree(small_xlsx, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    pack = build_pack(
        PackRequest((Path("data"),), "Test Area", REFERENCE_DATE, REFERENCE_DATE, Path("out")),
        progress=lambda _: None,
    )
    assert Path.cwd() == tmp_path and pack == (tmp_path / "out" / "briefing-pack.html")
    provenance = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert all(
        Path(i["path"]).is_absolute() and Path(i["path"]).exists() for i in provenance["inputs"]
    )


def test_pack_is_shaped_for_the_inspection_and_prints_cleanly(pack: Path) -> None:
    """Sections in the inspection's order; on paper every page is classified and numbered, the
    numbers behind each chart print once (open, without their toggle) and headings stay with
    what follows them."""
    page_text = pack.read_text(encoding="utf-8")
    assert '@top-center { content: "OFFICIAL-SENSITIVE"' in page_text
    assert 'content: "Page " counter(page) " of " counter(pages)' in page_text
    by_group = pack.parent / "indicators_by_group.csv"
    assert by_group.read_text().splitlines()[0] == (
        "indicator_id,group_by,group,value,numerator,denominator,unit"
    )
    if not CHROMIUM:
        pytest.skip("chromium not installed (CI installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else route.abort()
            ),
        )
        page.goto(pack.as_uri())
        sections = [
            s.replace("¶", "").strip()
            for s in page.locator("section.pack-section h2").all_inner_texts()
        ]
        assert sections == [
            "The submission at a glance",
            "What stands out",
            "Focus children beside the other under-8s",
            "Lines of enquiry: the children behind them",
            "How concerns arrive",
            "Practice and timeliness",
            "Unborn children and pre-birth work",
            "Under-8s not in full-time education",
            "Nominations and sampling",
            "Week 2 for the 6, and the fieldwork-week meetings",
            "Timeline and information requests",
            # "Beside the other areas" has nothing to say in a pack built for one area: left out
            "Data quality (appendix)",
        ]
        left_out = page.locator("div.left-out").inner_text()
        assert "Beside the other areas: this pack was built for one area" in left_out
        page.emulate_media(media="print")
        styles = page.evaluate(
            """() => {
                const h3 = getComputedStyle(document.querySelector('section.pack-section h3'));
                const table = document.querySelector('div.jtai-numbers table');
                return {
                    h3: h3.breakAfter,
                    panels: document.querySelectorAll('details.jtai-numbers').length,
                    table: table.getBoundingClientRect().height,
                };
            }"""
        )
        browser.close()
    # the numbers behind each chart print with it: on the page, not in a panel that may be closed
    assert styles["h3"] == "avoid" and styles["panels"] == 0 and styles["table"] > 0


def test_a_second_run_without_nominations_leaves_no_sample(
    pack: Path, small_xlsx: Path, tmp_path: Path
) -> None:
    """Publishing replaces the pack as a whole: nothing of the first run survives beside the second."""
    out = tmp_path / "published"
    shutil.copytree(pack.parent, out)  # the first run, which had nominations and so a sample/
    assert (out / "sample" / "selected_20.csv").exists()
    (out / "kernels.log").write_text("left over from an earlier run\n", encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(small_xlsx, data, ignore=shutil.ignore_patterns("jtai_nominations.xlsx"))
    build_pack(
        PackRequest((data,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, out),
        progress=lambda _: None,
    )
    assert not (out / "sample").exists()
    assert not (out / "kernels.log").exists()  # a successful run keeps no kernel shutdown noise
    assert (out / "briefing-pack.html").exists() and (out / "run.log").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "published"]  # no staging left
    provenance = json.loads((out / "provenance.json").read_text())
    assert {Path(i["path"]).name for i in provenance["inputs"]} == {
        p.name for p in small_xlsx.glob("*.xlsx") if p.name != "jtai_nominations.xlsx"
    }


def test_provenance_names_the_packages_and_contracts_behind_every_figure(
    pack: Path,
) -> None:
    import hashlib

    from jtai_analysis.common.paths import contracts_dir

    provenance = json.loads((pack.parent / "provenance.json").read_text())
    for package in ("holidays", "polars", "pandas", "great-expectations", "plotly", "papermill",
                    "nbconvert", "numpy", "pyarrow", "fastexcel", "xlsxwriter", "icalendar",
                    "ipykernel", "jupyter-client"):  # fmt: skip
        assert provenance["versions"][package] not in ("", "not installed"), package
    cp = (contracts_dir() / "cp.yml").read_bytes()
    assert provenance["contracts"]["cp.yml"] == hashlib.sha256(cp).hexdigest()
    assert "suites/cp.json" in provenance["contracts"]
    assert provenance["config"] is None  # built without --config


def test_pseudonymised_pack_maps_locks_and_leaks_no_real_child_id(
    small_xlsx: Path, tmp_path: Path
) -> None:
    """Locks and exclusions are given as real IDs; none of those, nor any other real child ID,
    appears in any output file: the page, notebooks, provenance, run.log, every CSV and .xlsx."""
    import re

    import polars as pl
    from openpyxl import load_workbook

    from jtai_analysis.ingest.submission import ingest
    from jtai_analysis.privacy.pseudonyms import pseudonym

    key = "a-key-of-sixteen-chars-or-more"
    submission = ingest([small_xlsx])
    ids = {
        str(i)
        for key in submission.parts
        for frame in [submission.frame(key)]
        if frame is not None and "child_id" in frame.columns
        for i in frame["child_id"].drop_nulls().to_list()
    }
    returned = submission.frame("candidate_info")["child_id"].to_list()
    outside = sorted(set(submission.frame("nominations")["child_id"]) - set(returned))
    request = PackRequest(
        (small_xlsx,),
        "Test Area",
        REFERENCE_DATE,
        REFERENCE_DATE,
        tmp_path / "p",
        pseudonym_key=key,
        lock=(outside[0],),
        exclude=(outside[1],),
        lock_6=(returned[0],),
        exclude_6=(returned[1],),
    )
    out = build_pack(request, progress=lambda _: None).parent
    six = pl.read_csv(out / "sample" / "selected_6.csv", infer_schema=False)["child_id"].to_list()
    mapped = pseudonym(returned[0], key.encode())
    assert mapped in six and pseudonym(returned[1], key.encode()) not in six
    texts = []
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            texts.append(
                "\n".join(
                    str(c)
                    for sheet in book
                    for row in sheet.iter_rows(values_only=True)
                    for c in row
                )
            )
        else:
            texts.append(_without_plotly_js(path.read_bytes().decode("utf-8", "ignore")))
        if path.suffix == ".csv" and path.stat().st_size:
            first = pl.read_csv(path, infer_schema=False).to_series(0).drop_nulls().to_list()
            assert not set(first) & ids, path.name
    text = "\n".join(texts)
    leaked = sorted(i for i in ids if re.search(rf"(?<![\w.-]){re.escape(i)}(?![\w.-])", text))
    assert leaked == []
    assert json.loads((out / "provenance.json").read_text())["parameters"]["lock_6"] == [mapped]
