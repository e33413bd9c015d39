"""Typing the sources (named, anonymous, outlet, document), resolving pronouns and short names,
splitting name from role, and the hedges of each claim."""
from __future__ import annotations

import bisect
import re

from ..models import Attribution
from . import sources
from .coref import NOT_FIRST_NAMES, short_name
from .doc import _Doc
from .hedges import find_hedges, is_speculative
from .subjects import subject_before


def _finish(doc: _Doc, rows: list[dict]) -> list[Attribution]:
    """Resolve pronouns and short names, type the source, split name/role, add hedges."""
    text = doc.text
    out: list[Attribution] = []
    speakers: list[tuple[int, str, str, bool]] = []  # (pos, display, suggested, plural)
    outlet_of_speaker: dict[str, str] = {}  # a speaker who "told Reuters" keeps talking to Reuters
    # Several rows share a sentence or a claim: look at each text once.
    anonymity_in = _Memo(lambda context: bool(context) and bool(sources.ANONYMITY.search(context)))
    hedges_in = _Memo(lambda frame: tuple(h[2] for h in find_hedges(frame)))
    speculative = _Memo(is_speculative)
    outlet_words: dict[str, str] = {}  # last word of each outlet named so far -> the outlet
    for r in rows:
        src = r["source"]
        claim = r["claim"]
        cue = r["cue"]
        s_text = text[src[0]:src[1]] if src else ""
        cue_text = text[cue[0]:cue[1]] if cue else ""
        context = text[r["sent"][0]:r["sent"][1]] if r["sent"] else ""
        resolved = None
        low = s_text.strip().lower()
        if low in sources.PERSONAL_PRONOUNS:
            resolved, suggested = _resolve_pronoun(doc, low, src, speakers)
        else:
            surname = short_name(s_text)
            if surname:
                resolved = doc.names.surname_owner(surname, src[0])
            suggested = sources.classify_source(s_text, cue_text, context if anonymity_in(context) else "",
                                                doc.registry)
            if r["kind"] == "outlet":
                suggested = "outlet"
            elif suggested == "named" and _short_outlet_name(s_text) in outlet_words:
                suggested = "outlet"  # "the Sentinel" after "the Orlando Sentinel"
                r["via"] = r["via"] or outlet_words[_short_outlet_name(s_text)]
        name, role = sources.split_name_role(s_text) if s_text and low not in \
            sources.PERSONAL_PRONOUNS else (None, None)
        if suggested in ("anonymous", "document"):
            name, role = None, re.sub(r"\s+", " ", s_text.strip().strip(",")).strip() or None
        via = r["via"]
        if suggested == "outlet":
            via = via or sources.outlet_of(sources.head_phrase(s_text), doc.registry)
            # The outlet is the name; "Foreign Policy magazine" is only its alias, not a role.
            if via and role and doc.registry.canonical(role) == via:
                role = None
            name = via or name
            outlet_words.setdefault(s_text.split()[-1].lower() if s_text.split() else "", via or s_text)
        if resolved is None and name and suggested == "named" and len(name.split()) == 1:
            resolved = doc.names.surname_owner(name, src[0]) if src else None
        if src and suggested != "outlet":
            key = resolved or name or s_text
            if via:
                outlet_of_speaker[key] = via
            elif r["kind"] in ("direct", "indirect") and key in outlet_of_speaker and \
                    (resolved or low in sources.PERSONAL_PRONOUNS):
                via = outlet_of_speaker[key]
        if src:
            display = resolved or name or s_text
            plural = low in ("they", "we") or (suggested == "anonymous" and
                                                sources.head_phrase(s_text).endswith("s"))
            speakers.append((src[0], display, suggested, plural))
        claim_text = text[claim[0]:claim[1]]
        frame = context if r["kind"] != "direct" else claim_text
        hedges = hedges_in(frame)
        flagged = speculative(claim_text) or (r["kind"] != "direct" and speculative(
            text[cue[1]:claim[0]] if cue and cue[1] < claim[0] else ""))
        if r["kind"] == "indirect" and claim[0] > (src[1] if src else 0):
            between = text[cue[1]:claim[0]] if cue else ""
            flagged = flagged or bool(hedges_in(between))
        out.append(Attribution(
            claim=claim, source=src, cue=cue, kind=r["kind"], source_name=name,
            source_role=role, resolved_source=resolved, via_outlet=via, suggested=suggested,
            hedges=hedges, speculative=flagged, warnings=r["warnings"]))
    return out


def _short_outlet_name(source: str) -> str | None:
    """"the Sentinel" / "Sentinel" -> "sentinel": a one-word capitalised name that may be an
    outlet named in full before."""
    words = source.strip().split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return words[0].lower() if len(words) == 1 and words[0][:1].isupper() else None


class _Memo(dict):
    """A function's results by argument, for one article."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __call__(self, argument):
        if argument not in self:
            self[argument] = self.function(argument)
        return self[argument]


_SUBJECT_NAME = re.compile(r"\W{0,2}(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?([A-Z][a-z’'-]+(?:\s+[A-Z]\.)?"
                           r"(?:\s+[A-Z][a-z’'-]+){0,2})\s+(?:has\s+|had\s+|was\s+|is\s+)?[a-z]+")


def _previous_subject(doc: _Doc, pos: int) -> tuple[int, str] | None:
    """(position, full name) of a person's name opening the sentence before the one at ``pos``:
    "John Doe spent the week at home. He said ..." -> John Doe."""
    i = bisect.bisect_right(doc.sentence_starts, pos) - 2
    if i < 0 or pos - doc.sentence_ends[i] > 400:
        return None
    m = _SUBJECT_NAME.match(doc.text, doc.sentence_starts[i], doc.sentence_ends[i])
    if not m or m.group(1).split()[0] in NOT_FIRST_NAMES:
        return None
    name = m.group(1)
    if len(name.split()) == 1:
        name = doc.names.surname_owner(name, m.start(1)) or (name if m.group(0).lstrip(" “\"").startswith(
            ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen")) else None)
    return (m.start(1), name) if name else None


def _resolve_pronoun(doc: _Doc, pronoun: str, src, speakers) -> tuple[str | None, str]:
    text = doc.text
    if pronoun in ("i", "we", "you"):
        return None, "unsourced"
    if pronoun in ("he", "she"):
        subject = _previous_subject(doc, src[0])
        for pos, display, suggested, plural in reversed(speakers):
            if src[0] - pos >= 3000:
                break
            if not plural and suggested in ("named", "anonymous"):
                if subject and subject[0] > pos:
                    break  # the subject of the sentence before is nearer than the last speaker
                return display, suggested
        if subject:
            return subject[1], "named"
        name = doc.names.nearest_before(src[0])
        return name, "named"
    if pronoun == "they":
        for pos, display, suggested, plural in reversed(speakers):
            if src[0] - pos >= 2000:
                break
            if plural:
                return display, suggested
        return None, "anonymous"
    if pronoun == "who":
        before = text[max(0, src[0] - 200):src[0]].rstrip().rstrip(",")
        spans = subject_before(before, 0, len(before))
        if spans:
            ant = before[spans[0][0]:spans[0][1]]
            return ant, sources.classify_source(ant, "", "", doc.registry)
        return None, "named"
    # it / which / that: the last organisation or document speaking.
    for pos, display, suggested, plural in reversed(speakers):
        if src[0] - pos >= 2000:
            break
        if suggested in ("document", "outlet"):
            return display, suggested
    return None, "named"
