"""Everything the report shows, as plain data: read through the store, the review and the graph.

Final tags, flags, agreement, disagreements and orphans come from ``workbook.review`` (its one
final-tag rule, :func:`workbook.review.decide`, through ``reviewed_table``); claim groups from
``workbook.graph``; counts and history from ``workbook.store``. Nothing here decides a tag.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pandas as pd

from .. import graph
from ..extract.sources import PERSONAL_PRONOUNS
from ..graph import match as graph_match
from ..outlets import default_registry
from ..review.agreement import agreement as agreement_scores
from ..review import db as review_db
from ..review import reviewed_table
from ..store import overview
from .highlight import segments
from .safety import safe_url

UNTAGGED = "untagged"
DISPUTED = "disputed"


def _s(value) -> str | None:
    """A plain non-blank str or None (pandas gives NaN, None, pd.NA); called per cell, so cheap."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _flag(value) -> bool | None:
    """True / False, or None for a missing answer (None, NaN, pd.NA)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return bool(value)


@dataclass
class Section:
    """One section's content, or why it is missing."""

    available: bool = True
    reason: str = ""


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
    history: list[dict]
    method: dict
    notes: list[str] = field(default_factory=list)


# -- the review ----------------------------------------------------------------------------

def _disagreement_records(frame: pd.DataFrame) -> list[dict]:
    """Each disputed claim with every reviewer's answers (tag, flag, note)."""
    out = []
    for r in frame.to_dict("records"):
        tags, flags, notes = r["tags"] or {}, r["flags"] or {}, r["notes"] or {}
        given = []
        for reviewer in sorted(set(tags) | set(flags)):
            given.append({"reviewer": str(reviewer), "tag": _s(tags.get(reviewer)) or "",
                          "spec": flags.get(reviewer), "note": _s(notes.get(reviewer))})
        out.append({"claim_id": r["claim_id"], "claim": _s(r["claim"]), "outlet": _s(r["outlet"]), "tags": given})
    return out


def review_data(store):
    """(reviewed frame, open disagreements, orphans, agreement statistics), all from the review."""
    reviewed = reviewed_table(store)
    disputed = reviewed[(reviewed["final_status"] == "disagreement").to_numpy()]
    disagreements = _disagreement_records(disputed)
    orphans = _orphan_records(review_db.orphans(store))
    return reviewed, disagreements, orphans, agreement_scores(store)


def _records(value) -> list[dict]:
    """A DataFrame / list of dicts / None from another package as a list of plain dicts."""
    if value is None:
        return []
    if isinstance(value, pd.DataFrame):
        return value.to_dict("records")
    return [dict(v) if not isinstance(v, dict) else v for v in value]


def _orphan_records(frame: pd.DataFrame) -> list[dict]:
    """review.db.orphans rows as the report lists them."""
    why = {"missing": "claim not in the database", "inactive": "claim no longer found by the extractor"}
    return [{"claim_id": r["claim_id"], "reviewer": r["reviewer"], "tag": _s(r["tag"]) or "",
             "spec": _flag(r["speculative"]), "note": _s(r["note"]), "at": _s(r["at"]), "claim": _s(r["claim_text"]),
             "why": why.get(r["reason"], r["reason"]), "match": _s(r.get("match_text"))}
            for r in frame.to_dict("records")]


# -- the claim rows ------------------------------------------------------------------------

def source_label(row) -> str:
    """Who the claim's source is, as the report lists and filters it: a pronoun the extractor
    could not tie to a name says so, rather than offering "that" or "I" as a source."""
    for key in ("source_name", "resolved_source", "source", "via_outlet"):
        value = _s(row.get(key))
        if value:
            label = " ".join(value.split())
            return f"{label} (not resolved)" if label.casefold() in PERSONAL_PRONOUNS else label
    return "(no source)"


