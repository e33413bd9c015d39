"""The extraction pipeline: sentences -> quotes -> cues -> sources -> coreference -> typing.

Everything is regexes, word lists and small heuristics so that it runs at >100k words/s.
Spans always index into the text passed in; nothing here raises on odd input.
"""
from __future__ import annotations

import bisect
import re

from ..models import Article, Attribution
from ..outlets import default_registry
from . import cues, sources
from .coref import NameIndex, short_name
from .hedges import find_hedges, is_speculative
from .quotes import Quote, find_quotes
from .sentences import soften, split_sentences

_INTRO = frozenset("""but and so yet now then still also meanwhile however later earlier yesterday
today instead recently previously indeed moreover furthermore separately asked speaking when while
after before although though because since as if once where whereas until unless in on at during
for from with without by of to over under through about""".split())
_CLAUSE_WORDS = re.compile(r"\b(?:that|because|when|while|if|although|though|since|where|whether|"
                           r"but|so|what|how|why|after|before|until|unless)(?:\s+|$)", re.IGNORECASE)
# A finite verb or auxiliary in a would-be subject means it is a clause, not a noun phrase.
_CLAUSE_VERB = re.compile(r"\b\w+n[’']t\b|\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|"
                          r"must|do|does|did|be|been|isn’t|wasn’t|aren’t|weren’t|it’s|it's|that’s|"
                          r"there’s)\b|\b(?!(?:with|of|in|on|at|to|for|from|by|about|like|into|"
                          r"over|under|near|among|and|or|than|as|least|most|all|both|of)\b)[a-z]+\s+(?:the|a|an|his|her|"
                          r"their|them|him|it|this|these|those)\b")
_RELATIVE = re.compile(r"\b(?:who|whose|which|that|whom)\b|,")
_NOT_A_SOURCE = re.compile(r"^(?:On|In|At|By|During|Last|This|Next|Early|Late)?\s*(?:Monday|Tuesday|"
                           r"Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                           r"May|June|July|August|September|October|November|December|Jan\.|Feb\.|"
                           r"Aug\.|Sept\.|Oct\.|Nov\.|Dec\.|week|month|year|night|morning|"
                           r"afternoon|evening|time)\b")
_FUNCTION_END = frozenset("""to the a an of and or not that than as is was were are be been has
have had do does did will would could should may might must can this these those its his her
their our my your very just also""".split())
_DET_START = re.compile(r"^(?:\[?[Tt]\]?wo|two|three|four|five|six|seven|eight|nine|ten|a|an|the|"
                        r"one|several|some|many|most|other|\d+)\b", re.IGNORECASE)
_PRONOUN_END = re.compile(r"(?:^|\s)(he|she|they|it|i|we|you|who|which)$", re.IGNORECASE)
_RIGHT_STOP = re.compile(r"[;!?“\"]|''|\s[—–]\s|,\s*[“\"]|,\s+(?:\w+ing\b|but\b|according|who\s+"
                         r"(?:\w+\s+)?(?:said|added|told|says|noted|argued))|\s+(?:in\s+an?\s+(?:interview|statement|email|"
                         r"speech)|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                         r"Sunday|Twitter|Facebook|CNN|Fox)|during|at\s+a|told|after|before|"
                         r"when|while)\b")
_QUANT_TAIL = re.compile(r"\s+(?:all|both|each|themselves|himself|herself|alike)$", re.IGNORECASE)
_PASSIVE_BY = re.compile(
    r"\b(?:(?:was|were|is|are|been|being|has\s+been|have\s+been)\s+|(?<=\s)and\s+)(?:\w+\s+)?"
    r"(denied|dismissed|rejected|confirmed|disputed|criticized|criticised|derided|questioned|"
    r"reported|described|praised|condemned|announced|quoted|cited|challenged|contradicted|"
    r"ridiculed|mocked|endorsed|revealed|disclosed|debunked|refuted|asked|told)\s+by\s+")
_PASSIVE_SOURCE_END = re.compile(r"[,;:!?“\"]|\.(?=\s*$)|\s+and\s+(?:\w+ly\s+)?\w+ed\s+by\b|\s+(?:as|for|"
                                 r"after|before|because|when|while|but)\s")
_SUBORDINATOR_START = re.compile(r"^\W*(?:When|After|Before|Although|Though|While|Because|If|As|"
                                 r"Since|Once|Until|Unless|Even\s+though|Even\s+as)\b")
_THAT_SOON = re.compile(r"^(?:[^,.;:]{0,40}?\s)?that[\s,]+")
_DASH_LINE = re.compile(r"^[ \t]*(?:—|–|--|-)\s*([A-Z][^\n]{1,80}?)\s*$", re.MULTILINE)
# "Marco Rubio: I'm Not Interested ..." (a headline) and "TAPPER: Do you think ..." (a
# transcript): a short capitalised name at the start of a line, then a colon and the words.
_COLON_LINE = re.compile(r"^[ \t]*((?:[A-Z][\w’'.&-]*)(?:[ \t]+(?:[A-Z][\w’'.&-]*|of|on|to|at|"
                         r"camp|de|van|von|al))" r"{0,4})[ \t]*:[ \t]*(\S[^\n]*)$", re.MULTILINE)
_HEADLINE_TOPIC = re.compile(r"\s+(?:[Oo]n|to|at)\s")
_COLON_STOP = frozenset("""the latest|still to come|editor's note|news guide|update|delegate update|
pledged|superdelegates|the ninth circle|correction|clarification|related|watch|video|photo|photos|
source|sources|note|exclusive|breaking|breaking news|read more|see also|full disclosure|warning|
background|context|bottom line|disclaimer|advertisement|credit|image|getty|transcript|tags|topics|
contact|email|follow|subscribe|share|example|answer|question|summary|analysis|opinion|commentary|
live|latest|more|also|plus|and|but|so|then|now|here|today|yesterday|tonight|why|what|how|when|
where|who|which|this|that|it|he|she|they|we|i|you|first|second|third|finally|
monday|tuesday|wednesday|thursday|friday|saturday|sunday|q|a""".replace("\n", "").split("|"))
_FROM_LINE = re.compile(r"^[ \t]*From\s+([^\n:]{2,80}):[ \t]*$", re.MULTILINE)
_DATE_LINE = re.compile(r"^\W*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?(?:(?:Jan|Feb|Mar|"
                        r"Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s*\d{0,4}|"
                        r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})[\W\d]*(?:a\.m\.|p\.m\.)?\W*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9’'-]+")


