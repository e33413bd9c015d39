"""Every notebook in notebooks/, executed top to bottom by nbclient, in order, on data/."""
from __future__ import annotations

import html
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def execute(path: Path, env_db: Path, timeout: int = 300) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    os.environ["WORKBOOK_DB"] = str(env_db)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(data.get("text/html", ""))
    return "\n".join(parts)


def test_there_are_notebooks_in_order():
    names = [p.name for p in NOTEBOOKS]
    assert names and names[0].startswith("01_load")
    assert names == sorted(names)


def test_all_notebooks_run_in_order_on_one_database(tmp_path):
    db = tmp_path / "notebooks.db"
    for path in NOTEBOOKS:
        nb = execute(path, db)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{path.name}: {errors[:1]}"


def test_load_notebook_shows_the_seed_table(tmp_path):
    nb = execute(ROOT / "notebooks" / "01_load.ipynb", tmp_path / "one.db")
    text = outputs_text(nb)
    assert "Aletho News" in text and "Eurasianet" in text
    assert "two Russian intelligence sources" in text
    assert "Reblogged this on Dogma and Geopolitics" in text
    assert "1 article loaded" in text
    # the claim table reads well: left-aligned, no NaN or [] clutter, long claims not cut at 120
    claims_html = nb.cells[6].outputs[0]["data"]["text/html"]
    assert "text-align: left" in claims_html
    assert ">nan<" not in claims_html.lower() and ">[]<" not in claims_html and ">None<" not in claims_html
    from workbook.store import Store

    with Store(tmp_path / "one.db") as store:
        long_claims = [c for c in store.claims()["claim"] if len(c) > 120]
    assert long_claims and all(c in html.unescape(claims_html) for c in long_claims)
    # run again: nothing changes, and the message says so instead of "0 claim rows extracted"
    text = outputs_text(execute(ROOT / "notebooks" / "01_load.ipynb", tmp_path / "one.db"))
    assert "1 article already loaded, unchanged" in text and "0 claim rows" not in text
