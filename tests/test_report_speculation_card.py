"""The report's Speculative card: the review's flags, and beside them the extractor's
suggestions nobody has answered yet (an editor must not read 0 as "nothing speculative")."""
from __future__ import annotations

import lxml.html

from conftest import DATA
from workbook.pipeline import load_into
from workbook.report import render_report
from workbook.review import db


def card(store) -> tuple[str, str | None]:
    page = lxml.html.fromstring(render_report(store, progress=False))
    flagged = page.xpath("//dd[@data-stat='speculative']")[0].text_content().strip()
    suggested = page.xpath("//dd[@data-stat='speculative_suggested']")
    return flagged, (suggested[0].text_content().strip() if suggested else None)


def test_the_card_counts_unanswered_suggestions_apart_from_the_review(store):
    load_into(store, [str(DATA)])
    claims = store.claims()
    flagged_by_extractor = claims[claims["speculative"]]["claim_id"].tolist()
    assert len(flagged_by_extractor) >= 2
    assert card(store) == ("0", f"+ {len(flagged_by_extractor)} suggested, not yet reviewed")
    db.flag(store, flagged_by_extractor[0], "ann", True)    # confirmed: counted as the review's
    db.flag(store, flagged_by_extractor[1], "ann", False)   # rejected: neither
    assert card(store) == ("1", f"+ {len(flagged_by_extractor) - 2} suggested, not yet reviewed"
                           if len(flagged_by_extractor) > 2 else None)