class _Doc:
    """Per-text lookups shared by the steps: quotes by position, names, registry."""

    def __init__(self, text: str, regions: list[tuple[int, int]], registry):
        self.text = text
        self.registry = registry
        self.quotes: list[Quote] = []
        for s, e in regions:
            self.quotes.extend(find_quotes(text, s, e))
        self.quotes.sort(key=lambda q: q.open_mark)
        self.quote_starts = [q.open_mark for q in self.quotes]
        self.names = NameIndex(text)

    def quote_at(self, pos: int) -> Quote | None:
        """The quote whose inside contains ``pos``."""
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        while i >= 0:
            q = self.quotes[i]
            for s, e in q.pieces:
                if s <= pos < e:
                    return q
            if q.end < pos - 2000:
                break
            i -= 1
        return None

    def quotes_in(self, s: int, e: int) -> list[Quote]:
        """Quotes with a piece inside the sentence [s, e)."""
        lo = bisect.bisect_left(self.quote_starts, s - 20000)
        out = []
        for q in self.quotes[lo:]:
            if q.open_mark >= e:
                break
            if any(ps < e and pe > s for ps, pe in q.pieces) and q.end > q.start:
                out.append(q)
        return out


# ---------------------------------------------------------------- source noun phrases

def _trim(text: str, s: int, e: int, chars: str = " \t\n,;:") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def subject_before(text: str, lo: int, verb_start: int) -> list[tuple[int, int]]:
    """The subject noun phrase(s) ending right before a verb at ``verb_start``. Two spans for a
    coordination of two descriptions ("two officers ... and two Russian intelligence sources")."""
    seg = text[lo:verb_start]
    stripped = seg.rstrip()
    if not stripped:
        return []
    end = lo + len(stripped)
    m = _PRONOUN_END.search(stripped)
    if m:
        return [(lo + m.start(1), end)]
    m = _RELATIVE_THAT.search(stripped)
    if m and not _AFTER_VERB_THAT.search(stripped) and re.search(r"[a-z]\s+that$", stripped):
        return [(lo + m.start(1), end)]  # "a message that said": the relative pronoun speaks
    if stripped.endswith(","):
        return _appositive_subject(text, lo, end - 1)
    # The last piece after a hard boundary or a comma; a short parenthesis ("(R-Mo.)") belongs
    # to the phrase.
    masked = _mask_parens(stripped)
    cut = max(masked.rfind(ch) for ch in (",", ";", ":", "(", ")", "“", "”", "\"", "—", "–"))
    cut = max(cut, masked.rfind("''") + 1 if "''" in masked else -1,
              masked.rfind("--") + 1 if "--" in masked else -1,
              masked.rfind(" - ") + 1 if " - " in masked else -1)
    start = lo + cut + 1
    s, e = _trim(text, start, end)
    return _clean_np(text, s, e)


_PARENS = re.compile(r"\([^()\n]{0,40}\)")
# A relative "that" right before the verb ("a message that said"); a complementizer "that" is
# followed by a subject instead. Not after a verb ("he said that ...").
_RELATIVE_THAT = re.compile(r"(?<![,;:])\s+(that)$")
_AFTER_VERB_THAT = re.compile(r"(?:\b(?:so|now|such|than|and|but|or|is|was|are|were|be|been|said|says|"
                              r"told|believe|believes|believed|think|thinks|thought|know|knows|knew)|"
                              r"\w+ed|\w+ing)\s+that$", re.IGNORECASE)


def _mask_parens(seg: str) -> str:
    """``seg`` with short closed parentheses replaced by underscores (same length)."""
    if "(" not in seg:
        return seg
    return _PARENS.sub(lambda m: "_" * len(m.group(0)), seg)


_NOT_APPOSITION = re.compile(r"\s*(?:in|after|before|during|at|on|meanwhile|however|too|though|"
                             r"for\s+(?:his|her|their|its)\s+part|speaking|like|unlike|also|then|now|"
                             r"again|in\s+turn|clad|dressed|flanked|surrounded|seated|standing|"
                             r"[a-z]+ing)\b")


def _appositive_subject(text: str, lo: int, end: int) -> list[tuple[int, int]]:
    """"Rasim Musabayov, an independent Azeri lawmaker ...," -> from the name to the comma.
    The subject is the first comma piece (left to right) that is a noun phrase; what follows it
    up to the verb is its apposition."""
    seg = _mask_parens(text[lo:end])
    hard = max(seg.rfind(ch) for ch in (";", ":", "(", "“", "”", "\"", "—"))
    hard = max(hard, seg.rfind("--") + 1 if "--" in seg else -1)
    base = lo + hard + 1
    pieces, start = [], base
    for i in range(base, end + 1):
        if i == end or (text[i] == "," and seg[i - lo] == ","):
            pieces.append((start, i))
            start = i + 1
    for ps, pe in pieces[-6:]:
        s, e = _trim(text, ps, pe)
        if e <= s or _NOT_A_SOURCE.match(text[s:e]):
            continue
        spans = _clean_np(text, s, e)
        if spans:
            s2 = spans[0][0]
            # Stop before a comma piece that is not an apposition ("Trump, in Kentucky, said",
            # "Clinton, after the scandal broke, said", "X, clad in a red cape, said").
            stop = end
            for qs, qe in pieces:
                if qs <= s2:
                    continue
                if _NOT_APPOSITION.match(text, qs, qe):
                    stop = _trim(text, s2, qs)[1]
                    break
            if len(text[s2:stop].split()) <= 40:
                return [(s2, stop)]
    return []


_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozen dozens half third "
                          "quarter majority majorities".split())
_LY_NOUNS = frozenset("family ally rally assembly supply daily weekly monthly bully".split())
_TIME_TAIL = re.compile(r"\s+(?:(?:on|last|this|early|late|next)\s+)?(?:Monday|Tuesday|Wednesday|"
                        r"Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|week|night|"
                        r"morning|afternoon|evening)(?:\s+(?:night|morning|afternoon|evening))?$")
