"""Everything the report shows, read from the store (and from review/graph when they exist).

The report is built against the store directly. The review package (final tags, agreement,
disagreements, orphans) and the graph package (claim groups, outlet graph, sourcing mix) are
imported lazily: when one is missing or fails, the report falls back to a plain computation
from the store, or shows that section as "not available", but never fails as a whole.
"""
from __future__ import annotations

import importlib
import logging
import os
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
    """A plain non-blank str or None (pandas gives NaN, None, pd.NA); called per cell, so cheap."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    text = value if isinstance(value, str) else str(value)
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


def find_function(package: str, submodules: tuple[str, ...], names: tuple[str, ...]):
    """The first callable called one of ``names`` in ``package`` or its ``submodules``
    (another engineer's package, imported lazily), as (qualified name, function), or None."""
    for module_name in (package, *(f"{package}.{m}" for m in submodules)):
        module = optional(module_name)
        if module is None:
            continue
        for name in names:
            fn = getattr(module, name, None)
            if callable(fn):
                return f"{module_name}.{name}", fn
    return None


def _share_agreeing(tags: pd.DataFrame) -> dict[str, float]:
    """claim_id -> share of its reviewers giving the most common tag (2+ reviewers only)."""
    by_claim: dict[str, Counter] = defaultdict(Counter)
    for cid, tag in zip(tags["claim_id"], tags["tag"]):
        if _s(tag):
            by_claim[cid][tag] += 1
    return {cid: c.most_common(1)[0][1] / n for cid, c in by_claim.items() if (n := sum(c.values())) > 1}


def _disagreement_records(frame) -> list[dict]:
    out = []
    for r in _records(frame):
        tags = r.get("tags") if isinstance(r.get("tags"), dict) else {}
        notes = r.get("notes") if isinstance(r.get("notes"), dict) else {}
        out.append({"claim_id": _s(r.get("claim_id")), "claim": _s(r.get("claim")), "outlet": _s(r.get("outlet")),
                    "tags": [{"reviewer": str(k), "tag": _s(v) or "", "note": _s(notes.get(k))}
                             for k, v in sorted(tags.items()) if _s(v)]})
    return out


def _orphan_records(frame) -> list[dict]:
    why = {"missing": "claim not in the database", "inactive": "claim no longer found by the extractor"}
    out = []
    for r in _records(frame):
        reason = _s(r.get("reason")) or _s(r.get("why")) or ""
        out.append({"claim_id": _s(r.get("claim_id")), "reviewer": _s(r.get("reviewer")), "tag": _s(r.get("tag")) or "",
                    "note": _s(r.get("note")), "at": _s(r.get("at")),
                    "claim": _s(r.get("claim_text")) or _s(r.get("claim")), "why": why.get(reason, reason),
                    "match": _s(r.get("match_text"))})
    return out


def review_data(store, tags: pd.DataFrame, notes: list[str]):
    """(reviewed frame, disagreements, orphans, agreement statistics, Section).

    Final tags, disagreements, orphans and agreement statistics come from the review package
    when it is installed (workbook.review[.agreement|.db]); each falls back on its own to a
    plain computation from the store."""
    section = Section(provider="store")
    subs = ("agreement", "db")
    reviewed = None
    needed = {"claim_id", "final_tag", "final_by", "final_note", "n_reviewers"}
    found = find_function("workbook.review", subs, ("reviewed_table",))
    if found:
        try:
            reviewed = found[1](store)
            if not needed <= set(reviewed.columns) or "article_id" not in reviewed.columns:
                notes.append(f"{found[0]} lacks columns {sorted(needed - set(reviewed.columns))}; "
                             "final tags computed by the report")
                reviewed = None
            else:
                section.provider = "review"
        except Exception as exc:
            notes.append(f"{found[0]} failed ({type(exc).__name__}: {exc}); final tags computed by the report")
            reviewed = None
    shares = _share_agreeing(tags)
    if reviewed is None:
        reviewed = _fallback_review(store.claims(), tags)
    else:
        reviewed = reviewed.copy()
        reviewed["agreement_flag"] = reviewed.get("agreement")
        reviewed["agreement"] = reviewed["claim_id"].map(shares)
    disagreements = orphans = None
    stats: dict = {}
    if section.provider == "review" and {"final_status", "tags"} <= set(reviewed.columns):
        # The review's own definition (review.agreement.disagreements): reviewers differ and
        # nobody has reconciled the claim; taken from the frame already read.
        mask = (reviewed["final_status"] == "disagreement").to_numpy()
        cols = [c for c in ("claim_id", "claim", "outlet", "tags", "notes") if c in reviewed.columns]
        disagreements = _disagreement_records(reviewed.loc[mask, cols])
    for names, kind in ((("disagreements",), "disagreements"), (("orphans",), "orphans"),
                        (("agreement", "agreement_stats"), "stats")):
        if kind == "disagreements" and disagreements is not None:
            continue
        found = find_function("workbook.review", subs, names)
        if not found:
            continue
        try:
            value = found[1](store)
        except Exception as exc:
            notes.append(f"{found[0]} failed ({type(exc).__name__}: {exc})")
            continue
        if kind == "disagreements":
            disagreements = _disagreement_records(value)
        elif kind == "orphans":
            orphans = _orphan_records(value)
        elif isinstance(value, dict):
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
    wanted = ["claim_id", "article_id", "outlet", "original_outlet", "published", "title", "url", "claim",
              "claim_start", "claim_end", "source", "source_start", "source_end", "cue", "cue_start", "cue_end",
              "source_name", "resolved_source", "source_role", "via_outlet", "suggested", "kind", "speculative",
              "sentence_start", "final_tag", "final_by", "final_note", "final_status", "n_reviewers", "agreement",
              "tags", "notes"]
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
        agreement = row.get("agreement")
        agreement = None if agreement is None or pd.isna(agreement) else round(float(agreement), 3)
        status = _s(row.get("final_status"))
        by, note = _s(row.get("final_by")), _s(row.get("final_note"))
        given = row.get("tags") if isinstance(row.get("tags"), dict) else {}
        if not final and len(given) > 1:  # a dispute: show who said what
            by = by or "; ".join(f"{r}: {t}" for r, t in sorted(given.items()) if _s(t))
            notes = row.get("notes") if isinstance(row.get("notes"), dict) else {}
            note = note or " | ".join(f"{r}: {n}" for r, n in sorted(notes.items()) if _s(n)) or None
        tag = final or (DISPUTED if (status == "disagreement" or (status is None and n_rev > 1)) else UNTAGGED)
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
            "spec": bool(row.get("speculative")),
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
        if len({_s(m.outlet) for m in members}) < 2:
            continue
        outlets = sorted({_s(m.outlet) or "(unknown outlet)" for m in members})
        dated = sorted((m.published, _s(m.outlet) or "(unknown outlet)") for m in members if _s(m.published))
        first = [o for d, o in dated if d == dated[0][0]] if dated else []
        by_root: dict[str, set] = defaultdict(set)
        for m in members:
            name = _s(m.original_outlet) or _s(m.outlet) or "?"
            by_root[find(name)].add(name)
        origins = sorted(min(names, key=str.casefold) for names in by_root.values())
        out.append({"claim": members[0].claim, "group_id": None, "n_claims": len(members),
                    "n_outlets": len(outlets), "flags": [], "outlets": outlets,
                    "first_date": dated[0][0] if dated else None, "first_outlets": sorted(set(first)),
                    "origins": len(origins), "origin_names": origins})
    out.sort(key=lambda g: (-g["n_outlets"], -g["n_claims"], g["claim"] or ""))
    return out


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


def group_data(store, claims: pd.DataFrame, notes: list[str], limit: int = 100):
    """(claim groups carried by two or more outlets (the ``limit`` largest), how many there
    are in all, Section, the graph package's graph or None).

    From the graph package (``graph_from_store`` + ``group_summary``) when installed; else the
    report's own grouping by identical normalised wording."""
    graph = optional("workbook.graph")
    g = None
    if graph is not None and callable(getattr(graph, "graph_from_store", None)) \
            and callable(getattr(graph, "group_summary", None)):
        try:
            g = graph.graph_from_store(store)
            sub, total = _top_groups_graph(g, limit)
            try:
                frame = graph.group_summary(sub, min_outlets=2)
            except TypeError:
                frame = graph.group_summary(sub)
            groups = _normalise_groups(_records(frame))
            groups = [x for x in groups if x["n_outlets"] >= 2]
            return groups[:limit], (total if total is not None else len(groups)), Section(provider="graph"), g
        except Exception as exc:
            notes.append(f"workbook.graph failed ({type(exc).__name__}: {exc}); claim groups computed by the "
                         "report instead")
    try:
        groups = _fallback_groups(claims, store.propagation())
        return groups[:limit], len(groups), Section(provider="store"), g
    except Exception as exc:
        return [], 0, Section(False, f"claim groups could not be computed ({type(exc).__name__}: {exc})"), g


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
                    "flags": flags})
    return out


