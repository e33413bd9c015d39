"""notebooks/03_graph.ipynb runs top to bottom with nbclient on data/ (loading it when the
database is empty) and shows the claim groups, the drawings and the exports."""
from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "03_graph.ipynb"


def test_graph_notebook_runs_on_data(tmp_path, monkeypatch):
    db = tmp_path / "nb.db"
    monkeypatch.setenv("WORKBOOK_DB", str(db))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                     for c in nb.cells for o in c.get("outputs", []))
    assert "1 articles loaded" in text  # the empty database was filled from data/
    assert "Foreign Policy" in text and "Reuters" in text
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 5  # matrix, propagation tree, outlet graph, sourcing bars, timeline
    html = "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "share_document" in text + html  # the sourcing table counts documents too
    assert "why" in text + html  # the groups table says why its origins are what they are
    widgets = [o for c in nb.cells for o in c.get("outputs", [])
               if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets  # the group review panel
    for name in ("graph.graphml", "graph.gexf", "graph-edges.csv"):
        assert (tmp_path / name).stat().st_size > 0
    assert not (ROOT / "data" / "graph.graphml").exists()
