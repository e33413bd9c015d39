"""Everything the report shows, read from the store (and from review/graph when they exist).

The report is built against the store directly. The review package (final tags, agreement,
disagreements, orphans) and the graph package (claim groups, outlet graph, sourcing mix) are
imported lazily: when one is missing or fails, the report falls back to a plain computation
from the store, or shows that section as "not available", but never fails as a whole.
"""
from __future__ import annotations

import importlib
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pandas as pd

from ..models import normalize_for_id
from .highlight import segments
from .safety import safe_url

log = logging.getLogger(__name__)

UNTAGGED = "untagged"
DISPUTED = "disputed"


def optional(module: str):
    """Import ``module`` or return None (another engineer's package not landed yet, or broken)."""
    try:
        return importlib.import_module(module)
    except Exception as exc:  # ImportError, or a half-written module raising anything
        log.info("report: %s not available (%s: %s)", module, type(exc).__name__, exc)
        return None


def _s(value) -> str | None:
    """A plain str or None (pandas gives NaN, None, pd.NA)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    text = str(value)
    return text if text.strip() else None


@dataclass
class Section:
    """One section's content, or why it is missing."""

    available: bool = True
    reason: str = ""
    provider: str = "store"  # which package computed it: store (the report's fallback), review, graph


@dataclass
class ReportData:
    title: str
    generated_at: str
    summary: dict
    rows: list[dict]
    tags: list[str]
    outlets: list[str]
    sources: list[str]
    groups: list[dict]
    groups_total: int
    groups_section: Section
    figures: dict  # name -> {"svg": Markup | None, "reason": str, "caption": str}
    disagreements: list[dict]
    orphans: list[dict]
    review_section: Section
    history: list[dict]
    method: dict
    notes: list[str] = field(default_factory=list)


# -- the claim rows ------------------------------------------------------------------------

def sentences(store) -> dict[str, str]:
    """claim_id -> the text from the earliest to the latest of its claim/source/cue spans.
    Cut in SQLite (substr counts characters like Python), so no article text is loaded whole."""
    cursor = store.db.execute(
        """SELECT c.claim_id, substr(a.text, c.sentence_start + 1, c.sentence_end - c.sentence_start)
           FROM claims c JOIN articles a ON a.id = c.article_id""")
    return {cid: text or "" for cid, text in cursor}


