"""Source noun phrases: the subject before a cue, the inverted subject after it, and the
subject of a sentence's main verb; every search is capped at ``_SCAN`` characters."""
from __future__ import annotations

import re

from . import cues, sources
from .doc import _SCAN, _trim


_INTRO = frozenset("""but and so yet now then still also meanwhile however later earlier yesterday
today instead recently previously indeed moreover furthermore separately asked speaking when while
after before although though because since as if once where whereas until unless in on at during
for from with without by of to over under through about monday tuesday wednesday thursday friday
saturday sunday tonight""".split())


_CLAUSE_WORDS = re.compile(r"\b(?:that|because|when|while|if|although|though|since|where|whether|"
                           r"but|so|what|how|why|after|before|until|unless)(?:\s+|$)", re.IGNORECASE)


# A finite verb or auxiliary in a would-be subject means it is a clause, not a noun phrase.
_CLAUSE_VERB = re.compile(r"\b\w+n[’']t\b|\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|"
                          r"must|do|does|did|be|been|isn’t|wasn’t|aren’t|weren’t|it’s|it's|that’s|"
                          r"there’s)\b|\b(?!(?:with|of|in|on|at|to|for|from|by|about|like|into|"
                          r"over|under|near|among|and|or|than|as|least|most|all|both|of|across|through|"
                          r"throughout|around|along|behind|beyond|inside|outside|within|without|against|"
                          r"amid|toward|towards|upon|between|including|during|after|before|since|per|via|"
                          r"despite|except|beside|besides|below|above|regarding|concerning)\b)[a-z]+\s+(?:the|a|an|his|her|"
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


_SUBORDINATOR_START = re.compile(r"^\W*(?:When|After|Before|Although|Though|While|Because|If|As|"
                                 r"Since|Once|Until|Unless|Even\s+though|Even\s+as)\b")


def subject_before(text: str, lo: int, verb_start: int) -> list[tuple[int, int]]:
    """The subject noun phrase(s) ending right before a verb at ``verb_start``. Two spans for a
    coordination of two descriptions ("two officers ... and two Russian intelligence sources")."""
    lo = max(lo, verb_start - _SCAN)
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
    dash = _CLOSING_DASH.search(stripped)
    if dash:
        # "Jason Roe — a teacher from the harbour — says": the apposition between two dashes
        # belongs to the name before them.
        opening = stripped.rfind(dash.group(1), 0, dash.start())
        if opening > 0:
            spans = subject_before(text, lo, lo + opening)
            if len(spans) == 1 and len(text[spans[0][0]:end].split()) <= 25:
                return [(spans[0][0], _trim(text, spans[0][0], lo + dash.start())[1])]
    # The last piece after a hard boundary or a comma; a short parenthesis ("(R-Mo.)") belongs
    # to the phrase.
    masked = _THOUSANDS.sub("_", _mask_parens(stripped))  # "at least 21,000 said": one number
    cut = max(masked.rfind(ch) for ch in (",", ";", ":", "(", ")", "“", "”", "\"", "—", "–"))
    cut = max(cut, masked.rfind("''") + 1 if "''" in masked else -1,
              masked.rfind("--") + 1 if "--" in masked else -1,
              masked.rfind(" - ") + 1 if " - " in masked else -1)
    start = lo + cut + 1
    s, e = _trim(text, start, end)
    return _clean_np(text, s, e)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_TRAILING_PARENS = re.compile(r"\s*\([^()\n]{0,40}\)\s*$")


_PARENS = re.compile(r"\([^()\n]{0,120}\)")


_CLOSING_DASH = re.compile(r"\s(—|–|--)\s*$")


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


# A few quoted words inside an apposition ("wearing “Ted Cruz” pins") are no boundary.
_SHORT_QUOTED = re.compile(r"(?<=\s)“[^“”,.\n]{1,30}”(?=\s)")


def _appositive_subject(text: str, lo: int, end: int) -> list[tuple[int, int]]:
    """"Rasim Musabayov, an independent Azeri lawmaker ...," -> from the name to the comma.
    The subject is the first comma piece (left to right) that is a noun phrase; what follows it
    up to the verb is its apposition."""
    seg = _SHORT_QUOTED.sub(lambda m: "_" * len(m.group(0)), _mask_parens(text[lo:end]))
    hard = max(seg.rfind(ch) for ch in (";", ":", "(", "“", "”", "\"", "—"))
    hard = max(hard, seg.rfind("--") + 1 if "--" in seg else -1)
    base = lo + hard + 1
    pieces, start = [], base
    for i in range(base, end + 1):
        if i == end or (text[i] == "," and seg[i - lo] == ","):
            pieces.append((start, i))
            start = i + 1
    pieces = _after_clause_break(text, pieces)
    pair = _name_and_role(text, pieces)
    if pair is not None:
        return [pair]
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


_BREAK_START = re.compile(r"\s*(?:(but|yet|whereas|while)|and)\s+")


def _after_clause_break(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"he saw no casualties, but Mr Lang, the commissioner, said": the subject starts after the
    last "but" (or an "and" after a clause) that opens a comma piece; what is before it is
    another clause."""
    for i in range(len(pieces) - 1, 0, -1):
        m = _BREAK_START.match(text, pieces[i][0], pieces[i][1])
        if m and (m.group(1) or any(_CLAUSE_VERB.search(text, ps, pe) for ps, pe in pieces[:i])):
            return [(m.end(), pieces[i][1])] + pieces[i + 1:]
    return pieces


_ROLE_START = re.compile(r"(?:(?:its|his|her|their|our|the|a|an)\s+\S|[A-Z][\w.&-]*[’']s\s+\S)")


def _name_and_role(text: str, pieces: list[tuple[int, int]]) -> tuple[int, int] | None:
    """"The route stays open, its chief engineer, Tom Hale, said": after a statement, a name
    and a role (either order) in the last two comma pieces are the speaker, not the statement."""
    if len(pieces) < 3:
        return None
    (a_s, a_e), (b_s, b_e) = _trim(text, *pieces[-2]), _trim(text, *pieces[-1])
    first, second = text[a_s:a_e], text[b_s:b_e]

    def role(phrase: str) -> bool:
        return bool(_ROLE_START.match(phrase)) and len(phrase.split()) <= 8

    if (sources.looks_like_person_name(first) and role(second)) or \
            (role(first) and sources.looks_like_person_name(second)):
        return a_s, b_e
    return None


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


# Words before "that" that make it a complementizer ("said that", "so that"); after a plural
# noun it is a relative pronoun ("groups that have endorsed him").
def _relative_that(piece: str, at: int) -> bool:
    before = piece[:at].rstrip()
    word = before.split()[-1].lower() if before.split() else ""
    return bool(word) and word.endswith("s") and word[:1].isalpha() and len(word) > 3 and \
        not _AFTER_VERB_THAT.search(before + " that") and word not in cues.SPEECH_FORMS


def _clean_np(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Trim intro words and clause openers off a candidate subject; reject non-noun phrases."""
    if e <= s:
        return []
    piece = text[s:e]
    # Cut after the last clause opener ("... said that X told"): the subject follows it.
    last = None
    for m in _CLAUSE_WORDS.finditer(piece):
        if m.group(0).strip().lower() == "that" and _relative_that(piece, m.start()):
            continue
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
            rest = _TRAILING_PARENS.sub("", text[s:e])  # "Sen. Jane Roe (D-MA)": the name before it
            rel = None
            for rel in re.finditer(r"\b(?:which|whom)\s+", rest):
                pass
            if rel is not None:  # "in an election year in which a majority of Americans"
                s = s + rel.end()
                words = text[s:e].split()
                break
            m = re.search(r"\b(he|she|they|we|I|it|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)$", rest)
            if not m and w == "as":
                break  # "as the mayor said": a conjunction, and its subject speaks
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
            not re.search(r"(?:\b(?:in|of)\s+\d+|\d%)$", text[s:e]):
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


_TITLE_START = re.compile(r"^(?:[a-z][\w.-]*\s+){1,4}(?:[A-Z])")


def subject_after(text: str, verb_end: int, limit: int, said_like: bool = True
                  ) -> tuple[int, int] | None:
    """The inverted subject after the verb ("..., said Senator Jeff Sessions, Republican of ...")."""
    s = verb_end
    limit = min(limit, verb_end + _SCAN)
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
    if _NOT_A_SOURCE.match(text[s:e]) or " that " in text[s:e].split(",", 1)[0]:
        return None  # "said Tuesday", "said only that"; a "that" in the apposition is fine
    rel = _RELATIVE.search(text, s, e)
    if _CLAUSE_VERB.search(text, s, rel.start() if rel else e):
        return None
    return s, e


_MAIN_VERB = re.compile(r"\s(?:\w+n[’']t\s+)?(?:(?:has|have|had|is|was|were|are|will|would|did|does|do|also|then|"
                        r"later|again|quickly|immediately|repeatedly|even)\s+)*(?:[a-z]+ed|has|have|had|"
                        r"is|was|were|are|will|would|can|could|did|does|struck|took|made|gave|went|"
                        r"came|hit|shot|fired|spoke|wrote|told|said|says|sent|put|set|kept|held|"
                        r"threw|broke|drew|took|stood|sought|fought|met|led|ran|won|lost|urged|"
                        r"defended|criticized|called|issued|released|posted|tweeted|began|became|"
                        r"brought|built|bought|caught|chose|drove|fell|felt|found|flew|got|grew|heard|"
                        r"knew|left|lost|meant|paid|rose|saw|sat|sold|spent|stuck|swore|taught|"
                        r"thought|understood|wore|sang)\b")


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
