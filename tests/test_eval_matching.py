"""The matching scores of ``workbook eval matching`` on hand-made labels."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from workbook.eval.matching import score, write_half


def test_pair_precision_counts_cross_article_pairs_and_recall_counts_outlets():
    claims = pd.DataFrame({
        "claim_id": ["a", "b", "c", "d", "e", "f", "g"],
        "article_id": ["1", "2", "2", "3", "4", "5", "6"],
        "outlet": ["X", "Y", "Y", "Z", "X", "Y", "Z"],
        "subtopic": ["s1", "s1", "s1", "s2", "s3", "s3", "s3"],
    })
    groups = pd.DataFrame({"claim_id": list("abcdefg"), "group_id": ["g1", "g1", "g1", "g1", "g2", "g3", "g4"]})
    r = score(claims, groups)
    # g1: pairs a-b, a-c, a-d, b-d, c-d cross articles (b-c share article 2); a-b, a-c same subtopic
    assert r["cross_pairs"] == 5 and r["pair_precision"] == pytest.approx(2 / 5)
    assert r["mixed_groups"] == 1 and r["groups"] == 1
    # s1 (X, Y, Y) has two outlets, not three; s3 has three outlets but no group across them
    assert r["subtopics"] == 1 and r["subtopic_recall"] == 0.0
    groups.loc[groups["claim_id"].isin(["e", "f"]), "group_id"] = "g2"
    assert score(claims, groups)["subtopic_recall"] == 1.0


def test_halves_split_topics_by_parity(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"topic": t, "subtopic": f"{t}ecb", "text": "x"}) + "\n" for t in (1, 2, 3)))
    assert write_half(docs, "tuning", tmp_path / "t.jsonl") == ["1ecb", "3ecb"]
    assert write_half(docs, "held-out", tmp_path / "h.jsonl") == ["2ecb"]
