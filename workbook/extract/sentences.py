"""A fast, abbreviation-aware sentence splitter.

pysbd is accurate but far too slow for the 100k words/s budget, so this is a single regex pass
over candidate boundaries plus a few checks on the word before the full stop.

Blank lines (paragraph breaks) are hard boundaries. A single newline is hard too when it ends a
header-like line (a title, a dateline, one sentence per line as in ECB+ or Wikinews), but soft
when it is a wrap inside a paragraph: then it counts as a space, so re-wrapping an article's lines
changes neither its sentences nor its claims. See ``soft_newlines``; ``soften`` gives the text
with its soft newlines replaced by spaces (same length, so offsets do not move).
"""
from __future__ import annotations

import re

# Words whose trailing full stop never ends a sentence (titles, and forms usually followed by a
# name or a number).
_NEVER_FINAL = frozenset("""
mr mrs ms messrs mme mlle dr prof sen sens rep reps gov govs gen lt col maj capt cpt sgt cmdr adm
brig cpl pvt st ste rev fr hon pres supt det insp atty ald amb sec treas no nos vol vols pp fig
figs art ch sr jr esq
jan feb mar apr jun jul aug sep sept oct nov dec
e.g i.e cf vs viz approx est ca al mt ft
""".split())

# Forms that end a sentence only when the next word looks like a sentence opener.
_MAYBE_FINAL = frozenset("""
inc corp co ltd llc plc bros dept univ assn etc a.m p.m u.s u.k u.n e.u d.c u.s.a n.y l.a
""".split())

# Capitalised words that usually open a sentence rather than continue a name ("U.S. The ...").
_OPENERS = frozenset("""
The A An He She It They We I You This That These Those There Here But And Or So Yet If When
While After Before Although Though Because Since As In On At For From With Without By Of To
Mr Mrs Ms Dr His Her Its Their Our My Your What Who Why How Where Which Some Many Most All No
Not One Two Three Still Now Then However Meanwhile Also Even Only Last Next Asked Earlier Later
""".split())

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace,
# then something that can open a sentence (optional opening quote/bracket, a capital or digit).
_CANDIDATE = re.compile(
    r"(?:[.!?]+|…|\.\.\.)(?:[\"”’)\]]|'')*(?=[ \t\u00a0]+(?:[\"“‘(\[]|'')*[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD = re.compile(r"[ \t\u00a0]+(?:[\"“‘(\[]|'')*([A-Za-z0-9]+)")
_LINE = re.compile(r"[^\n]+")
_CLOSERS = "\"”’)]'»"
_TERMINAL = ".!?…"
_LIST_START = "—–-*•#|>"
_DATE_ONLY = re.compile(r"^\W*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?(?:(?:Jan|Feb|Mar|"
                        r"Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s*\d{0,4}|"
                        r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
                        r",?\s*\d{0,4}|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})[\W\d]*(?:[ap]\.?m\.?)?\W*$",
                        re.IGNORECASE)
_BYLINE = re.compile(r"(?:By|BY)\s+[A-Z][^\n]{0,50}$")
_DATELINE = re.compile(r"(?:on|posted|updated|published)\s+(?:[A-Z][a-z]+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
                       r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d|"
                       r"\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d)", re.IGNORECASE)
_DATE_END = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+"
                       r"\d{4}$")
# Titles before a name: a line ending in one never ends a sentence.
_TITLES = frozenset("""mr mrs ms messrs mme mlle dr prof sen sens rep reps gov govs gen lt col maj capt
cpt sgt cmdr adm brig cpl pvt st ste rev fr hon pres supt det insp atty ald amb sec treas""".split())
# A line counts as wrapped when its block's longest line is at most _WRAP_MAX long, it is at
# least _WRAP_MIN long, and the next line's first word would not have fitted on it (within a
# little slack).
_WRAP_MAX = 120
_WRAP_MIN = 20
_WRAP_SLACK = 0.85


def _is_boundary(text: str, punct_start: int, punct_end: int) -> bool:
    mark = text[punct_start]
    if mark != ".":
        return True
    if text.startswith("...", punct_start) or mark == "…":
        return True  # an ellipsis before a capital: treat as a break
    lookback = text[max(0, punct_start - 20):punct_start + 1]
    m = _WORD_BEFORE.search(lookback)
    if not m:
        return True
    word = m.group(1)
    key = word.lower().rstrip(".")
    if key in _NEVER_FINAL:
        return False
    nxt = _NEXT_WORD.match(text, punct_end)
    next_word = nxt.group(1) if nxt else ""
    if len(word) == 1 and word.isupper():
        return False  # an initial ("J. R. R. Tolkien")
    if key in _MAYBE_FINAL or ("." in word and len(word) <= 6):
        return next_word in _OPENERS
    return True


def _is_soft(prev: str, nxt: str, width: int) -> bool:
    """Whether the newline between two stripped, non-blank lines of one block (whose longest
    line is ``width`` long) is a soft wrap inside a paragraph."""
    if _DATE_ONLY.match(prev) or _DATE_ONLY.match(nxt) or _BYLINE.match(nxt) or \
            _DATELINE.match(nxt):
        return False  # a dateline, a byline
    first = nxt.split(None, 1)[0]
    # Wrapped text: short lines (at most _WRAP_MAX), and the next line's first word would not
    # have fitted on this one. One sentence per line (ECB+, Wikinews) has longer lines.
    wrapped = width <= _WRAP_MAX and len(prev) >= _WRAP_MIN and \
        len(prev) + 1 + len(first) > _WRAP_SLACK * width
    if nxt[0] in _LIST_START and not (wrapped and len(first) == 1 and nxt[2:3].islower()):
        return False  # "—Name", a list item; but a wrap before a dash ("\n– from here, ...")
    core = prev.rstrip(_CLOSERS + " \t\u00a0")
    if core[-1:] in _TERMINAL:
        # A line ending a sentence stays a boundary. In wrapped text the newline is a space
        # when the splitter sees the same boundary there, so that line-anchored patterns see
        # the paragraph as one line, and after a title ("Sen.\nTed Cruz").
        if not wrapped:
            return False
        if core.endswith(("…", "...")):
            return True  # an ellipsis: the splitter decides (a capital after it is a break)
        probe = prev + " " + nxt[:40]
        punct = len(core.rstrip(_TERMINAL))
        m = _CANDIDATE.match(probe, punct)
        if m is None or m.end() != len(prev):
            return False
        if _is_boundary(probe, punct, m.end()):
            return True
        # Not a boundary here: merge after a title ("Sen.\nTed Cruz") or a dotted abbreviation
        # ("U.S.\nSenate"); "Jr." or "CA." at a line end still ends the line's sentence.
        w = _WORD_BEFORE.search(core)
        word = w.group(1).lower() if w else ""
        return word in _TITLES or word in _MAYBE_FINAL or "." in word
    if not nxt[0].islower() and (core[-1:] == ";" or _DATE_END.search(core)):
        return False  # "Headline; \nSubhead.", "X — Announced March 23, 2015\nX dropped out"
    if wrapped and nxt[0].islower():
        return True
    words = prev.split()
    if len(words) <= 14 and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words):
        return False  # a Title Case heading ("Fired Accountant Goes on Shooting Spree\non Apr 12")
    return wrapped or nxt[0].islower()


