"""Every notebook in examples/notebooks runs top to bottom in a fresh kernel, so they never rot.

Each notebook runs with nbclient in an ipykernel started on this interpreter (the project's
virtual environment), whatever kernels are installed elsewhere: no kernel spec is registered
or looked up. Matplotlib draws with the Agg backend (``MPLBACKEND`` is set for the kernel,
never inside a notebook), and notebooks are stored without outputs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import default

NOTEBOOK_DIR = Path(__file__).parents[1] / "examples" / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
#: Seconds a single cell may take; a whole notebook takes well under two minutes on 2 cores.
CELL_TIMEOUT = 300

_CHECK_INTERPRETER = "import sys\nprint(sys.prefix)"


class _ThisInterpreter(KernelSpecManager):
    """Kernel specs that always start ipykernel on ``sys.executable``."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            name=kernel_name,
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"Python ({sys.prefix})",
            language="python",
        )


class _KernelManager(AsyncKernelManager):
    """nbclient's kernel manager, with kernels always started on this interpreter."""

    @default("kernel_spec_manager")
    def _this_interpreter(self) -> KernelSpecManager:
        return _ThisInterpreter()


def _read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def test_the_notebooks_are_there() -> None:
    assert {p.name for p in NOTEBOOKS} >= {
        "01_first_scenario.ipynb",
        "02_stipend_policies.ipynb",
        "03_national_sweep.ipynb",
    }
    assert (NOTEBOOK_DIR / "README.md").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = _read(path)
    nbformat.validate(nb)
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {n} has stored outputs"
            assert cell.execution_count is None, f"{path.name}: cell {n} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits this environment: a headless backend, and every file the kernel,
    # IPython or the notebook writes (temporary report folders...) inside tmp_path.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))

    nb = _read(path)
    nb.cells.append(nbformat.v4.new_code_cell(_CHECK_INTERPRETER))
    # nbclient makes the kernel manager (so it also shuts the kernel down at the end).
    client = NotebookClient(
        nb,
        kernel_name="python3",
        kernel_manager_class=_KernelManager,
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started

    errors = [
        (n, output.get("ename"), output.get("evalue"))
        for n, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    printed = "".join(
        output.get("text", "") for output in nb.cells[-1].outputs if output.output_type == "stream"
    )
    assert printed.strip() == sys.prefix, "the notebook ran on another interpreter"
    print(f"{path.name}: {elapsed:.1f} s")