def claim_rows(reviewed: pd.DataFrame, sentence_text: dict[str, str], progress=None) -> list[dict]:
    rows = []
    wanted = ["claim_id", "article_id", "outlet", "original_outlet", "published", "title", "url", "claim",
              "claim_start", "claim_end", "source", "source_start", "source_end", "cue", "cue_start", "cue_end",
              "source_name", "resolved_source", "source_role", "via_outlet", "suggested", "kind", "speculative",
              "sentence_start", "final_tag", "final_speculative", "final_by", "final_note", "final_status",
              "n_reviewers", "agreement", "speculative_agreement", "tags", "notes"]
    frame = reviewed[[c for c in wanted if c in reviewed.columns]]
    for n, row in enumerate(frame.to_dict("records")):
        cid = row["claim_id"]
        start = int(row.get("sentence_start") or 0)
        sentence = sentence_text.get(cid) or _s(row.get("claim")) or ""
        segs = segments(sentence, start, {
            "c": (row.get("claim_start"), row.get("claim_end")),
            "s": (row.get("source_start"), row.get("source_end")),
            "q": (row.get("cue_start"), row.get("cue_end")),
        })
        final = _s(row.get("final_tag"))
        label = source_label(row)
        role = _s(row.get("source_role"))
        if role and " ".join(role.split()).casefold() in label.casefold():
            role = None
        via = _s(row.get("via_outlet"))
        n_rev = row.get("n_reviewers")
        n_rev = int(n_rev) if n_rev is not None and not pd.isna(n_rev) else 0
        answers = [_flag(row.get("agreement")), _flag(row.get("speculative_agreement"))]
        agreement = None if answers == [None, None] else False not in answers  # on both answers
        status = _s(row.get("final_status"))
        by, note = _s(row.get("final_by")), _s(row.get("final_note"))
        given = row.get("tags") if isinstance(row.get("tags"), dict) else {}
        if not final and len(given) > 1:  # a dispute: show who said what
            by = by or "; ".join(f"{r}: {t}" for r, t in sorted(given.items()) if _s(t))
            notes = row.get("notes") if isinstance(row.get("notes"), dict) else {}
            note = note or " | ".join(f"{r}: {n}" for r, n in sorted(notes.items()) if _s(n)) or None
        tag = final or (DISPUTED if status == "disagreement" else UNTAGGED)
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
            "source": label,
            "role": role,
            "via": via,
            "vs": bool(via and via.casefold() not in label.casefold()),  # show "through <via>"
            "suggested": _s(row.get("suggested")) or "",
            "kind": _s(row.get("kind")) or "",
            "spec": bool(row.get("speculative")),  # the extractor's suggestion
            "fspec": _flag(row.get("final_speculative")),  # the review's flag (None: not answered)
            "tag": tag,
            "by": by,
            "note": note,
            "n": n_rev,
            "agree": agreement,
            "status": status,
        })
        if progress is not None and n % 1000 == 999:
            progress.update(1000)
    if progress is not None:
        progress.update(len(rows) % 1000)
    return rows


# -- claim groups --------------------------------------------------------------------------

def _top_groups_graph(g, limit: int):
    """(graph restricted to the ``limit`` largest groups carried by 2+ outlets, number of such
    groups). Every outlet, source and link stays; only other groups' nodes go, so each kept
    group's analysis is unchanged, and the cost of analysing it no longer grows with them."""
    group_nodes = [(n, d) for n, d in g.nodes(data=True) if d.get("type") == "group"]
    if not group_nodes or any("n_outlets" not in d for _, d in group_nodes):
        return g, None
    multi = [(n, d) for n, d in group_nodes if (d.get("n_outlets") or 0) >= 2]
    if len(multi) <= limit:
        return g, len(multi)
    multi.sort(key=lambda nd: (-(nd[1].get("n_outlets") or 0), -(nd[1].get("size") or 0), str(nd[0])))
    drop = {n for n, _ in group_nodes} - {n for n, _ in multi[:limit]}
    return g.subgraph([n for n in g.nodes if n not in drop]).copy(), len(multi)


def group_data(store, limit: int = 100):
    """(claim groups carried by two or more outlets (the ``limit`` largest), how many there
    are in all, Section, the graph), from ``workbook.graph``."""
    g = graph.graph_from_store(store)
    sub, total = _top_groups_graph(g, limit)
    groups = [x for x in _normalise_groups(_records(graph.group_summary(sub, min_outlets=2))) if x["n_outlets"] >= 2]
    return groups[:limit], (total if total is not None else len(groups)), Section(), g


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
    """Map the graph package's group_summary rows onto the fields the template shows."""
    out = []
    for r in records:
        outlets = _as_list(r.get("outlets"))
        origins = r.get("origins")
        origin_names = _as_list(origins) if not isinstance(origins, (int, float)) else []
        n_origins = r.get("n_origins", len(origin_names) if origin_names else origins)
        first = _s(r.get("first_outlet"))
        flags = []
        if r.get("circular") is True:
            flags.append("circular reporting")
        if r.get("only_weak_support") is True:
            flags.append("only anonymous or speculative support")
        n_claims = r.get("claims", r.get("n_claims"))
        out.append({"claim": _s(r.get("claim")) or "", "group_id": _s(r.get("group_id")),
                    "n_claims": int(n_claims) if isinstance(n_claims, (int, float)) else len(outlets),
                    "n_outlets": int(r.get("n_outlets") or len(outlets)), "outlets": outlets,
                    "first_date": _s(r.get("first_date")), "first_outlets": [first] if first else [],
                    "origins": n_origins if n_origins is not None else "", "origin_names": origin_names,
                    "why": [w.strip() for w in (_s(r.get("why")) or "").split(" | ") if w.strip()],
                    "flags": flags})
    return out


# -- summary, history, method -------------------------------------------------------------

