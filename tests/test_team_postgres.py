"""A team on one PostgreSQL review: the notebooks run against a server database given by
WORKBOOK_DB, two reviewers tag from their own kernels with the panel's keys, and the report
notebook and the command line see both reviewers' tags."""
from __future__ import annotations

import json

import nbformat
import pytest
from click.testing import CliRunner
from conftest import ROOT
from nbclient import NotebookClient

from workbook.cli import main
from workbook.review import db
from workbook.store import Store

pytestmark = pytest.mark.postgres
NOTEBOOKS = ROOT / "notebooks"


def run(name: str, monkeypatch, url: str, reviewer: str = "nb", extra: str | None = None, cwd=NOTEBOOKS):
    """Execute a notebook with WORKBOOK_DB=url in ``cwd``; ``extra``: a cell appended at the end."""
    monkeypatch.setenv("WORKBOOK_DB", url)
    monkeypatch.setenv("WORKBOOK_REVIEWER", reviewer)
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    if extra:
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{name}: {errors[:1]}"
    return nb


def test_two_reviewers_in_their_own_kernels_share_one_postgres_review(monkeypatch, pg_url, tmp_path):
    run("01_load.ipynb", monkeypatch, pg_url)
    # Each reviewer presses keys in their own panel: "n" (named) on the first claim for ann,
    # "s" (speculative) then "a" (anonymous) for bob (a sourcing key moves on to the next claim).
    run("02_review.ipynb", monkeypatch, pg_url, "ann", "panel.go(0)\npanel.handle_key('n')")
    run("02_review.ipynb", monkeypatch, pg_url, "bob", "panel.go(0)\npanel.handle_key('s')\npanel.go(0)\npanel.handle_key('a')")
    with Store(pg_url, create=False) as store:
        first = db.claim_ids(store)[0]
        assert db.current_tag(store, first, "ann")["tag"] == "named"
        bob = db.current_tag(store, first, "bob")
        assert bob["tag"] == "anonymous" and bob["speculative"] is True
        assert set(store.tag_events()["reviewer"]) == {"ann", "bob"}
    # A server database's report is written to the working folder: here a temporary one.
    report = run("04_report.ipynb", monkeypatch, pg_url, cwd=tmp_path)
    assert len(list(tmp_path.glob("*-report.html"))) == 1
    shown = json.dumps([c.get("outputs", []) for c in report.cells])
    assert "disputed" in shown.lower() or "disagree" in shown.lower()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["review", "agreement", "--db", pg_url])
    assert result.exit_code == 0, result.output
    assert "ann" in result.output and "bob" in result.output
