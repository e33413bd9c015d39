"""A cue with a colon before a list, and two reported clauses in one sentence (sentences written
for these tests)."""
from __future__ import annotations

from workbook.extract import extract_text

LIST = ("The harbour master gave a long interview on Friday.\n\n"
        "In a wide-ranging interview, the harbour master also said:\n\n"
        "- The old crane must be replaced before the winter\n\n"
        "- She is confident the council will pay for the new berth\n\n"
        "- Ferry prices will not rise this year\n\n"
        "The interview was broadcast on local radio.\n")


def rows(text):
    return [(text[a.claim[0]:a.claim[1]], text[a.source[0]:a.source[1]] if a.source else None)
            for a in extract_text(text)]


def test_each_item_of_a_list_after_said_colon_is_a_claim_of_the_speaker():
    found = rows(LIST)
    items = ["The old crane must be replaced before the winter",
             "She is confident the council will pay for the new berth",
             "Ferry prices will not rise this year"]
    for item in items:
        assert (item, "the harbour master") in found, found
    # The occasion before the cue is not a claim.
    assert not any(claim.startswith("In a wide-ranging interview") for claim, _ in found), found


def test_a_statement_before_said_colon_stays_a_claim():
    text = "The problem is simple, the harbour master said:\n\n“Nobody has paid for the crane.”\n"
    found = rows(text)
    assert ("The problem is simple", "the harbour master") in found, found


def test_a_second_reported_clause_after_but_is_its_own_claim():
    text = "He vowed to keep trying, but the harbour editor Jon Hale said the mayor did not sound confident."
    found = rows(text)
    assert ("to keep trying", "He") in found, found
    assert ("the mayor did not sound confident", "the harbour editor Jon Hale") in found, found