def summary_data(store, rows: list[dict], tags: pd.DataFrame, stats: dict, tag_order: list[str]) -> dict:
    counts = Counter(r["tag"] for r in rows)
    total = len(rows) or 1
    shares = [{"tag": t, "count": counts.get(t, 0), "pct": 100.0 * counts.get(t, 0) / total}
              for t in tag_order if counts.get(t, 0)]
    reviewers = Counter(tags["reviewer"]) if len(tags) else Counter()
    multi = [r for r in rows if r["agree"] is not None]
    agreed = [r for r in multi if r["agree"]]
    agreement = {"multi": len(multi), "agreed": len(agreed),
                 "pct": (100.0 * len(agreed) / len(multi)) if multi else None}
    extra, pairs = _agreement_extra(stats)
    return {**overview.article_counts(store), "claims": len(rows),
            "tagged": sum(1 for r in rows if r["n"] > 0), "shares": shares,
            "speculative": sum(1 for r in rows if r["fspec"]),
            # flagged by the extractor and not yet answered by the review: a suggestion to check
            "speculative_suggested": sum(1 for r in rows if r["fspec"] is None and r["spec"]),
            "reviewers": [{"name": n, "count": c} for n, c in sorted(reviewers.items(), key=lambda x: (-x[1], x[0]))],
            "agreement": agreement, "agreement_extra": extra, "pairs": pairs}


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def _agreement_extra(stats: dict) -> tuple[list[dict], list[dict]]:
    """Chance-corrected agreement (review.agreement) as lines, and the pairwise rows, for the
    sourcing type and the speculation flag."""
    extra, pairs = [], []
    for answer, result in (("sourcing", stats), ("speculation", stats.get("speculation") or {})):
        for key, n_key, label, over in (("alpha", "alpha_n", "Krippendorff’s alpha", "claims with 2+ answers"),
                                        ("fleiss_kappa", "fleiss_n", "Fleiss’ kappa", "claims every reviewer answered")):
            value = _num(result.get(key))
            if value is not None:
                extra.append({"name": f"{label} ({answer})", "value": f"{value:.3f} over {result.get(n_key)} {over}"})
        for r in _records(result.get("pairs")):
            kappa, agree = _num(r.get("kappa")), _num(r.get("agree"))
            pairs.append({"answer": answer, "a": str(r["reviewer_a"]), "b": str(r["reviewer_b"]), "n": r["n"],
                          "agree": None if agree is None else 100 * agree,
                          "kappa": "–" if kappa is None else f"{kappa:.3f}"})
    return extra, pairs


def _flag_word(value) -> str | None:
    return None if value is None else ("speculative" if value else "not speculative")


def history_data(store) -> list[dict]:
    """Every tag event; a change of the speculation flag or of the status reads as the tag does."""
    out = []
    for r in overview.tag_history(store):
        old, new = r["old_tag"], r["new_tag"]
        flag_old, flag_new = _flag_word(_flag(r["old_speculative"])), _flag_word(_flag(r["new_speculative"]))
        if flag_old != flag_new:
            old = " + ".join(x for x in (old, flag_old) if x) or None
            new = " + ".join(x for x in (new, flag_new) if x) or None
        if r["new_status"]:
            new = " + ".join(x for x in (new, r["new_status"]) if x)
        out.append({"i": r["event_id"], "at": (r["at"] or "")[:19].replace("T", " "), "reviewer": r["reviewer"],
                    "action": r["action"], "old": old, "new": new, "note": r["note"], "claim": r["claim"],
                    "outlet": r["outlet"]})
    return out


def _file_name(source: str) -> str:
    """A source as the report shows it: a URL whole, a file by its name only (a report travels;
    the folders of the machine it was made on need not)."""
    if source.lower().startswith(("http://", "https://")):
        return source
    path, _, fragment = source.partition("#")
    return os.path.basename(path) + ("#" + fragment if fragment else "")


def method_data(store, db_label: str) -> dict:
    from .. import __version__

    stats = overview.load_stats(store)
    knobs = [f"{name.removeprefix('DEFAULT_').lower().replace('_', ' ')} {getattr(graph_match, name)}"
             for name in sorted(dir(graph_match)) if name.startswith("DEFAULT_")
             and isinstance(getattr(graph_match, name), (int, float)) and not isinstance(getattr(graph_match, name), bool)]
    settings = [
        {"name": "extractor", "value": "workbook.extract (rules: reporting verbs, quotes, “according to”, "
                                       "pronoun resolution; a speculation model over hedge cues)"},
        {"name": "claim matching", "value": "workbook.graph (TF-IDF and WordLlama similarity; names, figures and "
                                            "dates must agree: " + ", ".join(knobs) + ")"},
        {"name": "outlet registry", "value": f"{len(set(default_registry().aliases.values())):,} outlets known"},
    ]
    stamp = lambda value: (value or "")[:19].replace("T", " ")  # noqa: E731
    return {
        "version": __version__,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "database": db_label,
        "schema": store.schema_version,
        "first_loaded": stamp(stats["first_loaded"]),
        "last_loaded": stamp(stats["last_loaded"]),
        "last_extracted": stamp(stats["last_extracted"]),
        "articles": stats["articles"],
        "sources": [_file_name(s) for s in stats["sources"]],
        "words": stats["words"],
        "formats": [{"format": f, "count": c} for f, c in stats["formats"]],
        "languages": [{"language": lang, "count": c} for lang, c in stats["languages"]],
        "not_english": stats["not_english"],
        "inactive": stats["inactive"],
        "settings": settings,
    }