_NOT_A_SUBJECT = frozenset("""beyond once when whenever while although though because since if unless until
where whereas eventually finally here there instead again thus hence too even just only also not
never no yes well oh now then later soon first""".split())
# A lowercase past-tense verb after a noun ("prices rose", "the bill passed"): a clause.
_PAST_VERB = re.compile(r"\b(?!(?:the|a|an|his|her|their|its|our|my|this|that|former|so-called|"
                        r"alleged|unnamed|retired|elected|embattled|united|red|self-described|"
                        r"unidentified|renowned|noted|respected|married)\b)[a-z]+ed\b(?!\s+by\b)"
                        r"|\b(?:rose|fell|won|lost|went|came|took|made|gave|got|ran|left|began|"
                        r"grew|saw|met|found|held|kept|knew|became|brought|bought|paid|sent|spent)\b")


def _clean_np(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Trim intro words and clause openers off a candidate subject; reject non-noun phrases."""
    if e <= s:
        return []
    piece = text[s:e]
    # Cut after the last clause opener ("... said that X told"): the subject follows it.
    last = None
    for m in _CLAUSE_WORDS.finditer(piece):
        last = m
    if last is not None:
        s += last.end()
        piece = text[s:e]
    words = piece.split()
    # Drop leading intro adverbs / a leading prepositional phrase.
    while words and words[0].lower().strip(",") in _INTRO and len(words) > 1:
        w = words[0].lower()
        if w == "at" and words[1].lower() in ("least", "most") or \
                w == "about" and (words[1][:1].isdigit() or words[1].lower() in _NUMBER_WORDS):
            break  # "at least a dozen members", "about 4 in 10": a quantifier, not a preposition
        s = text.index(words[0], s) + len(words[0])
        words = words[1:]
        if w in ("in", "on", "at", "during", "for", "from", "with", "without", "by", "of", "to",
                 "over", "under", "through", "about", "after", "before", "since", "as"):
            # Skip the object of the preposition: up to a pronoun or a capitalised run at the end.
            rest = text[s:e]
            rel = None
            for rel in re.finditer(r"\b(?:which|whom)\s+", rest):
                pass
            if rel is not None:  # "in an election year in which a majority of Americans"
                s = s + rel.end()
                words = text[s:e].split()
                break
            m = re.search(r"\b(he|she|they|we|I|it|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)$", rest)
            if not m:
                return []
            s = s + m.start()
            words = text[s:e].split()
            break
    s, e = _trim(text, s, e)
    if e <= s:
        return []
    m = _QUANT_TAIL.search(text, s, e)
    if m and m.start() > s:
        e = m.start()
    m = _TIME_TAIL.search(text, s, e)
    if m and m.start() > s:
        e = m.start()
    words = text[s:e].split()
    if not words or len(words) > 22:
        return []
    first = words[0].lower()
    if len(words) == 1 and (first in _INTRO or first in _NOT_A_SUBJECT or
                            (first.endswith("ly") and words[0][:1].islower())):
        return []  # "But said", "eventually saying", "Once he ...": no noun phrase
    if first in ("he", "she", "they", "we", "i") and len(words) > 1 and words[1][:1].islower() \
            and words[1].lower() not in ("both", "all", "each", "alone", "too", "himself", "herself"):
        return [(s, s + len(words[0]))]  # "He criticized Clinton's record said": just "He"
    if words[-1].lower() in _FUNCTION_END or words[-1].lower().endswith("ly") and len(words) > 1 \
            and words[-1][:1].islower() and words[-1].lower() not in _LY_NOUNS:
        return []
    if not any(ch.isalpha() for ch in words[-1]) and \
            not re.search(r"\b(?:in|of)\s+\d+$", text[s:e]):
        return []  # but "Six in 10 say", "three of 4": a share of people
    # "and": either a coordination of two sources, or a second clause ("prices rose and X said").
    i = text.rfind(" and ", s, e)
    if i >= 0:
        left, right = text[s:i], text[i + 5:e]
        if _DET_START.match(left) and _DET_START.match(right) and "," not in left:
            return [(s, i), (i + 5, e)]
        name_join = left.split()[-1][:1].isupper() and right[:1].isupper() and \
            not _DET_START.match(right) and len(right.split()) <= 4
        if _CLAUSE_VERB.search(left) or _PAST_VERB.search(left):
            s = i + 5  # "prices rose and X said": the second clause's subject
        elif len(left.split()) > 4 and not sources.looks_like_person_name(left) and not name_join:
            s = i + 5
    if text[s:e].split()[0].lower() in ("it’s", "it's", "there", "here"):
        return []
    rel = _RELATIVE.search(text, s, e)
    if _CLAUSE_VERB.search(text, s, rel.start() if rel else e):
        return []  # "Facebook found the posting": a clause, not a noun phrase
    if _NOT_A_SOURCE.match(text[s:e]):
        return []
    return [(s, e)]


# Verbs after which the subject commonly follows ("..., said Senator X"); after other verbs only
# a capitalised name is taken ("..., wrote Smith"), never "wrote a host of new songs". "told X"
# is always the listener.
_INVERTS = frozenset("said says added adds asked continued continues recalled noted replied "
                     "responded quipped insisted declared warned argued stated remarked".split())
_NO_INVERSION = frozenset("told tell tells telling".split())
# What follows an -s form that is a verb: "that", a quote, a colon or comma, a pronoun or name.
_S_VERB_FOLLOWER = re.compile(r"\s*(?:that\b|[,:“\"]|''|(?:he|she|they|it|we|I|his|her|the|a|an)\b|"
                              r"[A-Z])")
_TITLE_START = re.compile(r"^(?:[a-z][\w.-]*\s+){1,4}(?:[A-Z])")


def subject_after(text: str, verb_end: int, limit: int, said_like: bool = True
                  ) -> tuple[int, int] | None:
    """The inverted subject after the verb ("..., said Senator Jeff Sessions, Republican of ...")."""
    s = verb_end
    while s < limit and text[s] in " \t":
        s += 1
    m = _RIGHT_STOP.search(text, s, limit)
    e = m.start() if m else limit
    s, e = _trim(text, s, e, " \t\n,;:")
    if e > s and text[e - 1] == "." and not re.search(r"(?:\b[A-Z]|Jr|Sr|Inc|Co|Corp|Ltd)\.$", text[s:e]):
        e -= 1  # the sentence's own full stop, not an abbreviation's
    words = text[s:e].split()
    if not words or len(words) > 30:
        return None
    first = words[0]
    if not said_like and not (first[:1].isupper() and first.lower() not in ("the", "a", "an")):
        return None
    if not (first[:1].isupper() or _DET_START.match(first) or
            (said_like and _TITLE_START.match(text[s:e]))):
        return None  # "said former Wisconsin Gov. Jim Doyle" is fine, "said only that" is not
    if first.lower() in ("that", "it", "he", "she", "they", "i", "we", "you", "this", "there"):
        return None
    if _NOT_A_SOURCE.match(text[s:e]) or " that " in text[s:e]:
        return None
    rel = _RELATIVE.search(text, s, e)
    if _CLAUSE_VERB.search(text, s, rel.start() if rel else e):
        return None
    return s, e


# ---------------------------------------------------------------- claims

def _strip_end(text: str, s: int, e: int) -> tuple[int, int]:
    return _trim(text, s, e, " \t\n,;:.!?")


def indirect_claim(text: str, after: int, sent_start: int, sent_end: int,
                   source_start: int, cue_start: int | None = None) -> tuple[int, int]:
    """The complement clause: after the cue (skipping "that"), or before the source when the
    cue closes the sentence ("X is coming, he said."), or before the cue when the source
    follows it ("X is coming, said Foreign Minister Ivan Petrov.")."""
    if cue_start is not None and source_start >= cue_start:
        s2, e2 = _strip_end(text, sent_start, cue_start)
        if e2 - s2 >= 3:
            return s2, e2
    rest = text[after:sent_end]
    m = _THAT_SOON.match(rest)
    s = after + (m.end() if m else 0)
    s, e = _strip_end(text, s, sent_end)
    if e - s < 3:
        # Cue at the end of the sentence: the claim is what came before the source.
        s2, e2 = _strip_end(text, sent_start, source_start)
        return (s2, e2) if e2 > s2 else (s, e)
    if _SUBORDINATOR_START.match(text[sent_start:source_start + 1] or "") :
        comma = text.find(",", s + 20, e)
        if comma > 0:
            e = comma
    return s, e


# ---------------------------------------------------------------- the main pass

def _row(doc: _Doc, claim, source, cue, kind, sent, warnings=()) -> dict:
    return {"claim": claim, "source": source, "cue": cue, "kind": kind, "sent": sent,
            "warnings": tuple(warnings), "via": None}


def _speech_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    text = doc.text
    rows: list[dict] = []
    quotes = doc.quotes_in(ss, se)
    for m in cues.SPEECH_VERB.finditer(text, ss, se):
        vs, ve = m.span()
        verb = m.group(0).split()[-1].lower()
        if doc.quote_at(vs) is not None:
            continue  # a verb inside a quotation belongs to the quoted speaker's words
        before = text[max(ss, vs - 12):vs].split()
        prev = before[-1].lower() if before else ""
        if prev == "to" or prev in ("not", "never") and False:
            continue
        if prev in cues.PASSIVE_AUX and not verb.endswith("ing"):
            continue
        if verb.startswith("add") and re.match(r"\s+to\b", text[ve:ve + 4]):
            continue  # "added to her delegate lead"
        after_verb = text[ve:min(se, ve + 40)]
        if verb == "asked" and after_verb.startswith(" of "):
            continue  # "questions asked of the candidates"
        if verb == "continued" and not re.match(r"\s*(?:[:“\"”]|''|,\s*(?:[“\"‘]|'')|[.!?]|$)",
                                                after_verb):
            continue  # "the borrowing continued", "continued to interject", "continued support"
        if verb == "told" and after_verb.startswith(","):
            continue  # "All told, ..."
        if verb == "reporting" and not re.match(r"\s*(?:that\b|[,:“\"]|on\b)", text[ve:se]):
            continue  # "Breitbart's reporting team"
        if (text.startswith(" by ", ve) and not verb.endswith("ing")) or \
                (verb == "reported" and text.startswith(" from ", ve)):
            continue  # passive, or a reporter's credit line ("Wolf reported from Washington.")
        if verb in cues.NOUNISH_S_FORMS or verb in cues.BASE_FORMS:
            nxt = re.match(r"\s*([\w’']+)", text[ve:se])
            if nxt and nxt.group(1).lower() in cues.NOUN_FOLLOWERS and \
                    (verb != "say" or nxt.group(1).lower() in ("in", "over", "on", "of")):
                continue  # "the reports were ...", "a say in"; but "many economists say is ..."
            if verb == "states" and not re.match(r"\s*(?:that\b|[:“\"])", text[ve:se]):
                continue  # "whiter states, like Ohio": almost always the noun
            if verb in cues.NOUNISH_S_FORMS and m.group(0) == verb and \
                    not text[max(ss, vs - 2):vs].startswith(",") and \
                    not _S_VERB_FOLLOWER.match(text, ve, se):
                continue  # "coastal states", "credit reports": a plural noun, not a verb
        # Where the clause holding this verb starts: after the last closing quote before it.
        lo = ss
        for q in quotes:
            if q.close_mark is not None and q.close_mark <= vs:
                lo = max(lo, q.close_mark)
        prior = [r for r in rows if r["cue"][1] <= vs]
        if prior:
            lo = max(lo, prior[-1]["cue"][1])
        srcs = []
        if verb.endswith("ing") and (text[lo:vs].rstrip().endswith(",") or
                                     _PARTICIPLE_LEAD.search(text, max(lo, vs - 8), vs)):
            same = [r for r in rows if r["source"] and r["cue"][1] <= vs]
            srcs = [same[-1]["source"]] if same else _sentence_subject(text, ss, vs)
        elif verb in ("according",):
            continue
        else:
            srcs = subject_before(text, lo, vs)
        if m.group(0) == verb and not verb.endswith("ing"):
            left = text[lo:vs].rstrip()
            named_left = srcs and _starts_with_name(text, srcs[0])
            if not srcs or (left and left[-1] == "," and not named_left):
                if (not left or left[-1] in ",”\"'’") and verb not in _NO_INVERSION:
                    right = subject_after(text, ve, se, verb in _INVERTS)
                    if right:
                        srcs = [right]
            elif left and left[-1] == "," and verb in _INVERTS and named_left and \
                    srcs[0][0] > lo + 1 and text[lo:srcs[0][0]].strip(" \t\n,"):
                # "... building bridges to Mr. Sanders, said David Axelrod": the name before the
                # comma ends a clause; the speaker is the one after "said".
                right = subject_after(text, ve, se, True)
                if right and _ends_sentence(text, right[1], se):
                    srcs = [right]
        if not srcs and re.search(r"(?:^|[\s,])(?:and|but|then)$", text[lo:vs].rstrip()) and \
                not verb.endswith("ing"):
            # "Trump gestured ... and said": the subject of the first verb speaks.
            same = [r for r in rows if r["source"] and r["cue"][1] <= vs]
            srcs = [same[-1]["source"]] if same else _sentence_subject(text, ss, vs)
        if srcs and verb in cues.BASE_FORMS and m.group(0).lower() == verb:
            phrase = text[srcs[-1][0]:srcs[-1][1]]
            words = (sources.head_phrase(phrase) or phrase).split() or phrase.split()
            last_word = words[-1].lower()
            plural = last_word in cues.PLURAL_WORDS or last_word in _NUMBER_WORDS or \
                last_word.endswith("s") or last_word.isdigit() or " and " in phrase or \
                words[0].lower() in ("those", "these")
            if not plural or re.search(r"[’']s$", last_word):
                srcs = []  # "the Foreign Policy report": a noun, not a verb
        if srcs and verb in cues.NOUNISH_S_FORMS and m.group(0) == verb and \
                not _looks_like_speaker(text[srcs[0][0]:srcs[0][1]]):
            srcs = []  # "in coastal states", "data from credit reports": a plural noun
        if not srcs:
            continue
        cue_end = ve
        tail = cues.CUE_TAIL.match(text, ve, se)
        if tail:
            cue_end = tail.end()
        via = None
        after = cue_end
        if verb in ("told", "tell", "tells", "telling"):
            obj = re.match(r"\s+([^,.;:“\"]{1,60}?)(?=\s+(?:that|about|in|on|last|this|he|she|they|it|"
                           r"the)\b|[,.;:“\"]|$)", text[ve:se])
            if obj:
                via = sources.outlet_of(obj.group(1), doc.registry)
                after = ve + obj.end()
                if via:
                    cue_end = after
        elif tail:
            via = sources.outlet_of(re.sub(r"^\s*(?:in|on)\s+", "", tail.group(0)), doc.registry)
        m_with = re.match(r"\s+(?:in\s+an\s+interview\s+)?(?:with|to)\s+([A-Z][\w .&’']{1,40}?)(?=[,.;:]|\s+(?:that|on|in)\b)",
                          text[cue_end:se])
        if m_with and not via:
            via = sources.outlet_of(m_with.group(1), doc.registry)
        cue = (vs, cue_end)
        claims = _direct_claims(quotes, vs, cue_end, srcs[0][0])
        kind = "direct" if claims else "indirect"
        if not claims:
            claims = [indirect_claim(text, after, ss, se, min(s for s, _ in srcs), vs)]
        for src in srcs:
            for claim in claims:
                r = _row(doc, claim, src, cue, kind, (ss, se))
                r["via"] = via
                rows.append(r)
    return rows


_SPEAKER_HEADS = (sources.ANONYMOUS_PERSON_HEADS | sources.INSTITUTION_HEADS | sources.TITLE_HEADS |
                  sources.DOCUMENT_HEADS | sources.OUTLET_HEADS | sources.PERSONAL_PRONOUNS)


def _looks_like_speaker(phrase: str) -> bool:
    """Whether a would-be subject's head is a name, a pronoun, or a person, body or document."""
    words = (sources.head_phrase(phrase) or phrase).split()
    if not words:
        return False
    last = words[-1].strip(",.’'")
    return last[:1].isupper() or last.lower() in _SPEAKER_HEADS or \
        last.lower().rstrip("s") in _SPEAKER_HEADS


def _ends_sentence(text: str, pos: int, se: int) -> bool:
    """Whether only closing punctuation or an apposition/relative clause follows ``pos``."""
    rest = text[pos:se]
    return not rest.strip(" .!?”\"'’)") or bool(re.match(r"\s*,\s+(?:who|whose|which|a|an|the|"
                                                         r"[a-z]+ing)\b", rest))


def _starts_with_name(text: str, span: tuple[int, int]) -> bool:
    first = text[span[0]:span[1]].split(",")[0]
    return sources.looks_like_person_name(first)


def _direct_claims(quotes: list[Quote], vs: int, ve: int, src_start: int) -> list[tuple[int, int]]:
    """Quote pieces attributed by a cue in this sentence (those outside the cue and source)."""
    out = []
    for q in quotes:
        if q.start <= vs < q.end:
            continue
        for piece in q.pieces:
            if piece[1] > piece[0]:
                out.append(piece)
    return out


_PARTICIPLE_LEAD = re.compile(r"\b(?:by|while|and|also)\s+$")
_MAIN_VERB = re.compile(r"\s(?:\w+n[’']t\s+)?(?:(?:has|have|had|is|was|were|are|will|would|did|does|do|also|then|"
                        r"later|again|quickly|immediately|repeatedly|even)\s+)*(?:[a-z]+ed|has|have|had|"
                        r"is|was|were|are|will|would|can|could|did|does|struck|took|made|gave|went|"
                        r"came|hit|shot|fired|spoke|wrote|told|said|says|sent|put|set|kept|held|"
                        r"threw|broke|drew|took|stood|sought|fought|met|led|ran|won|lost|urged|"
                        r"defended|criticized|called|issued|released|posted|tweeted)\b")


def _sentence_subject(text: str, ss: int, limit: int) -> list[tuple[int, int]]:
    """The subject of the sentence's main verb, for participle cues ("X struck a measured tone,
    saying ...") and "X gestured ... and said": the noun phrase before the first finite verb,
    after any introductory phrase ("In a victory speech on Tuesday, Mr. Trump struck ...")."""
    if text[ss:ss + 1] in "“\"'‘":
        return []
    start = ss
    if _SUBORDINATOR_START.match(text[ss:limit]) or re.match(
            r"\W*(?:In|On|At|During|After|Before|From|With|Without|Despite|For|By|Since|Speaking|"
            r"Asked|Later|Earlier|Meanwhile|Still|But|And|Yet|Also|Now|Then)\b", text[ss:limit]):
        comma = text.find(",", ss, limit)
        if comma < 0:
            return []
        start = comma + 1
    m = _MAIN_VERB.search(text, start, limit)
    if not m:
        return []
    spans = subject_before(text, start, m.start())
    lead = text[start:spans[0][0]].rstrip() if spans else ""
    if lead and lead[-1] not in ",;:—–-)\"”":
        return []  # the phrase does not start the clause: not its subject
    return spans[:1]


_TITLE_CUE = re.compile(r"(?<=[a-z.)])\s+(Says|Said|Tells|Told|Warns|Admits|Insists|Vows|Denies|"
                        r"Claims|Argues|Explains|Reveals|Confirms|Predicts|Tweets|Writes)\b(?=\s+\S|[.!?]?\s*$)")
_TITLE_NAME = re.compile(r"(?:^|(?<=[\s(“\"‘—–|:]))((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)$")
_TITLE_NOT_SOURCE = frozenset("why how what when where who which here this that report study poll "
                              "video watch exclusive breaking".split())


def _title_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    """Title Case headlines: "Bernie Sanders Says He's Already Started Writing His Address",
    "Donald Trump Is Like A Lawyer's Dumbest Client Ever, Trevor Noah Says"."""
    text = doc.text
    if not _TITLE_CUE.search(text, ss, se):
        return []
    words = _WORD.findall(text[ss:se])
    if sum(1 for w in words if w[:1].isupper()) < 0.6 * len(words):
        return []  # only in a headline
    rows = []
    for m in _TITLE_CUE.finditer(text, ss, se):
        before = text[max(ss, m.start() - 60):m.start()]
        nm = _TITLE_NAME.search(before)
        if not nm:
            continue
        s = m.start() - len(before) + nm.start(1)
        e = m.start()
        first = text[s:e].split()[0].lower()
        if first in _TITLE_NOT_SOURCE:
            continue
        after = _strip_end(text, m.end(), se)
        claim = after if after[1] - after[0] >= 3 else _strip_end(text, ss, s)
        if claim[1] <= claim[0]:
            continue
        rows.append(_row(doc, claim, (s, e), m.span(1), "indirect", (ss, se)))
    return rows


_DOC_VERB = re.compile(r"\b(?:(?:also|consistently|still|now)\s+|(?:has|have|had)\s+(?:also\s+)?|"
                       r"continues?\s+to\s+)*(found|finds|show|shows|showed|shown|indicates|"
                       r"indicated)\b")
_IN_POLL = re.compile(r"\W*([Ii]n)\s+((?:an?|the)\s+[^,;:“\"]{0,80}?\b(?:poll|polls|survey|surveys|study|"
                      r"report|analysis)(?:\s+(?:released|conducted|published|taken|out)\b[^,;:“\"]{0,40})?)"
                      r",\s+")


def _document_rows(doc: _Doc, ss: int, se: int, taken: list[dict]) -> list[dict]:
    """Documents as sources: "A Washington Post-ABC News poll last week found that ...",
    "Polls show ...", "In a national CNN/ORC poll released Monday, 31% of Republicans said ..."."""
    text = doc.text
    rows = []
    m = _IN_POLL.match(text, ss, se)
    if m and not any(r["source"] and r["source"][0] <= m.start(2) < r["source"][1] for r in taken):
        claim = _strip_end(text, m.end(), se)
        if claim[1] - claim[0] > 10:
            rows.append(_row(doc, claim, m.span(2), m.span(1), "indirect", (ss, se)))
    for m in _DOC_VERB.finditer(text, ss, se):
        vs = m.start()
        if doc.quote_at(vs) is not None:
            continue
        lo = max([ss] + [r["cue"][1] for r in taken + rows if r["cue"][1] <= vs])
        srcs = subject_before(text, lo, vs)
        if not srcs:
            continue
        phrase = text[srcs[0][0]:srcs[0][1]]
        head = sources.head_phrase(phrase).split()
        if not head or head[-1].lower().strip("’'s") not in sources.DOCUMENT_HEADS and \
                head[-1].lower() not in sources.DOCUMENT_HEADS:
            continue
        claim = indirect_claim(text, m.end(), ss, se, srcs[0][0])
        rows.append(_row(doc, claim, srcs[0], m.span(), "indirect", (ss, se)))
    return rows


def _according_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    text = doc.text
    rows = []
    for m in cues.ACCORDING_TO.finditer(text, ss, se):
        if doc.quote_at(m.start()) is not None:
            continue
        s = m.end()
        stop = re.compile(r"[,;:!?“\"]|\.(?=\s*$)|\s+(?:that|who|which)\s|\s[—–]\s")
        st = stop.search(text, s, se)
        e = st.start() if st else se
        s, e = _trim(text, s, e)
        if e <= s or len(text[s:e].split()) > 20:
            continue
        cue = (m.start(), m.start() + len(m.group(0).rstrip()))
        before = _strip_end(text, ss, m.start())
        after = _strip_end(text, e, se)
        claim = before if before[1] - before[0] >= after[1] - after[0] else after
        r = _row(doc, claim, (s, e), cue, "according_to", (ss, se))
        r["via"] = sources.outlet_of(text[s:e], doc.registry)
        rows.append(r)
    return rows


def _passive_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    text = doc.text
    rows: list[dict] = []
    last_claim = None
    for m in _PASSIVE_BY.finditer(text, ss, se):
        if doc.quote_at(m.start()) is not None:
            continue
        s = m.end()
        st = _PASSIVE_SOURCE_END.search(text, s, se)
        e = st.start() if st else se
        s, e = _trim(text, s, e)
        if e <= s or len(text[s:e].split()) > 12:
            continue
        if m.group(0).startswith("and"):
            claim = last_claim
        else:
            clause_start = max(ss, text.rfind(",", ss, m.start()) + 1)
            claim = _trim(text, clause_start, m.start())
        if not claim or claim[1] <= claim[0]:
            continue
        last_claim = claim
        cue = (m.start(1), m.end() - 1)
        rows.append(_row(doc, claim, (s, e), cue, "passive", (ss, se)))
    return rows


def _outlet_rows(doc: _Doc, ss: int, se: int, taken: list[dict]) -> list[dict]:
    """"Reuters has come out with the same story": an outlet as reporter without a speech verb."""
    text = doc.text
    rows = []
    for s, e, name in doc.registry.find_in(text, ss, se):
        m = cues.OUTLET_REPORT.match(text, e, se)
        if not m or doc.quote_at(s) is not None:
            continue
        if any(r["source"] and r["source"][0] <= s < r["source"][1] for r in taken):
            continue
        cs, ce = _strip_end(text, m.end(), se)
        r = _row(doc, (cs, ce), (s, e), (e + 1, m.end()), "outlet", (ss, se))
        r["via"] = name
        rows.append(r)
    return rows


def _lead_in_rows(doc: _Doc, regions, all_rows: list[dict]) -> list[dict]:
    """"—Name" after a paragraph and "From X:" before one."""
    text = doc.text
    rows = []
    for s, e in regions:
        for m in _DASH_LINE.finditer(text, s, e):
            prev_end = text.rfind("\n", s, m.start())
            prev_start = text.rfind("\n", s, max(s, prev_end - 1)) + 1 if prev_end > s else s
            while prev_end > s and not text[prev_start:prev_end].strip():
                prev_end = text.rfind("\n", s, prev_start - 1)
                prev_start = text.rfind("\n", s, max(s, prev_end - 1)) + 1
            claim = _strip_end(text, prev_start, max(prev_start, prev_end))
            claim = _trim(text, claim[0], claim[1], " \t\n“”\"")
            if claim[1] > claim[0] and len(text[m.start(1):m.end(1)].split()) <= 12:
                rows.append(_row(doc, claim, m.span(1), (m.start(), m.start(1)), "dash", None))
        for m in _COLON_LINE.finditer(text, s, e):
            name = m.group(1)
            cut = _HEADLINE_TOPIC.search(name)
            src_end = m.start(1) + (cut.start() if cut else len(name))
            key = text[m.start(1):src_end].strip().lower().replace("’", "'")
            if key in _COLON_STOP or len(text[m.start(2):m.end(2)].split()) < 3:
                continue
            if all(w.isupper() for w in key.split()) and len(key) > 12:
                continue
            rows.append(_row(doc, _trim(text, m.start(2), m.end(2), " \t“”\"'‘’"),
                             (m.start(1), src_end), (m.end(1), m.end(1) + 1), "colon", None))
        for m in _FROM_LINE.finditer(text, s, e):
            nxt = _next_paragraph(text, m.end(), e)
            if nxt:
                rows.append(_row(doc, nxt, m.span(1), (m.start(), m.start(1)), "colon", None))
    return rows


def _next_paragraph(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    s = pos
    while s < limit and text[s].isspace():
        s += 1
    if s >= limit:
        return None
    e = text.find("\n", s, limit)
    e = limit if e < 0 else e
    s, e = _trim(text, s, e, " \t\n“”\"")
    return (s, e) if e > s else None


_TIMESTAMP_WORD = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|"
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*|a\.?m|p\.?m|noon|midnight|"
    r"[ecmp][sd]?t|gmt|utc|bst|cet|cest|msk|ist|posted|updated|published|last|at|on|by)\.?$", re.IGNORECASE)


def _is_timestamp(words: list[str]) -> bool:
    """A dateline or time stamp ("June 13, 2013 4: 59 PM EDT", "9: 53 AM, MON 22 JUL 2013"),
    which page templates leave in article text: never a claim."""
    return any(w[:1].isdigit() for w in words) and all(_TIMESTAMP_WORD.match(w) for w in words)


def _is_trivial(sentence: str) -> bool:
    words = _WORD.findall(sentence)
    if len(words) < 4:
        return True
    if _DATE_LINE.match(sentence) or _is_timestamp(words):
        return True
    if not any(ch.islower() for ch in sentence):
        return True  # an all-caps heading or label
    if sentence.rstrip()[-1:] not in ".!?\"”’:)'" and len(words) <= 14:
        caps = sum(1 for w in words if w[:1].isupper())
        if caps >= 0.6 * len(words):
            return True  # a Title Case heading
    return False


def extract_text(text: str, regions=None, registry=None) -> list[Attribution]:
    """Attributions in ``text`` (only inside ``regions``, default the whole text)."""
    if not isinstance(text, str) or not text:
        return []
    n = len(text)
    spans = []
    for region in (regions or [(0, n)]):
        try:
            s, e = int(region[0]), int(region[1])
        except (TypeError, ValueError, IndexError):
            continue
        s, e = max(0, min(s, n)), max(0, min(e, n))
        if e > s:
            spans.append((s, e))
    spans.sort()
    registry = registry or default_registry()
    try:
        return _extract(text, spans, registry)
    except Exception:  # pragma: no cover - the contract is "never raise"; tests call _extract
        return []


def extract(article: Article, registry=None) -> list[Attribution]:
    """Attributions in the body regions of an article; offsets index ``article.text``."""
    return extract_text(article.text, article.body or None, registry)


def _extract(text: str, regions, registry) -> list[Attribution]:
    # Soft newlines (wraps inside a paragraph) become spaces: every step below sees a re-wrapped
    # paragraph as one line. Same length, so all spans still index the original text.
    text = soften(text, regions)
    doc = _Doc(text, regions, registry)
    rows: list[dict] = []
    sentences: list[tuple[int, int]] = []
    for s, e in regions:
        sentences.extend(split_sentences(text, s, e, soft=False))
    for ss, se in sentences:
        found = _speech_rows(doc, ss, se)
        found += _according_rows(doc, ss, se)
        if not found:
            found += _title_rows(doc, ss, se)
        found += _passive_rows(doc, ss, se)
        found += _outlet_rows(doc, ss, se, found)
        found += _document_rows(doc, ss, se, found)
        rows.extend(found)
    rows = _attach_quotes(doc, sentences, rows)
    rows.extend(_lead_in_rows(doc, regions, rows))
    rows.sort(key=lambda r: (r["claim"][0], r["source"][0] if r["source"] else -1))
    out = _finish(doc, rows)
    out.extend(_unsourced(doc, sentences, rows))
    out.sort(key=lambda a: (a.claim[0], a.claim[1]))
    return out


def _attach_quotes(doc: _Doc, sentences, rows: list[dict]) -> list[dict]:
    """Multi-paragraph quotes, quote-only sentences continuing the last speaker, and colon
    lead-ins ("their sources are Azerbaijani and Russian:" + the next paragraph)."""
    text = doc.text
    claimed = {r["claim"] for r in rows}
    by_sentence: dict[tuple[int, int], list[dict]] = {}
    for r in rows:
        if r["sent"]:
            by_sentence.setdefault(r["sent"], []).append(r)
    extra: list[dict] = []
    last_direct: dict | None = None
    last_end = -1
    for i, (ss, se) in enumerate(sentences):
        own = by_sentence.get((ss, se), [])
        if own:
            directs = [r for r in own if r["kind"] == "direct"]
            last_direct = directs[-1] if directs else None
            last_end = se
            # Colon lead-in: the sentence ends with ":" and the next paragraph has no cue.
            if text[ss:se].rstrip().endswith(":") and i + 1 < len(sentences):
                nxt = _next_paragraph(text, se, len(text))
                if nxt and not any(r["kind"] == "direct" for r in own) and \
                        not _has_direct_rows_in(rows, nxt):
                    base = own[-1]
                    if base["kind"] == "outlet":
                        base["claim"] = nxt  # "Reuters has come out with ...:" + the story
                        base["kind"] = "colon"
                    else:
                        extra.append(dict(base, claim=nxt, kind="colon", sent=None))
            continue
        # A sentence made of a quote, continuing the previous direct speaker.
        if last_direct is None or ss - last_end > 400:
            last_direct = None
            continue
        qs = doc.quotes_in(ss, se)
        inside = sum(max(0, min(e, se) - max(s, ss)) for q in qs for s, e in q.pieces)
        if qs and inside >= 0.6 * (se - ss):
            for q in qs:
                for piece in q.pieces:
                    if piece[0] >= ss - 1 and piece[1] <= se + 1 and piece not in claimed:
                        r = dict(last_direct, claim=piece, kind="direct", sent=(ss, se),
                                 warnings=last_direct["warnings"] + ("continued quote",))
                        extra.append(r)
                        claimed.add(piece)
            last_end = se
        else:
            last_direct = None
    return rows + extra


def _has_direct_rows_in(rows, span) -> bool:
    s, e = span
    return any(r["kind"] == "direct" and s <= r["claim"][0] < e for r in rows)


def _finish(doc: _Doc, rows: list[dict]) -> list[Attribution]:
    """Resolve pronouns and short names, type the source, split name/role, add hedges."""
    text = doc.text
    out: list[Attribution] = []
    speakers: list[tuple[int, str, str, bool]] = []  # (pos, display, suggested, plural)
    outlet_of_speaker: dict[str, str] = {}  # a speaker who "told Reuters" keeps talking to Reuters
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
            suggested = sources.classify_source(s_text, cue_text, context, doc.registry)
            if r["kind"] == "outlet":
                suggested = "outlet"
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
        hedges = tuple(h[2] for h in find_hedges(frame))
        speculative = is_speculative(claim_text) or (r["kind"] != "direct" and is_speculative(
            text[cue[1]:claim[0]] if cue and cue[1] < claim[0] else ""))
        if r["kind"] == "indirect" and claim[0] > (src[1] if src else 0):
            between = text[cue[1]:claim[0]] if cue else ""
            speculative = speculative or bool(find_hedges(between))
        out.append(Attribution(
            claim=claim, source=src, cue=cue, kind=r["kind"], source_name=name,
            source_role=role, resolved_source=resolved, via_outlet=via, suggested=suggested,
            hedges=hedges, speculative=speculative, warnings=r["warnings"]))
    return out


def _resolve_pronoun(doc: _Doc, pronoun: str, src, speakers) -> tuple[str | None, str]:
    text = doc.text
    if pronoun in ("i", "we", "you"):
        return None, "unsourced"
    if pronoun in ("he", "she"):
        for pos, display, suggested, plural in reversed(speakers):
            if not plural and suggested in ("named", "anonymous") and src[0] - pos < 3000:
                return display, suggested
        name = doc.names.nearest_before(src[0])
        return name, "named"
    if pronoun == "they":
        for pos, display, suggested, plural in reversed(speakers):
            if plural and src[0] - pos < 2000:
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
        if suggested in ("document", "outlet") and src[0] - pos < 2000:
            return display, suggested
    return None, "named"


def _unsourced(doc: _Doc, sentences, rows: list[dict]) -> list[Attribution]:
    text = doc.text
    covered = sorted((r["sent"] for r in rows if r["sent"]))
    covered_set = set(covered)
    claims = sorted(r["claim"] for r in rows)
    starts = [c[0] for c in claims]
    out = []
    for ss, se in sentences:
        if (ss, se) in covered_set:
            continue
        # Covered by an attributed claim (a quote continued, a colon lead-in's paragraph)?
        i = bisect.bisect_right(starts, se)
        hit = False
        for cs, ce in claims[max(0, i - 50):i]:
            if min(ce, se) - max(cs, ss) > 0.5 * (se - ss):
                hit = True
                break
        if hit:
            continue
        sentence = text[ss:se]
        if _is_trivial(sentence):
            continue
        hedges = tuple(h[2] for h in find_hedges(sentence))
        out.append(Attribution(claim=(ss, se), kind="unsourced", suggested="unsourced",
                               hedges=hedges, speculative=is_speculative(sentence)))
    return out
