"""A synthetic database of any size, for the report's benchmark and tests (no extractor needed)."""
from __future__ import annotations

import random

from ..models import Article, Attribution, Propagation
from ..store import tags as store_tags
from ..table import rows_for

OUTLETS = ["Eurasianet", "Aletho News", "Reuters", "Foreign Policy", "Dogma and Geopolitics",
           "Tea with a Pirate", "Trend News Agency", "Haaretz", "The Jerusalem Post", "Press TV",
           "Al-Monitor", "RFE/RL"]
SOURCES = ["Rasim Musabayov", "a security consultant", "officials in Baku", "two Russian intelligence sources",
           "the Defense Ministry", "Ali Hasanov", "an Israeli official", "analysts", "a spokesman"]
CLAIMS = ["Azerbaijan and Israel have been looking at how Azeri bases could serve in a strike on Iran",
          "Israel was in talks with Azerbaijan over the use of airfields",
          "the report was vociferously denied by officials",
          "Azerbaijan would probably feature in any Israeli plans against Iran",
          "planes could refuel at Azeri bases after a strike",
          "the cooperation is a contingency for refueling its attack force",
          "the deal is worth 1.6 billion dollars in arms",
          "drones were bought from Israel last year"]
TAGS = ["named", "anonymous", "outlet", "document", "unsourced"]


def fill_store(store, n_rows: int, claims_per_article: int = 10, reviewers=("ana", "ben"),
               seed: int = 1) -> None:
    """Add ``n_rows`` claim rows (in articles of ``claims_per_article``), tag about two thirds of
    them by one reviewer and a fifth by a second, sometimes disagreeing."""
    rng = random.Random(seed)
    n_articles = max(1, -(-n_rows // claims_per_article))
    made = 0
    claim_ids = []
    for a in range(n_articles):
        outlet = OUTLETS[a % len(OUTLETS)]
        parts, atts = [], []
        pos = 0
        for k in range(min(claims_per_article, n_rows - made)):
            source = rng.choice(SOURCES)
            claim = rng.choice(CLAIMS) + ("" if rng.random() < 0.5 else f" (item {a}-{k})")
            sentence = f"{source} said that {claim}. "
            s0 = pos
            parts.append(sentence)
            atts.append(Attribution(claim=(s0 + len(source) + 11, s0 + len(source) + 11 + len(claim)),
                                    source=(s0, s0 + len(source)), cue=(s0 + len(source) + 1, s0 + len(source) + 5),
                                    kind="indirect", source_name=source, suggested=rng.choice(TAGS),
                                    via_outlet="Reuters" if rng.random() < 0.05 else None))
            pos += len(sentence)
            made += 1
        text = "".join(parts)
        prop = []
        if outlet in ("Aletho News", "Dogma and Geopolitics"):
            prop.append(Propagation("republishes" if outlet == "Aletho News" else "reblogs", outlet,
                                    "Eurasianet" if outlet == "Aletho News" else "Aletho News", "2012-10-01"))
        article = Article(id=f"synthetic-{seed}-{a:06d}", source=f"synthetic/{a}.txt", text=text, outlet=outlet,
                          title=f"Article {a} on Azerbaijan and Israel", author="A. Writer",
                          published=f"2012-{1 + a % 12:02d}-{1 + a % 28:02d}",
                          url=f"https://example.org/{outlet.lower().replace(' ', '-')}/{a}",
                          propagation=prop)
        rows = rows_for(article, atts)
        store.save_article(article, rows)
        claim_ids.extend(r["claim_id"] for r in rows)
        if made >= n_rows:
            break
    # Tags: many small transactions are slow; use one transaction around them all.
    with store.transaction():
        for cid in claim_ids:
            if rng.random() < 0.66:
                tag = rng.choice(TAGS)
                store.record_tag(cid, reviewers[0], tag, note="checked against the original" if rng.random() < 0.1 else None)
                if rng.random() < 0.15:  # the second answer: the claim is speculation
                    store_tags.write_event(store, cid, reviewers[0], "flag", speculative=True)
                if len(reviewers) > 1 and rng.random() < 0.3:
                    store.record_tag(cid, reviewers[1], tag if rng.random() < 0.7 else rng.choice(TAGS))
