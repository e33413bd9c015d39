"""Page furniture: the lines of a page that are not the article, and never claims.

Two kinds of evidence, both general (no list of sites):
- structure, from trafilatura's XML of the page (``body_furniture``): headings, link-dense
  blocks and lists of links, slideshow counters, and captions next to an image;
- wording, for any line of any article (``is_furniture_line``): newsletter, social, subscription,
  commerce and affiliate, copyright, comment, share and "read more" lines, photo credits, page
  messages, date lines, and very short non-sentences (navigation: "Next", "1 of 5").

``body_regions`` turns what was found into the Article's body regions: the text is never
changed, furniture is simply left outside the regions, so every offset still indexes the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "cell", "code"})
LINK_DENSE = 0.5  # share of a block's characters inside links
MAX_FURNITURE_WORDS = 30  # wording rules apply to short lines only: furniture is short
MAX_LABEL_WORDS = 5  # a line this short that does not end as a sentence is a label, not a claim
LOOKAHEAD = 2000  # characters between one block's end and the next block's start, at most

_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*$")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•▪●]|\d{1,3}[.)])[ \t]+")
_WORDS = re.compile(r"\w+")
_WHITESPACE = re.compile(r"\s+")

_PATTERNS = [re.compile(p, re.I) for p in (
    # newsletter, subscription, registration
    r"\b(sign(ing)? up|subscribe|subscription|register)\b.{0,80}\b(newsletters?|e-?mails?|updates|alerts|digest|inbox)\b",
    r"\bnewsletters?\b.{0,40}\b(sign up|subscribe|delivered|inbox)\b",
    r"^(subscribe|sign up|log in|sign in|register)\b",
    r"\bsubscribers? (only|exclusive)\b",
    # social
    r"\bfollow (us|me|him|her|them|[\w.]+( [\w.]+){0,3}) on (twitter|x|facebook|instagram|linkedin|tiktok|youtube|threads|bluesky|mastodon)\b",
    r"\bpic\.twitter\.com/", r"^[—–-]\s*.{1,60}\(@\w+\)", r"\b(like|find) us on facebook\b",
    # commerce and affiliate
    r"\b(may|might|will|could|can)( also)? (receive|earn|get|collect)\b.{0,40}\b(commission|compensation|share of (the )?(sales|revenue))\b",
    r"\baffiliate (links?|partners?|commissions?|programs?)\b", r"\bwe (may )?earn (a )?commission\b",
    r"^(buy|shop|order) (it |now |this )?(at|on|from|for)\b",
    # copyright and reprints
    r"^(©|\(c\)|copyright\b)", r"\ball rights reserved\b", r"\bnon-?commercial use\b",
    r"\b(reprints?|reproduction|redistribution)\b.{0,60}\b(permission|prohibited|order|rights)\b",
    # comments and sharing
    r"^\d[\d,.]*k? comments?$", r"\b(leave|post|add|view|show|read|load) (a |all |the |\d+ )?comments?\b",
    r"\bcomments? (are|is|have been) (closed|disabled)\b", r"\bjoin the (conversation|discussion)\b",
    r"^(share|tweet|e-?mail|print|pin|save|copy link)\b(?!.{40})", r"\bshare (this|on|via|to)\b",
    # read more / related
    r"^(read|see|watch|listen to|view)( the)? (original|full|more|also|next|related|all)\b",
    r"^(related|more|see also|recommended|trending|most popular|most read|read more|continue reading|"
    r"click here|advertisement|sponsored|promoted|you may also like|more from)\b",
    r"\b(read|originally published|first appeared)\b.{0,40}\b(original article|at|on) [\w.-]+\.(com|org|net|co\.uk)\b",
    # photo and video credits
    r"^(photo|photograph|image|picture|illustration|graphic|video|credit|source)s?( by| credit)?\s*[:|/]",
    r"^(photo|photograph|image|picture|illustration|video)s? (by|courtesy)\b",
    r"\((photo|image|picture|video|credit)s?\b[^)]*\)$", r"\b(getty images|shutterstock|ap photo|afp photo)\b",
    r"/\s*(getty|afp|reuters|ap|epa|pa)( images)?$",
    # page messages
    r"\b(javascript|your browser|ad ?blocker|try again later|temporarily unavailable|modal window|"
    r"escape key|cookies? (policy|settings))\b",
    r"\bcheck your (e-?mail|inbox)\b", r"\b(download|get|install) (our|the|your( new)?) app\b",
    # date lines
    r"^(posted|published|updated|last updated|first published)( on| at)?\b.{0,60}\d",
)]


def is_furniture_line(line: str) -> bool:
    """A short line whose wording says it belongs to the page, not the story."""
    text = _LIST_MARKER.sub("", " ".join(line.split()), count=1).strip()
    if not text:
        return False
    words = _WORDS.findall(text)
    if len(words) > MAX_FURNITURE_WORDS:
        return False
    if len(words) <= MAX_LABEL_WORDS and not _SENTENCE_END.search(text):
        return True  # "Next", "Close", "1 of 5", "Share on Twitter", "Editor's picks, travel,"
    return any(p.search(text) for p in _PATTERNS)


# --- structure: trafilatura's XML body ---------------------------------------------------------

def _text(element) -> str:
    return "".join(element.itertext())


def _link_share(element) -> float:
    total = len(_text(element).strip())
    if not total:
        return 0.0
    linked = sum(len(_text(ref).strip()) for ref in element.iter("ref"))
    return linked / total


def leaf_blocks(body) -> list:
    """Block elements with no block inside them, in document order."""
    return [el for el in body.iter(*BLOCK_TAGS)
            if not any(d.tag in BLOCK_TAGS for d in el.iterdescendants())]


def _is_link_list(lst) -> bool:
    items = [i for i in lst.iter("item") if _text(i).strip()]
    return bool(items) and sum(_link_share(i) >= LINK_DENSE for i in items) * 2 >= len(items)


def _is_slideshow(lst) -> bool:
    items = [_text(i).strip() for i in lst.iter("item")]
    return sum(bool(re.match(r"\d+\s*(/|of)\s*\d+\b", t)) for t in items) >= 2


def _after_graphic(element) -> bool:
    """The nearest element before this block (or before its list) is an image."""
    node = element
    while node is not None:
        prev = node.getprevious()
        if prev is not None:
            return prev.tag == "graphic"
        node = node.getparent()
        if node is None or node.tag not in ("item", "list"):
            return False
    return False


def _after_link_heading(element) -> bool:
    """A teaser: the first text after a heading that is a link to another article."""
    prev = element.getprevious()
    while prev is not None and prev.tag == "p" and not _text(prev).strip():
        prev = prev.getprevious()
    return prev is not None and prev.tag == "head" and _link_share(prev) >= LINK_DENSE


def _enclosing_list(element):
    return next((a for a in element.iterancestors("list")), None)


def block_is_furniture(element) -> bool:
    """Structure alone says this block is not article text."""
    if element.tag == "head" or _link_share(element) >= LINK_DENSE or _after_link_heading(element):
        return True
    lst = _enclosing_list(element)
    if lst is not None and (_is_link_list(lst) or _is_slideshow(lst)):
        return True
    # A caption: text right after an image, set as a list item or not ending as a sentence;
    # or a list of one item that is no sentence (a caption whose image was dropped).
    sentence = bool(_SENTENCE_END.search(_text(element).strip()))
    if _after_graphic(element) and (lst is not None or not sentence):
        return True
    return lst is not None and not sentence and len(lst.findall("item")) == 1


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and where each kept character was."""
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in keep), keep


