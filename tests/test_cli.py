"""The CLI: a thin layer, exercised as a user would run it."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from conftest import DATA, ROOT, SEED, require_corpora
from workbook.cli import main
from workbook.store import Store


def run(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    run("load", DATA, "--db", path)
    return path


def test_load_reports_counts_and_reload_changes_nothing(tmp_path):
    path = tmp_path / "w.db"
    first = run("load", DATA, "--db", path)
    assert re.search(r"1 articles loaded \(0 unchanged\), \d+ claim rows", first.output)
    second = run("load", DATA, "--db", path)
    assert "(1 unchanged), 0 claim rows" in second.output
    with Store(path) as s:
        assert len(s.articles()) == 1


def test_table_formats(db, tmp_path):
    out = tmp_path / "t.csv"
    run("table", "--db", db, "--format", "csv", "-o", out)
    frame = pd.read_csv(out)
    assert {"claim_id", "claim", "source", "cue", "suggested", "speculative", "via_outlet"} <= set(frame.columns)
    assert (frame["outlet"] == "Aletho News").all() and (frame["original_outlet"] == "Eurasianet").all()
    rows = json.loads(run("table", "--db", db, "--format", "json").output)
    assert isinstance(rows, list) and len(rows) == len(frame) and isinstance(rows[0], dict)
    text = SEED.read_text(encoding="utf-8")
    for row in rows:
        assert text[row["claim_start"]:row["claim_end"]] == row["claim"]
    page = lxml_html.fromstring(run("table", "--db", db, "--format", "html").output)
    assert len(page.xpath("//tbody/tr")) == len(frame)


def test_articles_with_propagation_and_text(db):
    (row,) = json.loads(run("articles", "--db", db, "--format", "json", "--text").output)
    assert row["outlet"] == "Aletho News" and row["original_outlet"] == "Eurasianet"
    assert row["author"] == "Joshua Kucera" and row["published"] == "2012-09-30"
    assert row["words"] > 300 and row["text"].startswith("Aletho News")
    kinds = {(p["kind"], p["outlet"]) for p in row["propagation"]}
    assert ("reblogs", "Dogma and Geopolitics") in kinds and ("links_to", "Tea with a Pirate") in kinds
    frame = pd.read_csv(__import__("io").StringIO(run("articles", "--db", db).output))
    assert "text" not in frame.columns and "Tea with a Pirate" in frame["propagation"][0]


def test_bad_file_is_one_line_the_rest_loads_and_exit_code_says_so(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(main, ["load", str(bad), str(SEED), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert lines == [f"error: {bad}: binary file, not text"]
    assert "1 articles loaded" in result.output


def test_force_reextraction_keeps_tags(db):
    with Store(db) as s:
        claim_id = s.claims()["claim_id"][0]
        s.record_tag(claim_id, "ana", "outlet", "FP reported it")
    run("load", DATA, "--db", db, "--force")
    with Store(db) as s:
        assert claim_id in set(s.claims()["claim_id"])
        assert s.tags().set_index("claim_id").loc[claim_id, "tag"] == "outlet"


def test_console_script_runs_as_a_process(tmp_path):
    exe = ROOT / ".venv" / "bin" / "workbook"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "workbook.cli"]
    out = subprocess.run(cmd + ["load", str(SEED), "--db", str(tmp_path / "p.db")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "1 articles loaded" in out.stdout


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    def walk(group, prefix):
        for name, cmd in group.commands.items():
            full = f"{prefix} {name}"
            if hasattr(cmd, "commands"):
                yield from walk(cmd, full)
            else:
                yield full
    missing = [c for c in walk(main, "workbook") if c not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_eval_commands_run_on_the_corpora():
    polnear = require_corpora("polnear-train")
    out = run("eval", "attributions", polnear, "--limit", "3").output
    assert re.search(r"F1", out)
    spec = require_corpora("speculation", "wikiweasel_train.csv")
    assert "F1" in run("eval", "speculation", spec).output
