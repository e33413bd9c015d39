"""Synthetic articles and claims for tests and benchmarks (no extractor needed).

``synthetic_store(path, articles=..., claims_per_article=...)`` saves hand-made Attribution rows
through ``Store.save_article(article, table.rows_for(...))`` exactly as the pipeline would.
"""
from __future__ import annotations

import random

from ..models import Article, Attribution
from ..store import Store
from ..table import rows_for

OUTLETS = ("Eurasianet", "Aletho News", "Reuters", "Dogma and Geopolitics", "Tea with a Pirate")
SOURCES = (("Rasim Musabayov", "named"), ("two Azeri former military officers", "anonymous"),
           ("a security consultant", "anonymous"), ("Foreign Policy magazine", "outlet"),
           ("the ministry's report", "document"), ("Ilham Aliyev", "named"))
VERBS = ("said", "told Reuters", "reported", "claimed", "added")
SUBJECTS = ("Azerbaijan", "Israel", "Iran", "Baku", "the airfields", "the bases", "the committee", "the pipeline")
PREDICATES = ("would probably feature in any plans", "has been looking at access to bases",
              "denied the report on {n}", "may find it worthwhile to risk retaliation",
              "is not at all prepared for {n} strikes", "lacks refueling for mission {n}",
              "was in talks over the airfields in round {n}", "could be used without any preparations")


def synthetic_article(index: int, claims: int = 5, seed: int = 0) -> tuple[Article, list[Attribution]]:
    """One article of ``claims`` paragraphs, each '"<claim>," <source> <verb>.' (plus an
    unsourced sentence every fourth paragraph), with exact spans."""
    rnd = random.Random(seed * 1_000_003 + index)
    title = f"Report {index}: {rnd.choice(SUBJECTS)} and the <airfields> & \"bases\""
    text = f"{title}\n\nBy Staff | {OUTLETS[index % len(OUTLETS)]}\n\n"
    atts = []
    for j in range(claims):
        subject = rnd.choice(SUBJECTS)
        claim = f"{subject} {rnd.choice(PREDICATES).format(n=index * 1000 + j)}"
        if j % 4 == 3:
            start = len(text)
            text += claim + "."
            atts.append(Attribution(claim=(start, start + len(claim)), suggested="unsourced"))
        else:
            source, kind = rnd.choice(SOURCES)
            verb = rnd.choice(VERBS)
            text += "\u201c"
            c0 = len(text)
            text += claim
            c1 = len(text)
            text += ",\u201d "
            s0 = len(text)
            text += source
            s1 = len(text)
            text += " "
            v0 = len(text)
            text += verb
            v1 = len(text)
            text += "."
            atts.append(Attribution(claim=(c0, c1), source=(s0, s1), cue=(v0, v1), kind="direct",
                                    source_name=source if kind == "named" else None, suggested=kind,
                                    speculative="may" in claim or "could" in claim or "probably" in claim))
        text += "\n\n"
    article = Article(id=f"syn{index:05d}", source=f"synthetic/{index}.txt", text=text,
                      outlet=OUTLETS[index % len(OUTLETS)], title=title,
                      published=f"2012-{1 + index % 12:02d}-{1 + index % 28:02d}")
    return article, atts


def synthetic_store(path: str, articles: int = 3, claims_per_article: int = 5, seed: int = 0) -> Store:
    store = Store(path)
    for i in range(articles):
        article, atts = synthetic_article(i, claims_per_article, seed)
        store.save_article(article, rows_for(article, atts))
    return store
