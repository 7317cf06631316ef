"""The notebooks run top to bottom, so they never rot."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path):
    notebook = nbformat.read(path, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), "commit without outputs"
    NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_notebook_02_reads_the_users_file_with_their_mapping(tmp_path):
    """Cell 1 pointed at a file with other column names: every later cell reads it through COLUMNS."""
    import pandas as pd

    path = ROOT / "notebooks" / "02-compare-a-new-finding.ipynb"
    theirs = {"finding_id": "Debris ID", "component_id": "Item", "manufacturer": "Maker", "date_code": "DC"}
    data = pd.read_csv(ROOT / "datasets/findings/synthetic-new-finding-2025.csv", dtype=str, keep_default_na=False)
    data.assign(finding_id="field-team-2025").rename(columns=theirs).to_csv(tmp_path / "mine.csv", index=False)
    notebook = nbformat.read(path, as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    first.source = first.source.replace(
        'NEW = datasets.path("synthetic-new-finding-2025")', f"NEW = {str(tmp_path / 'mine.csv')!r}"
    ).replace("COLUMNS = None", f"COLUMNS = { {name: ours for ours, name in theirs.items()}!r}")
    assert "mine.csv" in first.source and "Debris ID" in first.source
    NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "200 parts in field-team-2025 against 494 in 2 documented findings." in text  # both shipped ones