# -- summary, history, method -------------------------------------------------------------

def summary_data(store, rows: list[dict], tags: pd.DataFrame, stats: dict, tag_order: list[str]) -> dict:
    articles = store.db.execute("SELECT COUNT(*), COUNT(DISTINCT outlet) FROM articles").fetchone()
    # Every outlet the story touches: publishers, originals of reposts, rebloggers and linkers,
    # and outlets cited as reporters ("told Reuters").
    involved = store.db.execute(
        """SELECT COUNT(*) FROM (SELECT outlet AS o FROM articles UNION SELECT original_outlet FROM articles
           UNION SELECT outlet FROM propagation UNION SELECT of_outlet FROM propagation
           UNION SELECT via_outlet FROM claims WHERE active = 1) WHERE o IS NOT NULL""").fetchone()[0]
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
    extra, pairs = _agreement_extra(stats or {})
    return {"articles": articles[0], "outlets": articles[1], "outlets_involved": involved, "claims": len(rows),
            "tagged": sum(1 for r in rows if r["n"] > 0), "shares": shares,
            "reviewers": [{"name": n, "count": c} for n, c in sorted(reviewers.items(), key=lambda x: (-x[1], x[0]))],
            "agreement": agreement, "agreement_extra": extra, "pairs": pairs}


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def _agreement_extra(stats: dict) -> tuple[list[dict], list[dict]]:
    """Chance-corrected agreement from the review package, as lines and pairwise rows."""
    extra = []
    known = (("alpha", "alpha_n", "Krippendorff’s alpha", "claims with 2+ tags"),
             ("fleiss_kappa", "fleiss_n", "Fleiss’ kappa", "claims every reviewer tagged"))
    for key, n_key, label, over in known:
        value = _num(stats.get(key))
        if value is not None:
            n = stats.get(n_key)
            extra.append({"name": label, "value": f"{value:.3f}" + (f" over {n} {over}" if n is not None else "")})
    for key, value in stats.items():
        if key in {k for row in known for k in row[:2]} or key in ("reviewers", "pairs", "disagreements"):
            continue
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            extra.append({"name": str(key).replace("_", " "),
                          "value": f"{value:.3f}" if isinstance(value, float) else str(value)})
    pairs = []
    for r in _records(stats.get("pairs")):
        kappa, agree = _num(r.get("kappa")), _num(r.get("agree"))
        pairs.append({"a": _s(r.get("reviewer_a")) or "", "b": _s(r.get("reviewer_b")) or "", "n": r.get("n", ""),
                      "agree": None if agree is None else 100 * agree,
                      "kappa": "–" if kappa is None else f"{kappa:.3f}"})
    return extra, pairs


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
        settings.append({"name": "extractor", "value": "workbook.extract (rules: reporting verbs, quotes, "
                                                        "“according to”, pronoun resolution)"})
        cues = optional("workbook.extract.cues")
        forms = getattr(cues, "SPEECH_FORMS", None) if cues is not None else None
        if forms:
            settings.append({"name": "reporting-verb forms", "value": f"{len(forms):,}"})
    match = optional("workbook.graph.match")
    if match is not None:
        knobs = [f"{name.removeprefix('DEFAULT_').lower().replace('_', ' ')} {getattr(match, name)}"
                 for name in sorted(dir(match)) if name.startswith("DEFAULT_")
                 and isinstance(getattr(match, name), (int, float)) and not isinstance(getattr(match, name), bool)]
        settings.append({"name": "claim matching", "value": "workbook.graph (sparse TF-IDF cosine"
                         + (": " + ", ".join(knobs) if knobs else "") + ")"})
    try:
        from ..outlets import default_registry

        settings.append({"name": "outlet registry", "value": f"{len(set(default_registry().aliases.values())):,} outlets known"})
    except Exception:
        pass
    return {
        "version": __version__,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "database": db_label,
        "schema": store.schema_version,
        "first_loaded": (loaded[0] or "")[:19].replace("T", " "),
        "last_loaded": (loaded[1] or "")[:19].replace("T", " "),
        "last_extracted": (loaded[2] or "")[:19].replace("T", " "),
        "articles": loaded[3],
        # file names only: a report travels, the folders of the machine it was made on need not
        "sources": [r[0] if r[0].lower().startswith(("http://", "https://")) else os.path.basename(r[0].split("#")[0])
                    + ("#" + r[0].split("#", 1)[1] if "#" in r[0] else "")
                    for r in store.db.execute("SELECT source FROM articles ORDER BY loaded_at, id LIMIT 12")],
        "words": loaded[4] or 0,
        "formats": [{"format": f, "count": c} for f, c in formats],
        "inactive": inactive,
        "settings": settings,
    }
