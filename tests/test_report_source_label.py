"""How the report names a claim's source in its rows and its source filter."""
from __future__ import annotations

from workbook.report.data import source_label


def test_a_pronoun_tied_to_a_name_shows_the_name():
    assert source_label({"source": "she", "resolved_source": "Anna Berg"}) == "Anna Berg"


def test_an_unresolved_pronoun_says_so_instead_of_posing_as_a_source():
    assert source_label({"source": "that"}) == "that (not resolved)"
    assert source_label({"source": " I "}) == "I (not resolved)"
    assert source_label({"source": "Who"}) == "Who (not resolved)"


def test_names_outlets_and_missing_sources():
    assert source_label({"source": "the  harbour\nmaster"}) == "the harbour master"
    assert source_label({"source": None, "via_outlet": "Reuters"}) == "Reuters"
    assert source_label({"source": None}) == "(no source)"
    assert source_label({"source": "Theo"}) == "Theo"  # a name that starts like a pronoun
