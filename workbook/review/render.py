"""HTML for one claim: its paragraph with the claim, source and cue highlighted.

Article text is untrusted: every piece of it goes through ``html.escape``. Each text segment
carries ``data-wb-start`` (its offset in the article) so that a selection in the browser can
be turned back into article offsets.
"""
from __future__ import annotations

import html
import re

MAX_CONTEXT = 1600  # characters of paragraph shown around the claim

CSS = """
<style>
.wb-review-panel { max-width: 980px; }
.wb-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; background: #fff; color: #1f2328; }
.wb-meta { color: #57606a; font-size: 12px; margin-bottom: 6px; }
.wb-meta b { color: #1f2328; }
.wb-title { font-weight: 600; font-size: 14px; margin-bottom: 2px; }
.wb-para { font-size: 14px; line-height: 1.6; white-space: pre-wrap; margin: 8px 0; }
.wb-claim { background: #fff3b0; border-bottom: 2px solid #e3b341; }
.wb-source { background: #cfe8ff; border-radius: 3px; font-weight: 600; }
.wb-cue { text-decoration: underline wavy #1a7f37; text-underline-offset: 3px; }
.wb-hedge { font-style: italic; }
.wb-legend span { margin-right: 10px; font-size: 12px; }
.wb-suggestion { display: inline-block; border: 1px dashed #8c959f; border-radius: 10px; padding: 0 8px;
                 color: #57606a; font-size: 12px; }
.wb-decision { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600;
               background: #1f6feb; color: #fff; }
.wb-decision.wb-none { background: #eaeef2; color: #57606a; font-weight: normal; }
.wb-unknown { background: #bf8700; }
.wb-defs { font-size: 12px; color: #57606a; line-height: 1.5; }
.wb-defs kbd, .wb-keys kbd { border: 1px solid #d0d7de; border-bottom-width: 2px; border-radius: 4px;
                  padding: 0 4px; font-size: 11px; background: #f6f8fa; color: #1f2328; }
.wb-orphans td, .wb-orphans th { padding: 2px 6px; font-size: 12px; text-align: left; vertical-align: top; }
.wb-suggested-button { outline: 2px dashed #8c959f !important; outline-offset: -4px; }
.wb-status { font-size: 12px; color: #57606a; }
.wb-status.wb-error { color: #cf222e; }
.wb-answer { display: inline-block; min-width: 86px; font-size: 12px; font-weight: 600; color: #57606a; }
.wb-flag { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600;
           background: #bf8700; color: #fff; }
.wb-mark { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; background: #fbefff;
           color: #8250df; border: 1px solid #d8b9ff; }
.wb-link a { color: #0969da; text-decoration: underline; }
.wb-progress { font-size: 13px; font-weight: 600; }
</style>
"""


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def short(text: str, n: int) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def first_words(text: str, words: int = 8) -> str:
    """The first few words of a claim, for the status line ("saved named on “Israel has been …”")."""
    parts = str(text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def paragraph_bounds(text: str, start: int, end: int, limit: int = MAX_CONTEXT) -> tuple[int, int]:
    """The paragraph(s) (blank-line separated) covering [start, end), clipped to about ``limit``
    characters around the span."""
    before = [m.end() for m in _BLANK_LINE.finditer(text, 0, start)]
    p_start = before[-1] if before else 0
    after = _BLANK_LINE.search(text, end)
    p_end = after.start() if after else len(text)
    if p_end - p_start > limit + (end - start):
        room = max(limit - (end - start), 0) // 2
        p_start = max(p_start, start - room)
        p_end = min(p_end, end + room)
    return p_start, p_end


def highlight(text: str, p_start: int, p_end: int, spans: dict[str, tuple[int, int] | None]) -> str:
    """Escaped HTML of text[p_start:p_end] with each named span wrapped in class ``wb-<name>``."""
    cuts = {p_start, p_end}
    for span in spans.values():
        if span and span[0] is not None and span[1] is not None:
            cuts.update(min(max(x, p_start), p_end) for x in span)
    cuts = sorted(cuts)
    parts = []
    if p_start > 0 and text[p_start - 1] not in "\n":
        parts.append("… ")
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        classes = [f"wb-{name}" for name, span in spans.items()
                   if span and span[0] is not None and span[0] <= a and b <= span[1]]
        cls = f' class="{" ".join(classes)}"' if classes else ""
        parts.append(f'<span data-wb-start="{a}"{cls}>{esc(text[a:b])}</span>')
    if p_end < len(text) and text[p_end] not in "\n":
        parts.append(" …")
    return "".join(parts)


def claim_html(row: dict, mine: dict | None, vocabulary, others: dict | None = None, link: str | None = None) -> str:
    """The card for one claim: title (a link to the article), outlet, date, the highlighted
    paragraph, the extractor's suggestion (dashed, grey) and the reviewer's two answers (filled):
    ``mine`` is ``db.current_tag`` (tag, speculative, status, note) or None."""
    text = row["article_text"]
    spans = {"claim": (row["claim_start"], row["claim_end"]),
             "source": (row["source_start"], row["source_end"]) if row.get("source_start") is not None else None,
             "cue": (row["cue_start"], row["cue_end"]) if row.get("cue_start") is not None else None}
    lo = min(s[0] for s in spans.values() if s)
    hi = max(s[1] for s in spans.values() if s)
    p_start, p_end = paragraph_bounds(text, lo, hi)
    para = highlight(text, p_start, p_end, spans)
    via = f' · via <b>{esc(row["via_outlet"])}</b>' if row.get("via_outlet") else ""
    orig = (f' · originally <b>{esc(row["original_outlet"])}</b>'
            if row.get("original_outlet") and row.get("original_outlet") != row.get("outlet") else "")
    meta = (f'<b>{esc(row.get("outlet") or "unknown outlet")}</b>{orig} · {esc(row.get("published") or "undated")}'
            f'{via} · <span title="claim id">{esc(row["claim_id"])}</span>'
            + (' · <i>added by a reviewer</i>' if row.get("origin") == "reviewer" else ""))
    source_line = ""
    if row.get("source"):
        who = row.get("resolved_source") or row.get("source_name")
        resolved = f' (→ {esc(who)})' if who and who != row.get("source") else ""
        source_line = f'Source: <span class="wb-source">{esc(row["source"])}</span>{resolved}'
    else:
        source_line = "Source: <i>none found</i>"
    if row.get("cue"):
        source_line += f' · cue: <span class="wb-cue">{esc(row["cue"])}</span>'
    if row.get("hedges"):
        source_line += f' · hedges: <span class="wb-hedge">{esc(", ".join(row["hedges"]))}</span>'
    suggestion = (f'<span class="wb-suggestion" title="the extractor\'s guess, not a decision">'
                  f'extractor suggests: {esc(row["suggested"])}{" · speculative" if row.get("speculative") else ""}</span>')
    decision = answers_html(mine or {}, vocabulary)
    others_html = ""
    if others:
        others_html = " · others: " + ", ".join(f"{esc(r)}: {esc(t)}" for r, t in sorted(others.items()))
    title = esc(row.get("title") or row["article_id"])
    if link:
        title = (f'<span class="wb-link"><a href="{esc(link)}" target="_blank" rel="noopener noreferrer" '
                 f'title="open the article: {esc(link)}">{title} ↗</a></span>')
    return (f'<div class="wb-card">'
            f'<div class="wb-title">{title}</div>'
            f'<div class="wb-meta">{meta}</div>'
            f'<div class="wb-para">{para}</div>'
            f'<div class="wb-meta">{source_line}</div>'
            f'<div>{suggestion} {decision}<span class="wb-meta">{others_html}</span></div>'
            f'</div>')


def answers_html(mine: dict, vocabulary) -> str:
    """The reviewer's answers: sourcing tag, speculation flag, unsure/skipped mark, note."""
    tag = mine.get("tag")
    if tag:
        unknown = "" if tag in vocabulary else " wb-unknown"
        mark = "" if tag in vocabulary else " (not in vocabulary)"
        parts = [f'<span class="wb-decision{unknown}">your tag: {esc(tag)}{esc(mark)}</span>']
    else:
        parts = ['<span class="wb-decision wb-none">not tagged by you</span>']
    if mine.get("speculative") is not None:
        parts.append(f'<span class="wb-flag">{"speculative" if mine["speculative"] else "not speculative"}</span>')
    if mine.get("status"):
        parts.append(f'<span class="wb-mark">{esc(mine["status"])}</span>')
    if mine.get("note"):
        parts.append(f'<span class="wb-meta">note: {esc(mine["note"])}</span>')
    return " ".join(parts)


def definitions_html(vocabulary) -> str:
    rows = []
    for t in vocabulary:
        keys = " ".join(f"<kbd>{esc(k)}</kbd>" for k in vocabulary.keys_for(t.tag))
        rows.append(f"{keys} <b>{esc(t.tag)}</b>: {esc(t.definition)}")
    nav = ("<kbd>s</kbd> speculative yes/no (a second answer, with any sourcing) · <kbd>y</kbd> accept the "
           "suggestion · <kbd>p</kbd> skip · <kbd>?</kbd> unsure · <kbd>e</kbd> write a note (<kbd>Enter</kbd> "
           "saves it)<br><kbd>→</kbd>/<kbd>j</kbd> next · <kbd>←</kbd>/<kbd>k</kbd> previous · <kbd>Enter</kbd> "
           "next untagged · <kbd>z</kbd> undo · <kbd>x</kbd>/<kbd>0</kbd> clear my tag")
    return f'<div class="wb-defs">{"<br>".join(rows)}<br>{nav}</div>'