def soft_newlines(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of the newlines in ``text[start:end]`` that are soft wraps inside a paragraph."""
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    if text.find("\n", start, end) < 0:
        return []
    out: list[int] = []
    block: list[tuple[int, str]] = []  # (newline offset after the line, stripped line)
    last_end = -2
    for m in _LINE.finditer(text, start, end):
        stripped = m.group().strip()
        if not stripped:
            last_end = -2
            continue
        if m.start() != last_end + 1:
            _soft_in_block(block, out)
            block = []
        block.append((m.end(), stripped))
        last_end = m.end()
    _soft_in_block(block, out)
    return out


def _soft_in_block(block: list[tuple[int, str]], out: list[int]) -> None:
    if len(block) < 2:
        return
    width = max(len(line) for _, line in block)
    for (nl, prev), (_, nxt) in zip(block, block[1:]):
        if _is_soft(prev, nxt, width):
            out.append(nl)


def soften(text: str, regions=None) -> str:
    """``text`` with the soft newlines inside ``regions`` (default: all) replaced by spaces."""
    soft: list[int] = []
    for s, e in (regions or [(0, len(text))]):
        soft.extend(soft_newlines(text, s, e))
    if not soft:
        return text
    soft = sorted(set(soft))  # regions may overlap
    parts, pos = [], 0
    for i in soft:
        j = i - 1 if i > pos and text[i - 1] == "\r" else i  # "\r\n" -> two spaces
        parts.append(text[pos:j])
        parts.append(" " * (i + 1 - j))
        pos = i + 1
    parts.append(text[pos:])
    return "".join(parts)


# Longer "sentences" (a pasted table, a page with no full stops) are cut at a clause boundary,
# so that no step downstream ever works on more than this many characters at once.
MAX_SENTENCE_CHARS = 1000
_CLAUSE_BREAK = re.compile(r"[;,:][ \t]|[ \t][—–-][ \t]")


def split_sentences(text: str, start: int = 0, end: int | None = None,
                    soft: bool = True, max_chars: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text[start:end]``, whitespace trimmed, never empty,
    none longer than ``max_chars``. Soft newlines (wraps inside a paragraph) count as spaces
    unless ``soft`` is False (for a text already passed through ``soften``); spans always index
    ``text``."""
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    if soft:
        text = soften(text, [(start, end)])
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        ls, le = line.span()
        cursor = ls
        for cand in _CANDIDATE.finditer(text, ls, le):
            if _is_boundary(text, cand.start(), cand.end()):
                _append_capped(text, cursor, cand.end(), spans, max_chars)
                cursor = cand.end()
        _append_capped(text, cursor, le, spans, max_chars)
    return spans


def _append_capped(text: str, s: int, e: int, spans: list[tuple[int, int]], max_chars: int) -> None:
    """Append [s, e) in pieces of at most ``max_chars``, each cut after the last clause break
    (a comma, semicolon, colon or dash) in its second half, else after the last space."""
    while e - s > max_chars:
        limit = s + max_chars
        cut = None
        for m in _CLAUSE_BREAK.finditer(text, s + max_chars // 2, limit):
            cut = m.start() + 1
        if cut is None:
            space = text.rfind(" ", s + max_chars // 2, limit)
            cut = space + 1 if space > 0 else limit
        _append_trimmed(text, s, cut, spans)
        s = cut
    _append_trimmed(text, s, e, spans)


def _append_trimmed(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
