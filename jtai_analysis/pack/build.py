"""Build the briefing pack: run the numbered notebooks through papermill, export them without code,
stitch them into one self-contained HTML file and publish it atomically.

A run builds everything in a staging folder beside ``out_dir`` and only then swaps it into place
as a whole (:mod:`jtai_analysis.pack.publish`), so a failed run leaves the previous pack exactly as
it was and a successful one leaves nothing of the previous pack behind. One run at a time builds
into a folder; a run stopped (Ctrl-C, SIGTERM) or out of room leaves no staging folder, no
temporary folder and no kernel behind.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import nbformat
import polars as pl
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pydantic.dataclasses import dataclass as pydantic_dataclass

from jtai_analysis import __version__
from jtai_analysis.analysis.cohort_profile import missing_lists, submission_summary
from jtai_analysis.analysis.indicators import by_group_from, table_from, write_by_group_csv
from jtai_analysis.analysis.indicators import write_csv as write_indicators
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.out_of_room import is_out_of_room
from jtai_analysis.common.paths import notebooks_dir, templates_dir
from jtai_analysis.common.private_files import owner_only
from jtai_analysis.common.run_options import OPTIONS_CONFIG, RunOptions
from jtai_analysis.common.spreadsheet import write_csv
from jtai_analysis.inspection.timeline import milestone_records, milestones
from jtai_analysis.inspection.timeline_ics import milestones_to_ics
from jtai_analysis.model.cache import store as store_prepared
from jtai_analysis.model.data_status import data_status_notes
from jtai_analysis.model.prepared import PreparedData, prepare
from jtai_analysis.pack.figure_rows import ROWS_FILE, marked_figures
from jtai_analysis.pack.figure_rows import payload as figure_rows_payload
from jtai_analysis.pack.kernels import (
    KERNEL_RESET_SOURCE,
    KERNEL_RESET_TAG,
    KernelPool,
    kernel_pool,
    kernel_stderr_to,
    papermill_kernel_options,
)
from jtai_analysis.pack.provenance import (
    config_record,
    contract_checksums,
    package_versions,
    recorded_command,
    sha256_of,
)
from jtai_analysis.pack.publish import (
    PACK_FILE,
    check_output_folder,
    claim_output_folder,
    discard_run,
    drop_shutdown_noise,
    keep_failed_run,
    publish,
    staging_dir,
)
from jtai_analysis.presentation.prepared_run import PreparedRun, prepare_run
from jtai_analysis.presentation.records import LEFT_OUT, RECORD_MIMETYPE, read_records
from jtai_analysis.presentation.tables import html_table
from jtai_analysis.privacy.pseudonyms import (
    Pseudonymiser,
    check_key,
    pseudonymise_choices,
    pseudonymise_data,
)
from jtai_analysis.sampling.exports import SampleChoices, write_sample_files
from jtai_analysis.validation.report import payload, write_payload, write_quarantine
from jtai_analysis.validation.results import ValidationResult

log = logging.getLogger("jtai.pack")
__all__ = [
    "PACK_FILE",
    "NotebookFailed",
    "PackRequest",
    "build_pack",
    "notebook_sources",
    "run_notebook",
]
DEFAULT_CELL_TIMEOUT_S = 1200


class NotebookFailed(Exception):
    """A notebook raised, its kernel died or a cell timed out. Says which notebook and cell."""

    def __init__(self, notebook: str, cell: int | None, reason: str):
        self.notebook, self.cell, self.reason = notebook, cell, reason
        where = f"{notebook}, cell {cell}" if cell is not None else notebook
        super().__init__(f"{where} failed: {reason}")


class OutOfRoom(OSError):
    """The disk (or a file-size limit) filled while the pack was written; nothing was published."""


@pydantic_dataclass(frozen=True, config=OPTIONS_CONFIG)
class PackRequest(RunOptions):
    """Everything a pack run depends on (the same request gives the same pack): the run's options,
    and the notebooks that make its sections. Child IDs become keyed pseudonyms when
    ``pseudonym_key`` is set; ``config_file`` is the --config file the run came from, recorded in
    provenance."""

    notebooks: tuple[Path, ...] = field(default_factory=lambda: tuple(notebook_sources()))
    cell_timeout_s: int = DEFAULT_CELL_TIMEOUT_S
    config_file: Path | None = None


@dataclass(frozen=True)
class Section:
    """One exported notebook: its title, anchor and HTML body (no code); ``left_out`` says why a
    section with nothing to say is left out of the pack (its contents say so instead)."""

    title: str
    anchor: str
    body: str
    left_out: str = ""


def notebook_sources() -> list[Path]:
    """The numbered notebooks (``NN_topic.ipynb``) in run order."""
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def run_notebook(
    source: Path,
    output: Path,
    parameters: dict[str, object],
    timeout_s: int,
    kernels: KernelPool | None = None,
) -> None:
    """Execute one notebook with papermill; raise :class:`NotebookFailed` on any failure.

    With ``kernels``, the notebook runs on an idle kernel of the pool (its namespace emptied first,
    see :data:`~jtai_analysis.pack.kernels.KERNEL_RESET_SOURCE`); without, on a kernel of its own.
    """
    if kernels is None:
        _execute(source, output, parameters, timeout_s, None)
        return
    with kernels.kernel() as manager:
        try:
            _execute(source, output, parameters, timeout_s, manager)
        finally:
            manager.stop_clients()


def _execute(
    source: Path, output: Path, parameters: dict[str, object], timeout_s: int, manager: Any
) -> None:
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    notebook: str | nbformat.NotebookNode = str(source)
    reuse: dict[str, object] = {}
    if manager is not None:
        reset = nbformat.v4.new_code_cell(KERNEL_RESET_SOURCE)
        reset.metadata["tags"] = [KERNEL_RESET_TAG]
        with_reset = nbformat.read(source, as_version=4)
        with_reset.cells.insert(0, reset)
        notebook, reuse = with_reset, {"km": manager}
    try:
        papermill.execute_notebook(
            notebook,
            str(output),
            parameters=parameters,
            # No cwd: papermill would chdir the whole process around each run, which races when
            # notebooks run in parallel threads. Every path a notebook gets from the pack is absolute.
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,  # one save at the end: much faster for chart-heavy notebooks
            execution_timeout=timeout_s,
            **papermill_kernel_options(),
            **reuse,
        )
    except PapermillExecutionError as error:
        raise NotebookFailed(
            source.name, error.cell_index, f"{error.ename}: {error.evalue}"
        ) from error
    except DeadKernelError as error:
        raise NotebookFailed(
            source.name, None, "the notebook's kernel died (often: out of memory)"
        ) from error
    except CellTimeoutError as error:
        raise NotebookFailed(source.name, None, f"a cell ran longer than {timeout_s} s") from error
    except (
        Exception
    ) as error:  # papermill/nbclient refusing the notebook itself (bad JSON, no kernel, ...)
        raise NotebookFailed(source.name, None, f"{type(error).__name__}: {error}") from error


def _strip_for_export(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what a reader must not see: stderr, warnings, widget state and the plotly JSON copy."""
    notebook.metadata.pop("widgets", None)
    notebook.cells = [
        cell for cell in notebook.cells if KERNEL_RESET_TAG not in cell.metadata.get("tags", [])
    ]
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            data = output.get("data")
            if data is not None and RECORD_MIMETYPE in data:
                continue  # figures recorded for tests and scheduled runs, not for readers
            if data is not None:
                data.pop("application/vnd.plotly.v1+json", None)
                data.pop("application/vnd.jupyter.widget-view+json", None)
            kept.append(output)
        cell["outputs"] = kept
    return notebook


