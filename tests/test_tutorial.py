"""The tutorial notebook runs end to end (real-data cells skip when the data is absent)."""

from __future__ import annotations

import pathlib

import nbclient
import nbformat
import pytest

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "docs" / "tutorial.ipynb"


class TestTutorial:
    """docs/tutorial.ipynb."""

    # Jupyter's own start-up warns about paths and transports; they say nothing about
    # the notebook, and pytest's warnings-as-errors would stop the kernel.
    @pytest.mark.filterwarnings("ignore::DeprecationWarning")
    @pytest.mark.filterwarnings("ignore::RuntimeWarning")
    @pytest.mark.filterwarnings("ignore::UserWarning")
    def test_runs(self) -> None:
        """Every cell runs without an error, within a bounded time per cell."""
        notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call, unused-ignore]
        client = nbclient.NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        client.execute()
        outputs = [
            output.get("text", "")
            for cell in notebook.cells
            if cell.cell_type == "code"
            for output in cell.outputs
        ]
        errors = [
            output
            for cell in notebook.cells
            if cell.cell_type == "code"
            for output in cell.outputs
            if output.output_type == "error"
        ]
        assert errors == []
        text = "".join(outputs)
        assert "Sales Qualified Lead (SQL)" in text
        assert "Openingszin:" in text