def _fallback_review(frame: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """final_tag / final_by / final_note / n_reviewers / agreement from the current tags:
    one tag, or a strict majority, is final; a tie is "disputed" (final_tag None)."""
    by_claim: dict[str, list] = defaultdict(list)
    for cid, reviewer, tag, note in zip(tags["claim_id"], tags["reviewer"], tags["tag"], tags["note"]):
        if _s(tag):
            by_claim[cid].append((reviewer, tag, _s(note)))
    final_tag, final_by, final_note, n_rev, agree = [], [], [], [], []
    for cid in frame["claim_id"]:
        given = by_claim.get(cid, [])
        if not given:
            final_tag.append(None), final_by.append(None), final_note.append(None)
            n_rev.append(0), agree.append(None)
            continue
        counts = Counter(t for _, t, _ in given).most_common()
        top, top_n = counts[0]
        winner = top if (len(counts) == 1 or top_n > counts[1][1]) else None
        who = [r for r, t, _ in given if winner is None or t == winner]
        notes = [f"{r}: {n}" if len(given) > 1 else n for r, t, n in given if n]
        final_tag.append(winner)
        final_by.append(", ".join(who))
        final_note.append(" | ".join(notes) or None)
        n_rev.append(len(given))
        agree.append(top_n / len(given))
    out = frame.copy()
    out["final_tag"], out["final_by"], out["final_note"] = final_tag, final_by, final_note
    out["n_reviewers"], out["agreement"] = n_rev, agree
    return out


def _fallback_disagreements(reviewed: pd.DataFrame, tags: pd.DataFrame) -> list[dict]:
    multi = reviewed[reviewed["n_reviewers"].fillna(0) > 1]
    by_claim = defaultdict(list)
    for cid, reviewer, tag, note in zip(tags["claim_id"], tags["reviewer"], tags["tag"], tags["note"]):
        if _s(tag):
            by_claim[cid].append({"reviewer": str(reviewer), "tag": str(tag), "note": _s(note)})
    out = []
    for row in multi.itertuples(index=False):
        given = by_claim.get(row.claim_id, [])
        if len({g["tag"] for g in given}) > 1:
            out.append({"claim_id": row.claim_id, "claim": _s(row.claim), "outlet": _s(row.outlet),
                        "tags": given})
    return out


def _fallback_orphans(store) -> list[dict]:
    """Current tags whose claim a newer extraction no longer finds (inactive) or that point at
    no claim at all: shown, never dropped."""
    rows = store.db.execute(
        """SELECT t.claim_id, t.reviewer, t.tag, t.note, t.at, c.active, c.claim,
                  (SELECT e.claim_text FROM tag_events e WHERE e.claim_id = t.claim_id
                     AND e.claim_text IS NOT NULL ORDER BY e.event_id DESC LIMIT 1) AS claim_text,
                  a.outlet
           FROM tags t LEFT JOIN claims c ON c.claim_id = t.claim_id
                LEFT JOIN articles a ON a.id = c.article_id
           WHERE t.tag IS NOT NULL AND (c.claim_id IS NULL OR c.active = 0)
           ORDER BY t.at""").fetchall()
    return [{"claim_id": r["claim_id"], "reviewer": r["reviewer"], "tag": r["tag"], "note": r["note"],
             "at": r["at"], "claim": r["claim"] or r["claim_text"], "outlet": r["outlet"],
             "why": "claim no longer found by the extractor" if r["active"] == 0 else "claim not in the database"}
            for r in rows]


def _records(value) -> list[dict]:
    """A DataFrame / list of dicts / None from another package as a list of plain dicts."""
    if value is None:
        return []
    if isinstance(value, pd.DataFrame):
        return value.to_dict("records")
    return [dict(v) if not isinstance(v, dict) else v for v in value]


def review_data(store, claims: pd.DataFrame, tags: pd.DataFrame, notes: list[str]):
    """(reviewed frame, disagreements, orphans, agreement statistics, Section)."""
    review = optional("workbook.review")
    section = Section(provider="store")
    reviewed = None
    if review is not None and hasattr(review, "reviewed_table"):
        try:
            reviewed = review.reviewed_table(store)
            section.provider = "review"
        except Exception as exc:
            notes.append(f"review.reviewed_table failed ({type(exc).__name__}: {exc}); "
                         "final tags computed by the report instead")
    needed = {"claim_id", "final_tag", "final_by", "final_note", "n_reviewers", "agreement"}
    if reviewed is None or not needed <= set(reviewed.columns):
        reviewed = _fallback_review(claims, tags)
        section.provider = "store"
    else:
        # Keep the report's own columns (outlet, title, offsets) and take the review's verdicts.
        reviewed = claims.drop(columns=[c for c in needed if c != "claim_id" and c in claims.columns]).merge(
            reviewed[list(needed)], on="claim_id", how="left")
    stats: dict = {}
    disagreements = orphans = None
    if review is not None and section.provider == "review":
        for name, target in (("disagreements", "disagreements"), ("orphans", "orphans"),
                             ("agreement_stats", "stats"), ("agreement", "stats")):
            fn = getattr(review, name, None)
            if not callable(fn):
                continue
            try:
                value = fn(store)
            except Exception as exc:
                notes.append(f"review.{name} failed ({type(exc).__name__}: {exc})")
                continue
            if target == "disagreements" and disagreements is None:
                disagreements = _records(value)
            elif target == "orphans" and orphans is None:
                orphans = _records(value)
            elif target == "stats" and not stats and isinstance(value, dict):
                stats = value
    if disagreements is None:
        disagreements = _fallback_disagreements(reviewed, tags)
    if orphans is None:
        orphans = _fallback_orphans(store)
    return reviewed, disagreements, orphans, stats, section


def source_label(row) -> str:
    for key in ("source_name", "resolved_source", "source", "via_outlet"):
        value = _s(row.get(key))
        if value:
            return " ".join(value.split())
    return "(no source)"


def claim_rows(reviewed: pd.DataFrame, sentence_text: dict[str, str], progress=None) -> list[dict]:
    rows = []
    for n, row in enumerate(reviewed.to_dict("records")):
        cid = row["claim_id"]
        start = int(row.get("sentence_start") or 0)
        sentence = sentence_text.get(cid) or _s(row.get("claim")) or ""
        segs = segments(sentence, start, {
            "c": (row.get("claim_start"), row.get("claim_end")),
            "s": (row.get("source_start"), row.get("source_end")),
            "q": (row.get("cue_start"), row.get("cue_end")),
        })
        final = _s(row.get("final_tag"))
        n_rev = row.get("n_reviewers")
        n_rev = int(n_rev) if n_rev is not None and not pd.isna(n_rev) else 0
        agreement = row.get("agreement")
        agreement = None if agreement is None or pd.isna(agreement) else round(float(agreement), 3)
        tag = final or (DISPUTED if n_rev > 1 else UNTAGGED)
        rows.append({
            "i": n + 1,
            "id": cid,
            "article": _s(row.get("article_id")),
            "outlet": _s(row.get("outlet")) or "(unknown outlet)",
            "orig": _s(row.get("original_outlet")),
            "date": _s(row.get("published")),
            "title": _s(row.get("title")),
            "url": safe_url(row.get("url")),
            "seg": segs,
            "source": source_label(row),
            "role": _s(row.get("source_role")),
            "via": _s(row.get("via_outlet")),
            "suggested": _s(row.get("suggested")) or "",
            "kind": _s(row.get("kind")) or "",
            "spec": bool(row.get("speculative")),
            "tag": tag,
            "by": _s(row.get("final_by")),
            "note": _s(row.get("final_note")),
            "n": n_rev,
            "agree": agreement,
        })
        if progress is not None and n % 1000 == 999:
            progress.update(1000)
    if progress is not None:
        progress.update(len(rows) % 1000)
    return rows


# -- claim groups --------------------------------------------------------------------------

def _fallback_groups(claims: pd.DataFrame, propagation: pd.DataFrame) -> list[dict]:
    """Claims with the same normalised wording in two or more articles. Independent origins:
    connected components, among the outlets carrying the claim, of the propagation graph
    (republishes, reblogs, links to, original outlet)."""
    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        if a and b:
            parent[find(a)] = find(b)

    for a, b in zip(propagation.get("outlet", []), propagation.get("of_outlet", [])):
        union(_s(a), _s(b))
    for a, b in zip(claims["outlet"], claims["original_outlet"]):
        union(_s(a), _s(b))
    groups: dict[str, list] = defaultdict(list)
    for row in claims[["claim_id", "claim", "article_id", "outlet", "original_outlet", "published"]].itertuples(index=False):
        key = normalize_for_id(row.claim or "")
        if len(key) >= 20:  # a few words are not a claim worth matching
            groups[key].append(row)
    out = []
    for members in groups.values():
        if len({m.article_id for m in members}) < 2:
            continue
        outlets = sorted({_s(m.outlet) or "(unknown outlet)" for m in members})
        dated = sorted((m.published, _s(m.outlet) or "(unknown outlet)") for m in members if _s(m.published))
        first = [o for d, o in dated if d == dated[0][0]] if dated else []
        origins = sorted({find(_s(m.original_outlet) or _s(m.outlet) or "?") for m in members})
        out.append({"claim": members[0].claim, "n_claims": len(members),
                    "n_articles": len({m.article_id for m in members}), "outlets": outlets,
                    "first_date": dated[0][0] if dated else None, "first_outlets": sorted(set(first)),
                    "origins": len(origins)})
    out.sort(key=lambda g: (-g["n_articles"], g["claim"] or ""))
    return out


def group_data(store, claims: pd.DataFrame, notes: list[str]) -> tuple[list[dict], Section]:
    graph = optional("workbook.graph")
    if graph is not None:
        for name in ("group_summaries", "claim_group_summary", "group_table", "groups_table"):
            fn = getattr(graph, name, None)
            if callable(fn):
                try:
                    return _normalise_groups(_records(fn(store))), Section(provider="graph")
                except Exception as exc:
                    notes.append(f"graph.{name} failed ({type(exc).__name__}: {exc}); claim groups "
                                 "computed by the report instead")
                break
    try:
        return _fallback_groups(claims, store.propagation()), Section(provider="store")
    except Exception as exc:
        return [], Section(False, f"claim groups could not be computed ({type(exc).__name__}: {exc})")


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [str(v) for v in value if _s(v)]
    except TypeError:
        return [str(value)]


def _normalise_groups(records: list[dict]) -> list[dict]:
    """Map the graph package's group records onto the fields the template shows."""
    out = []
    for r in records:
        origins = r.get("origins", r.get("independent_origins", r.get("n_origins")))
        origin_names = []
        if not isinstance(origins, (int, float)) and origins is not None:
            origin_names = _as_list(origins)
            origins = len(origin_names)
        first = r.get("first_outlets", r.get("first_report", r.get("first_outlet")))
        if isinstance(first, dict):
            first_date, first = first.get("date") or first.get("published"), first.get("outlet")
        else:
            first_date = r.get("first_date", r.get("first_published"))
        outlets = _as_list(r.get("outlets"))
        out.append({"claim": _s(r.get("claim", r.get("text", r.get("label")))) or "",
                    "n_claims": r.get("n_claims", r.get("size", len(outlets))),
                    "n_articles": r.get("n_articles", len(outlets)), "outlets": outlets,
                    "first_date": _s(first_date), "first_outlets": _as_list(first),
                    "origins": origins if origins is not None else "", "origin_names": origin_names})
    return out


# -- summary, history, method -------------------------------------------------------------

def summary_data(store, rows: list[dict], tags: pd.DataFrame, stats: dict, tag_order: list[str]) -> dict:
    articles = store.db.execute("SELECT COUNT(*), COUNT(DISTINCT outlet) FROM articles").fetchone()
    counts = Counter(r["tag"] for r in rows)
    total = len(rows) or 1
    shares = [{"tag": t, "count": counts.get(t, 0), "pct": 100.0 * counts.get(t, 0) / total}
              for t in tag_order if counts.get(t, 0)]
    reviewers = Counter(tags["reviewer"]) if len(tags) else Counter()
    multi = [r for r in rows if r["n"] > 1]
    agreed = [r for r in multi if r["agree"] == 1.0]
    agreement = {"multi": len(multi), "agreed": len(agreed),
                 "pct": (100.0 * len(agreed) / len(multi)) if multi else None,
                 "mean": (sum(r["agree"] for r in multi) / len(multi)) if multi else None}
    extra = []
    for key, value in (stats or {}).items():
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            extra.append({"name": str(key).replace("_", " "),
                          "value": f"{value:.3f}" if isinstance(value, float) else str(value)})
    return {"articles": articles[0], "outlets": articles[1], "claims": len(rows),
            "tagged": sum(1 for r in rows if r["n"] > 0), "shares": shares,
            "reviewers": [{"name": n, "count": c} for n, c in sorted(reviewers.items(), key=lambda x: (-x[1], x[0]))],
            "agreement": agreement, "agreement_extra": extra}


def history_data(store) -> list[dict]:
    cursor = store.db.execute(
        """SELECT e.event_id, e.at, e.reviewer, e.action, e.old_tag, e.new_tag, e.note,
                  COALESCE(c.claim, e.claim_text) AS claim, a.outlet
           FROM tag_events e LEFT JOIN claims c ON c.claim_id = e.claim_id
                LEFT JOIN articles a ON a.id = COALESCE(c.article_id, e.article_id)
           ORDER BY e.event_id""")
    return [{"i": r[0], "at": (r[1] or "")[:19].replace("T", " "), "reviewer": r[2], "action": r[3],
             "old": r[4], "new": r[5], "note": r[6], "claim": r[7], "outlet": r[8]} for r in cursor]


def method_data(store, db_label: str) -> dict:
    from .. import __version__

    loaded = store.db.execute(
        "SELECT MIN(loaded_at), MAX(loaded_at), MAX(extracted_at), COUNT(*), SUM(words) FROM articles").fetchone()
    formats = store.db.execute("SELECT format, COUNT(*) FROM articles GROUP BY format ORDER BY 2 DESC").fetchall()
    inactive = store.db.execute("SELECT COUNT(*) FROM claims WHERE active = 0").fetchone()[0]
    settings = []
    extract = optional("workbook.extract")
    if extract is None:
        settings.append({"name": "extractor", "value": "not available in this installation"})
    else:
        for name in ("EXTRACTOR_VERSION", "VERSION", "__version__", "SETTINGS", "settings", "extractor_settings"):
            value = getattr(extract, name, None)
            if callable(value):
                try:
                    value = value()
                except Exception:
                    value = None
            if isinstance(value, dict):
                settings.extend({"name": str(k), "value": str(v)} for k, v in value.items())
            elif value is not None:
                settings.append({"name": name.strip("_").lower().replace("_", " "), "value": str(value)})
        settings.append({"name": "extractor module", "value": "workbook.extract"})
    return {
        "version": __version__,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "database": db_label,
        "schema": store.schema_version,
        "first_loaded": (loaded[0] or "")[:19].replace("T", " "),
        "last_loaded": (loaded[1] or "")[:19].replace("T", " "),
        "last_extracted": (loaded[2] or "")[:19].replace("T", " "),
        "articles": loaded[3],
        "words": loaded[4] or 0,
        "formats": [{"format": f, "count": c} for f, c in formats],
        "inactive": inactive,
        "settings": settings,
    }