@functools.cache
def _section_exporter() -> Any:
    """One exporter per process: each new exporter compiles nbconvert's Jinja templates again,
    which cost more than exporting the notebooks themselves (0.7 s a section, measured)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def export_section(executed: Path) -> Section:
    """Export an executed notebook to an HTML fragment without code or prompts; a notebook that
    recorded :data:`~jtai_analysis.presentation.records.LEFT_OUT` is a section left out, with
    its reason and no body."""
    left_out = read_records(executed).get(LEFT_OUT) or ""
    notebook = _strip_for_export(nbformat.read(executed, as_version=4))
    body, _ = _section_exporter().from_notebook_node(notebook)
    heading = re.search(r'<h2[^>]*id="([^"]+)"[^>]*>(.*?)</h2>', body, flags=re.S)
    if heading:
        anchor, title = (
            heading.group(1),
            re.sub(r"<[^>]+>", "", heading.group(2)).replace("¶", "").strip(),
        )
    else:
        anchor, title = executed.stem, executed.stem.replace("_", " ")
    if left_out:
        return Section(title=html.unescape(title), anchor=anchor, body="", left_out=str(left_out))
    return Section(title=html.unescape(title), anchor=anchor, body=body)


def figure_rows_script(sections: list[Section], figures: Any) -> str:
    """The rows behind every figure the sections mark, as the page carries them (JSON made safe
    to sit inside a script element)."""
    marked = [pair for s in sections for pair in marked_figures(s.body)]
    carried = figure_rows_payload(figures, marked) if figures is not None else "{}"
    return carried.replace("</", "<\\/")


def render_pack(
    request: PackRequest,
    sections: list[Section],
    status_html: str,
    notes: list[dict[str, str]],
    built_at: str,
    figures: Any = None,
) -> str:
    """The single self-contained HTML file: cover, data status, contents and sections, plotly.js
    once, and the children behind every figure (opened with one click)."""
    from plotly.offline import get_plotlyjs

    environment = Environment(
        loader=FileSystemLoader(templates_dir()), autoescape=select_autoescape(["j2"])
    )
    template = environment.get_template("pack.html.j2")
    return template.render(
        title=f"{request.area_name}: JTAI briefing pack",
        classification="Official-sensitive: for the inspection team",
        version=__version__,
        css=Markup((templates_dir() / "pack.css").read_text(encoding="utf-8")),
        plotly_js=Markup(get_plotlyjs()),
        notification_date=f"{request.notification_date:%d %B %Y}",
        reference_date=f"{request.reference_date:%d %B %Y}",
        built_at=built_at,
        status_table=Markup(status_html),
        notes=notes,
        sections=[
            {"title": s.title, "anchor": s.anchor, "body": Markup(s.body)}
            for s in sections
            if not s.left_out
        ],
        left_out=[{"title": s.title, "reason": s.left_out} for s in sections if s.left_out],
        figure_rows=Markup(figure_rows_script(sections, figures)),
        figure_rows_js=Markup((templates_dir() / "figure_rows.js").read_text(encoding="utf-8")),
    )


def child_id_headers() -> set[str]:
    """Every accepted header of a child ID column, folded (findings name columns by header)."""
    catalogue = load_catalogue()
    return {
        header
        for contract in catalogue.lists.values()
        for column in contract.columns
        if column.type == "id"
        for header in column.accepted_headers()
    }


def _notes(data: PreparedData) -> list[dict[str, str]]:
    """Plain notices for the cover: the reference date and the window, children whose details
    differ between rows, lists not yet received, sheets not analysed."""
    notes = data_status_notes(data) + [
        {"kind": "warning", "text": f"Not yet received: {label}."} for label in missing_lists(data)
    ]
    for skipped in data.skipped:
        kind = "info" if skipped["out_of_scope"] else "warning"
        notes.append(
            {
                "kind": kind,
                "text": f"{skipped['file']} › {skipped['sheet']}: {skipped['reason']}; not analysed.",
            }
        )
    return notes


def _as_of_date(as_of: str) -> dt.date | None:
    """The day statuses are judged on (blank: today)."""
    return dt.datetime.fromisoformat(as_of).date() if as_of else None


def _write_figure_outputs(staging: Path, run: PreparedRun) -> None:
    """Every figure and the rows behind each (``figures.csv``, ``figure_rows.parquet``), and the
    indicators, which are views of them (``indicators.csv``, ``indicators_by_group.csv``)."""
    run.figures.write_figures_csv(staging / "figures.csv")
    run.figures.write_rows_file(staging / ROWS_FILE)
    write_indicators(table_from(run.figures), staging / "indicators.csv")
    write_by_group_csv(by_group_from(run.figures), staging / "indicators_by_group.csv")


def _write_outputs(
    staging: Path,
    request: PackRequest,
    run: PreparedRun,
    result: ValidationResult,
    pseudonymiser: Pseudonymiser | None,
) -> None:
    """The machine-readable outputs of ``interfaces.md`` beside the pack (IDs pseudonymised if asked)."""
    data = run.data
    content = payload(
        run.reference_date,
        data.reconciliation,
        data.findings,
        data.skipped,
        data.reference_source,
        data.outside_window,
    )
    write_payload(content, staging / "validation.json")
    write_quarantine(result, staging / "quarantine", pseudonymiser.frame if pseudonymiser else None)
    if run.sample is not None:  # chosen once for the run; the sampling section says why if not
        write_sample_files(
            staging / "sample",
            data,
            run.reference_date,
            request.seed,
            SampleChoices(request.lock, request.exclude, request.lock_6, request.exclude_6),
            run.notification_date,
            _as_of_date(request.as_of),
            sample=run.sample,
            cohort=run.cohort,
        )
    elif data.has("nominations"):
        log.warning("No sample written: %s", run.sample_note)
    rows = milestones(run.notification_date)
    write_csv(milestone_records(run.notification_date), staging / "timeline.csv")
    (staging / "timeline.ics").write_bytes(milestones_to_ics(rows, run.notification_date))


def _prepare_run(
    request: PackRequest, data: PreparedData, folder: Path, say: Callable[[str], None]
) -> PreparedRun:
    """The run every notebook reads, built once: the options, the cohort, the 20 and the 6, and
    every figure with its rows; kept in ``folder`` (the notebooks' ``run_dir``)."""
    say("Computing every figure once (cohort, sample, figures and the rows behind them)")
    run = prepare_run(data, request)
    run.write(folder)
    return run


def _run_notebooks(
    request: PackRequest,
    folder: Path,
    parameters: dict[str, object],
    say: Callable[[str], None],
    kernels: KernelPool,
) -> list[Path]:
    """Run the notebooks, as many at once as there are cores (at most 2: each has its own kernel).

    The notebooks only read the prepared data, so their order of running does not matter; the
    pack keeps their numbered order. The first failure is raised once the others have finished.
    """
    targets = [folder / source.name for source in request.notebooks]
    workers = max(1, min(2, os.cpu_count() or 1, len(targets)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = []
        for number, (source, target) in enumerate(
            zip(request.notebooks, targets, strict=True), start=1
        ):
            say(f"[{number}/{len(targets)}] running {source.name}")
            futures.append(
                pool.submit(
                    run_notebook, source, target, parameters, request.cell_timeout_s, kernels
                )
            )
        try:
            for future in futures:
                future.result()
        except BaseException as error:
            if not isinstance(error, Exception):  # stopped: end the running notebooks now
                for future in futures:
                    future.cancel()
                # Their "Kernel died" errors are the stop itself, not news for the user.
                logging.getLogger("papermill").disabled = True
                kernels.kill()
            raise
    return targets


def build_pack(
    request: PackRequest,
    progress: Callable[[str], None] = print,
    kernels: KernelPool | None = None,
    gx_runner: Any = None,
) -> Path:
    """Build and publish the pack; return the path of ``briefing-pack.html``.

    Everything the run writes (kernels included) is created owner-only (files 600, folders 700).
    A caller that builds many packs (a batch worker) passes ``kernels`` and ``gx_runner`` to keep
    its notebook kernels and its Great Expectations context between them; without them the pack
    starts its own and shuts its kernels down at the end.
    """
    with owner_only(), claim_output_folder(_out_dir(request)):
        if kernels is not None:
            return _build_pack(request, progress, kernels, gx_runner)
        with kernel_pool() as own_kernels:
            return _build_pack(request, progress, own_kernels, gx_runner)


def _out_dir(request: PackRequest) -> Path:
    """Where the pack is published (a request without one is a programming error)."""
    if request.out_dir is None:
        raise ValueError("A pack request needs out_dir, the folder the pack is published in.")
    return request.out_dir.resolve()


def _run_log(path: Path) -> logging.FileHandler:
    """The run's log file. A full disk must not add a "Logging error" traceback to the one
    sentence the user is given, so a line that cannot be written is dropped."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.handleError = lambda record: None  # type: ignore[method-assign]
    return handler


def _end_unpublished_run(
    error: BaseException, staging: Path, out_dir: Path, handler: logging.Handler
) -> None:
    """Deal with a run that ends before publishing; the previous pack is untouched either way.

    A failure keeps the run beside the pack as ``.NAME.failed-run/`` with its log (the traceback
    goes there; the user sees one sentence pointing to it). A stopped run (Ctrl-C, SIGTERM) or one
    that ran out of room is deleted: there is nothing to inspect, and no room to keep it.
    Raises :class:`OutOfRoom` in place of the error behind a full disk.
    """
    is_failure = isinstance(error, Exception) and not is_out_of_room(error)
    if is_failure:
        log.exception("Run failed: %s", error)
    log.removeHandler(handler)
    handler.close()
    if is_failure:
        failed = keep_failed_run(staging, out_dir)
        error.add_note(f"The failed run and its log are kept in {failed / 'run.log'}.")
        return
    discard_run(staging)
    if isinstance(error, Exception):
        raise OutOfRoom(
            f"There was no room to write the pack for {out_dir} (the disk, or a limit on file "
            "size, is full); nothing was published and the previous pack was left as it was."
        ) from error


def _build_pack(
    request: PackRequest, progress: Callable[[str], None], kernels: KernelPool, gx_runner: Any
) -> Path:
    """Build and publish the pack; return the path of ``briefing-pack.html``.

    Validates the data once (the notebooks read the valid rows from a prepared folder), runs every
    notebook, writes the pack and the machine-readable outputs in a staging folder, then publishes.
    Raises ``UnusableInputError`` (nothing readable) or :class:`NotebookFailed` (the previous pack is
    left untouched and the failed run is kept beside it as ``.NAME.failed-run`` for inspection).
    """
    started = time.time()
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    given_ids = (*request.lock, *request.exclude, *request.lock_6, *request.exclude_6)
    out_dir = _out_dir(request)
    check_output_folder(out_dir, request.data_paths)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_dir(out_dir)
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "notebooks").mkdir(parents=True)
    handler = _run_log(staging / "run.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def say(message: str) -> None:
        log.info(message)
        progress(message)

    try:
        with tempfile.TemporaryDirectory(prefix="jtai-prepared-") as work:
            say(f"Reading and checking the data for {request.area_name}")
            data, result = prepare(
                [p.resolve() for p in request.data_paths],
                request.reference_date,
                gx_runner,
                fallback=request.notification_date,
            )
            request = replace(request, reference_date=data.reference_date)
            for note in data_status_notes(data):  # the reference date, the window, child details
                say(note["text"])
            store_prepared(data, list(request.data_paths), data.reference_date)  # for dashboards
            pseudonymiser = None
            if request.pseudonym_key:
                say("Replacing child IDs with keyed pseudonyms")
                pseudonymiser = Pseudonymiser(check_key(request.pseudonym_key))
                data = pseudonymise_data(data, pseudonymiser, child_id_headers())
                # Locks and exclusions are given as real IDs: mapped before any use or record.
                request = pseudonymise_choices(request, pseudonymiser)
            totals = data.reconciliation.select(
                pl.col("rows_in", "rows_valid", "rows_quarantined").sum()
            ).row(0)
            say(
                f"{len(data.files)} file(s): {totals[0] or 0:,} rows in, {totals[1] or 0:,} valid, {totals[2] or 0:,} quarantined"
            )
            run = _prepare_run(request, data, Path(work), say)
            parameters: dict[str, object] = {"run_dir": work}
            # the figures' files (a few million rows on a large area) are written while the
            # notebooks run: the kernels are other processes, and polars writes without the GIL
            with ThreadPoolExecutor(max_workers=1) as writer:
                figure_files = writer.submit(_write_figure_outputs, staging, run)
                with kernel_stderr_to(staging / "kernels.log"):
                    executed = _run_notebooks(
                        request, staging / "notebooks", parameters, say, kernels
                    )
                figure_files.result()
        say("Exporting the notebooks to one HTML file")
        sections = [export_section(path) for path in executed]
        built_at = f"{started_at:%d %B %Y %H:%M} UTC"
        summary = html_table(submission_summary(data), "What the pack was built from")
        pack_path = staging / PACK_FILE
        pack_path.write_text(
            render_pack(request, sections, summary, _notes(data), built_at, run.figures),
            encoding="utf-8",
        )
        _write_outputs(staging, request, run, result, pseudonymiser)
        provenance = {
            "inputs": [
                {"path": p, "bytes": Path(p).stat().st_size, "sha256": sha256_of(Path(p))}
                for p in data.files
            ],
            "parameters": request.notebook_parameters(),
            "config": config_record(request.config_file),
            "contracts": contract_checksums(),
            "notebooks": [p.name for p in request.notebooks],
            "versions": package_versions(),
            "started": started_at.isoformat(),
            "ended": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "seconds": round(time.time() - started, 1),
            "command": recorded_command(sys.argv, given_ids if pseudonymiser else ()),
        }
        (staging / "provenance.json").write_text(
            json.dumps(provenance, indent=2) + "\n", encoding="utf-8"
        )
        say(
            f"Pack written: {pack_path.stat().st_size / 1e6:.1f} MB in {time.time() - started:.0f} s"
        )
    except BaseException as error:
        _end_unpublished_run(error, staging, out_dir, handler)
        raise
    log.removeHandler(handler)
    handler.close()
    try:
        drop_shutdown_noise(staging / "kernels.log")
        publish(staging, out_dir, request.data_paths)
    except BaseException:
        discard_run(staging)  # stopped before the swap (after it, there is no staging left)
        raise
    return out_dir / PACK_FILE