def locate_blocks(text: str, blocks: Iterable) -> list[tuple[object, int, int]]:
    """(block, start, end) in ``text`` for each block found, in order (whitespace ignored, as
    trafilatura's text output re-flows it); a block not found is left out."""
    squeezed, where = _squeezed(text)
    out, cursor, skipped = [], 0, 0
    for block in blocks:
        needle = "".join(_text(block).split())
        if not needle:
            continue
        # Blocks follow one another: look just ahead (past any block not found), so a block not
        # found costs little and the whole search stays linear.
        at = squeezed.find(needle, cursor, cursor + len(needle) + LOOKAHEAD + skipped)
        if at < 0:
            skipped += len(needle)
            continue
        cursor, skipped = at + len(needle), 0
        out.append((block, where[at], where[cursor - 1] + 1))
    return out


def body_furniture(body, text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (rendered from ``body``) that structure marks as furniture."""
    if body is None:
        return []
    return [(start, end) for block, start, end in locate_blocks(text, leaf_blocks(body))
            if block_is_furniture(block)]


def xml_text(body) -> str:
    """Trafilatura's plain text of a body kept with links (the links' markup left out)."""
    from trafilatura.xml import xmltotxt

    plain = etree.fromstring(etree.tostring(body))
    etree.strip_tags(plain, "ref")
    for el in plain.iter():
        # With links kept, the page's own line breaks and indentation stay inside paragraphs.
        if el.tag != "code" and el.text:
            el.text = _WHITESPACE.sub(" ", el.text)
        if el.tail:
            el.tail = _WHITESPACE.sub(" ", el.tail)
    return xmltotxt(plain, include_formatting=False)


# --- regions ---------------------------------------------------------------------------------

def _lines(text: str, start: int, end: int):
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, stop
        pos = stop + 1


def _paragraphs(text: str, start: int, end: int):
    """Runs of non-blank lines: a plain-text file's paragraphs, however its lines are wrapped."""
    para = None
    for s, e in _lines(text, start, end):
        if not text[s:e].strip():
            if para:
                yield para
            para = None
        elif para is None:
            para = (s, e)
        else:
            para = (para[0], e)
    if para:
        yield para


def _overlaps(span, spans) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_title(line: str, title_key: str) -> bool:
    """The headline repeated in the text (a site suffix on the title is allowed)."""
    key = "".join(line.split()).casefold()
    return bool(title_key) and len(key) >= min(20, len(title_key)) and key in title_key


def body_regions(text: str, regions: list[tuple[int, int]], furniture: Iterable[tuple[int, int]] = (),
                 title: str | None = None, paragraphs: bool = False) -> list[tuple[int, int]]:
    """``regions`` less every furniture line (by structure or by wording) and the title
    repeated as a line; a list marker ("- ") is left out too. Kept lines that follow one another
    stay one region. With ``paragraphs`` the units are blank-line separated paragraphs (plain
    text, whose lines may be wrapped anywhere), not lines (trafilatura's one line a block)."""
    furniture = list(furniture)
    title_key = "".join((title or "").split()).casefold()
    out: list[list[int]] = []
    for rs, re_ in regions:
        joined = False
        for s, e in (_paragraphs if paragraphs else _lines)(text, rs, re_):
            line = text[s:e]
            if not line.strip():
                continue
            if _overlaps((s, e), furniture) or is_furniture_line(line) or _is_title(line, title_key):
                joined = False
                continue
            marker = _LIST_MARKER.match(line)
            s, e = _strip(text, s + (marker.end() if marker else 0), e)
            if s >= e:
                continue
            if joined and not marker:
                out[-1][1] = e
            else:
                out.append([s, e])
            joined = True
    return [(s, e) for s, e in out]
