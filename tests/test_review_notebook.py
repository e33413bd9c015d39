"""notebooks/02_review.ipynb runs top to bottom with nbclient on data/: alone, and after
01_load on the same database; tags given in between are shown when it runs again."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from workbook.review import db
from workbook.store import Store

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02_review.ipynb"


def run(path: Path, monkeypatch, database: Path, reviewer: str = "nb-tester") -> nbformat.NotebookNode:
    monkeypatch.setenv("WORKBOOK_DB", str(database))
    monkeypatch.setenv("WORKBOOK_REVIEWER", reviewer)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: {errors[:1]}"
    return nb


def text_of(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(out.get("data", {}).get("text/plain", ""))
            parts.append(out.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def test_review_notebook_runs_alone_and_shows_progress(tmp_path, monkeypatch):
    database = tmp_path / "review.db"
    nb = run(NOTEBOOK, monkeypatch, database)
    state = json.dumps(nb.metadata.get("widgets", {}))
    assert "nb-tester: 0 of" in state and "claims tagged" in state  # the live progress below the panel
    views = [o for c in nb.cells for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 2  # the panel and its live progress
    assert "wb-card" in state and "Foreign Policy" in state  # the first claim of the seed article
    with Store(database) as store:
        total = db.progress(store, "nb-tester")[1]
        assert total > 5
        first = db.claim_ids(store)[0]
        db.tag(store, first, "nb-tester", "outlet")
        db.tag(store, first, "someone-else", "named")
    nb = run(NOTEBOOK, monkeypatch, database)
    text = text_of(nb)
    assert f"nb-tester: 1 of {total} claims tagged" in json.dumps(nb.metadata.get("widgets", {}))
    assert "someone-else" in text and "Krippendorff" in text  # the agreement section sees both reviewers


def test_review_notebook_after_load_notebook(tmp_path, monkeypatch):
    load = ROOT / "notebooks" / "01_load.ipynb"
    database = tmp_path / "both.db"
    if load.exists():
        run(load, monkeypatch, database)
    text = text_of(run(NOTEBOOK, monkeypatch, database))
    assert "0 articles newly loaded, 1 already loaded" in text or not load.exists()
