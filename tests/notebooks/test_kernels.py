"""Kernels kept between a pack's notebooks: a kernel reused by the next notebook, its namespace emptied before each
notebook (so no section can lean on another's variables), shut down at the end, replaced if it dies."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from jupyter_core.utils import run_sync

from jtai_analysis.pack.build import NotebookFailed, export_section, run_notebook
from jtai_analysis.pack.kernels import kernel_pool


def _notebook(path: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("marker = ''")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, *(nbformat.v4.new_code_cell(s) for s in sources)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)
    return path


def _last_output(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "".join(cells[-1]["outputs"][0]["text"]).strip()


def test_the_next_notebook_reuses_the_kernel_with_an_empty_namespace(tmp_path: Path) -> None:
    first = _notebook(tmp_path / "first.ipynb", "import os\nleft_over = 1\nprint(os.getpid())")
    second = _notebook(
        tmp_path / "second.ipynb", "import os\nprint(os.getpid(), 'left_over' in dir())"
    )
    clients = []
    with kernel_pool() as kernels:
        with kernels.kernel() as manager:
            made = manager.client
            manager.client = lambda **kw: clients.append(made(**kw)) or clients[-1]  # type: ignore[method-assign]
        run_notebook(first, tmp_path / "out1.ipynb", {"marker": "a"}, 60, kernels)
        run_notebook(second, tmp_path / "out2.ipynb", {"marker": "b"}, 60, kernels)
        assert kernels.size == 1  # one after the other: the second took the first's kernel
        assert run_sync(manager.is_alive)()
    # Each run's client was disconnected after it: a kept kernel gains no stale subscribers.
    assert len(clients) >= 2 and not any(c.channels_running for c in clients)
    pid_first = _last_output(tmp_path / "out1.ipynb")
    assert (
        _last_output(tmp_path / "out2.ipynb") == f"{pid_first} False"
    )  # same kernel, no leftovers
    assert not manager.has_kernel  # shut down on leaving the pool
    # The reset cell is kept in the executed notebook (what ran) but never reaches a reader.
    assert "reset" not in export_section(tmp_path / "out2.ipynb").body


def test_a_kernel_that_died_is_replaced(tmp_path: Path) -> None:
    dies = _notebook(tmp_path / "dies.ipynb", "import os\nos._exit(1)")
    lives = _notebook(tmp_path / "lives.ipynb", "print('alive')")
    with kernel_pool() as kernels:
        with pytest.raises(NotebookFailed):
            run_notebook(dies, tmp_path / "out1.ipynb", {}, 60, kernels)
        run_notebook(lives, tmp_path / "out2.ipynb", {}, 60, kernels)
        assert kernels.size == 2  # the dead kernel was replaced
    assert _last_output(tmp_path / "out2.ipynb") == "alive"
