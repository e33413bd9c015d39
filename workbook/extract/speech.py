"""Speech and report verbs (said, told, added ...): direct quotes and indirect speech, with the
whole clause when a quote is only part of the statement."""
from __future__ import annotations

import re
from itertools import islice

from . import cues, sources
from .doc import _Doc, _MAX_MATCHES, _MAX_ROWS, _row, _strip_end, _trim
from .quotes import Quote
from .subjects import _NUMBER_WORDS, _SUBORDINATOR_START, _clean_np, _sentence_subject, subject_after, subject_before


_THAT_SOON = re.compile(r"^(?:[^,.;:]{0,40}?\s)?that[\s,]+")
# Words that make what stands before "that" a clause of its own ("she was not going to jump to
# that conclusion"): then "that" does not open the statement.
_OWN_CLAUSE_WORDS = frozenset("he she they it we i you was is were are will would had has have could can "
                          "should may might did does do".split())


# Verbs after which the subject commonly follows ("..., said Senator X"); after other verbs only
# a capitalised name is taken ("..., wrote Smith"), never "wrote a host of new songs". "told X"
# is always the listener.
_INVERTS = frozenset("said says added adds asked continued continues recalled noted replied "
                     "responded quipped insisted declared warned argued stated remarked".split())


_NO_INVERSION = frozenset("told tell tells telling".split())


# What follows an -s form that is a verb: "that", a quote, a colon or comma, a pronoun or name.
_S_VERB_FOLLOWER = re.compile(r"\s*(?:that\b|[,:“\"]|''|(?:he|she|they|it|we|I|his|her|the|a|an)\b|"
                              r"[A-Z])")


# What may follow a cue without being what was said: a time, a place, a medium ("said
# Wednesday", "said in Baku", "told reporters on Tuesday", "said at a rally in Ohio").
_CIRCUMSTANCE = re.compile(
    r"(?:(?:even|so|also|again|only|just|then)\s+)?"
    r"(?:(?:on|last|this|early|late|next|in|at|from|during|to|of|before|after)\s+)?(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|week|weekend|month|year|"
    r"morning|afternoon|evening|night|day|today|yesterday|tonight|earlier|later|recently|"
    r"reporters|interview|statement|rally|conference|speech|press\s+conference|"
    r"[A-Z][\w’'.-]*|\d{4})(?:\s+(?:\d{1,2}|[A-Z][\w’'.-]*|night|morning|afternoon|evening))?"
    r"(?:,?\s+(?:on|in|at|last|this)\s+(?:the\s+)?[A-Z]?[\w’'.-]+(?:\s+[A-Z][\w’'.-]*)?)?"
    r"(?:\s+(?:during|at|in|on|after|before)\s+(?:an?|the|his|her|their|[A-Z]\w*[’']s)\s+[^,;:“\"]{0,60})?)")


_NOT_A_STATEMENT = frozenset("that this it so so far as much otherwise".split())
_QUOTED_MEDIUM = re.compile(r"(?:on|in)\s+(?:the\s+)?[“\"‘][A-Z][^”\"’\n]{0,60}[”\"’]?")


# A few words led by a preposition ("in her filing", "after the hearing"): after a cue that
# follows its statement ("X, she told the court in her filing."), circumstance, not a claim.
_SHORT_PHRASE = re.compile(r"(?:in|on|at|during|after|before|from|via|with|over|through|outside|inside)"
                           r"(?:\s+[^\s,;:“\"‘]+){1,5}")


_OCCASION_START = re.compile(r"(?:on|in|at|during|after|before|from|via|outside|inside)\s")
_OCCASION_NOT = re.compile(r"(?:at\s+(?:least|most|first|last|times)|in\s+(?:fact|all|total|part|turn|addition)|"
                           r"on\s+(?:average|balance))\b")
_STATEMENT_INSIDE = re.compile(r"\bthat\b|[“\"‘,]|''")


def _occasion_only(text: str, s: int, e: int) -> bool:
    """After a statement and its speaker, a phrase of a few words led by a preposition, with no
    verb, "that", quote or comma ("..., Moffat announced on the live BBC special Doctor Who
    Live: The Next Doctor") says where or when, not what ("at least six planes flew" does)."""
    return bool(_OCCASION_START.match(text, s, e)) and not _STATEMENT_INSIDE.search(text, s, e) and \
        len(text[s:e].split()) <= 12 and not _OCCASION_NOT.match(text, s, e) and \
        not _OWN_CLAUSE_WORDS.intersection(text[s:e].lower().split())


def _circumstance_then_comma(text: str, s: int, e: int) -> bool:
    """"Tuesday in Paris, noting ...": a time or place, then a comma (or the end)."""
    m = _CIRCUMSTANCE.match(text, s, e)
    return bool(m and m.end() > s and re.match(r"\s*(?:,|$)", text[m.end():e]))


_TIME_START = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Yesterday|Today|"
                         r"Tonight|Last|Earlier|Later|This|Next)\b")


def _statement_before(text: str, sent_start: int, source_start: int) -> bool:
    """Whether what stands before the source is a statement, not an opening phrase ("In
    something of a valedictory, he told ...", "Friday, as ..., CNN reported ...")."""
    left = text[sent_start:source_start].strip(" \t\n“\"‘")
    return not _OCCASION_START.match(left) and not _SUBORDINATOR_START.match(left) and \
        not _TIME_START.match(left)


def _clause_before(text: str, sent_start: int, source_start: int) -> bool:
    """Whether a statement of three words or more, closed by a comma, stands before the source."""
    left = text[sent_start:source_start].rstrip()
    return left.endswith(",") and len(_WORDS.findall(left)) >= 3


def indirect_claim(text: str, after: int, sent_start: int, sent_end: int,
                   source_start: int, cue_start: int | None = None) -> tuple[int, int]:
    """The complement clause: after the cue (skipping "that"), or before the source when the
    cue closes the sentence ("X is coming, he said."), or before the cue when the source
    follows it ("X is coming, said Foreign Minister Ivan Petrov.")."""
    if cue_start is not None and source_start >= cue_start:
        s2, e2 = _strip_end(text, sent_start, cue_start)
        if e2 - s2 >= 3:
            return s2, e2
    as_clause = _as_said(text, after, sent_start, sent_end, source_start)
    if as_clause is not None:
        return as_clause
    rest = text[after:sent_end]
    around = _parenthetical(text, after, sent_start, sent_end, source_start)
    if around is not None:
        return around
    m = _THAT_SOON.match(rest)
    if m and _OWN_CLAUSE_WORDS.intersection(m.group(0)[:m.group(0).rfind("that")].lower().split()):
        m = None
    s = after + (m.end() if m else 0)
    s, e = _strip_end(text, s, sent_end)
    clause_before = _clause_before(text, sent_start, source_start)
    circumstance = bool(_CIRCUMSTANCE.fullmatch(text, s, e) or _QUOTED_MEDIUM.fullmatch(text, s, e)) or \
        text[s:e].lower() in _NOT_A_STATEMENT or text.startswith("of ", s) or \
        bool(clause_before and ((_SHORT_PHRASE.fullmatch(text, s, e) and not _OCCASION_NOT.match(text, s, e)) or
                                _circumstance_then_comma(text, s, e)
                                or _COMMA_PARTICIPLE.match(text, after, e)
                                or (_occasion_only(text, s, e) and
                                    _statement_before(text, sent_start, source_start))))
    if e - s < 3 or circumstance:
        # Cue at the end of the sentence: the claim is what came before the source (none when
        # only a time or place follows the cue).
        s2, e2 = _strip_end(text, sent_start, source_start)
        return (s2, e2) if e2 > s2 else (s, s if circumstance else e)
    if _SUBORDINATOR_START.match(text[sent_start:source_start + 1] or "") :
        comma = text.find(",", s + 20, e)
        if comma > 0:
            e = comma
    return s, e


_DETERMINERS = frozenset("the a an this that these those his her their its our my your".split())


_AS_BEFORE = re.compile(r"(?:,\s+|^\W*)[Aa]s\s+$")


def _as_said(text: str, after: int, sent_start: int, sent_end: int, source_start: int
             ) -> tuple[int, int] | None:
    """"The fabric is agnostic, as Feldman has said many times, and ..." / "As the mayor has
    said, the ferry stays": the statement is the main clause, not what follows the cue."""
    m = _AS_BEFORE.search(text, sent_start, source_start)
    if not m:
        return None
    if text[m.start()] == "," and len(_WORDS.findall(text[sent_start:m.start()])) >= 3:
        s, e = _strip_end(text, sent_start, m.start())
    else:  # "(And,) as X said, <statement>": after the comma that closes the as-clause
        comma = text.find(",", after, sent_end)
        if comma < 0:
            return None
        s, e = _strip_end(text, comma + 1, sent_end)
    return (s, e) if e - s >= 3 else None


def _parenthetical(text: str, after: int, sent_start: int, sent_end: int, source_start: int
                   ) -> tuple[int, int] | None:
    """"If the road is too hard now, he said, Congress can still act": the attribution sits
    between commas inside the statement, which is the whole sentence around it."""
    left = text[sent_start:source_start].rstrip()
    right = text[after:sent_end]
    if not left.endswith(",") or not right.lstrip().startswith(",") or _QUOTE_START.match(right.lstrip(" ,")):
        return None
    r_s, r_e = _strip_end(text, after, sent_end)
    if _occasion_only(text, r_s, r_e) or _COMMA_PARTICIPLE.match(text, after, sent_end):
        return None  # "The plan will fail, he said, in a speech to donors." / "..., adding ..."
    words = left.split()
    if len(_WORDS.findall(right)) < 2 or len(words) < 2 or \
            (len(words) == 2 and words[0].lower() not in _DETERMINERS):
        # "However, he said, ..." opens with a word, not a statement; "The bullet, he said, went
        # over ..." opens with its subject.
        return None
    s, e = _strip_end(text, sent_start, sent_end)
    s = _trim(text, s, e, " \t\n“”\"'‘’")[0]
    return (s, e) if e > s else None


# An abbreviation's full stop ("L.A.", "James R. Dabney", "Dr. Hale"), which does not end a phrase.
_ABBREVIATION_DOT = r"(?:(?:(?<=\b[A-Z])|(?<=\b(?:Mr|Ms|Dr|St|Jr|Sr))|(?<=\b(?:Mrs|Gov|Sen|Rep|Gen|Col)))\.(?=\s*[A-Z])|\.(?=[A-Za-z]))"
# Whom something was told: "told L.A. Superior Court Judge James R. Dabney that ...".
_LISTENER = re.compile(rf"\s+((?:[^,.;:“\"]|{_ABBREVIATION_DOT}){{1,60}}?)(?=\s+(?:that|about|in|on|at|after|before|"
                       rf"during|from|outside|last|this|he|she|they|it|the)\b|[,;:“\"]|(?!{_ABBREVIATION_DOT})\.|$)")
_PLURAL_DETERMINERS = frozenset("some other many several these those the such recent earlier "
                                "local initial conflicting unconfirmed to".split())
_QUOTE_NEXT = re.compile(r"\s*[,:]?\s*(?:[“\"‘]|'')")
_NUMBER_NEXT = re.compile(r"\s+(?:another\s+|\$)?(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
                          r"twelve|a\s+dozen|dozens|several)\s+[a-z])")
# "..., he said, adding that ...", "..., officials said, threatening to ...": not what was said.
_COMMA_PARTICIPLE = re.compile(r"\s*,\s*[a-z]+ing\b")
_NOT_NAMED = re.compile(r"\s+(?:that\s+\w+\s+)?not\s+(?:to\s+)?be\s+(?:named|identified|quoted)")
_SAID_TO_BE = re.compile(r"\s+to\s+(?:be|have|number|total|include|contain|cost|weigh|own|hold)\b")
_QUOTE_START = re.compile(r"[“\"‘]|''")
# Before an -ed word that is an adjective ("the reported links", "271 pledged delegates").
_BEFORE_AN_ADJECTIVE = frozenset("the a an his her their its our my your this these those any no more most in of for "
                                 "with on at from".split())
# Verbs that also take a plain object in another sense: with "a"/"an" after them, not speech.
_OBJECT_VERBS = frozenset("posted posts post maintained maintains maintain published publishes added adds "
                          "add".split())
# What opens a statement after a cue: "that", a quote, a colon, or a pronoun subject.
_OPENS_CONTENT = re.compile(r"\s*(?:that\b|[:“\"‘]|''|(?:he|she|they|it|we|I)\b)")
_WORDS = re.compile(r"[A-Za-z’']{2,}")


def _speech_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    text = doc.text
    rows: list[dict] = []
    quotes = doc.quotes_in(ss, se)
    matches = list(islice(cues.SPEECH_VERB.finditer(text, ss, se), _MAX_MATCHES))
    for index, m in enumerate(matches):
        if len(rows) >= _MAX_ROWS:
            break  # a real sentence has a few; a pasted list is cut here
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
        if verb.startswith("add") and re.match(r"\s+(?:to|up)\b", text[ve:ve + 4]):
            continue  # "added to her delegate lead", "the numbers don't add up"
        if verb.endswith("ed") and m.group(0) == verb and (prev in _BEFORE_AN_ADJECTIVE or prev.isdigit()) and \
                re.match(r"\s+[a-z]", text[ve:ve + 2]) and not _OPENS_CONTENT.match(text, ve, se):
            continue  # "271 pledged delegates", "the reported gang links", "in estimated taxes"
        if verb.startswith("add") and _NUMBER_NEXT.match(text, ve, min(se, ve + 20)) and \
                not any(q.end <= vs for q in quotes):
            continue  # "Hillis added 101 yards", "added $2 million"; not "“...,” he added 10 days later"
        if verb in _OBJECT_VERBS and re.match(r"\s+an?\s", text[ve:ve + 4]) and \
                not re.search(r"[,”\"’']\s*$", text[max(ss, vs - 3):vs]) and \
                not re.match(r"\s+an?\s+[^,.;:“\"]{0,40}[:“\"]", text[ve:se]):
            continue  # "posted a sales loss"; not "added a caveat: “...”" nor "“...,” added a Democrat"
        if verb == "state" and not _OPENS_CONTENT.match(text, ve, se) and \
                not re.match(r"\s+(?:the|their|his|her|its|our)\b", text[ve:se]):
            continue  # "state legislators", "Illinois state Rep.", not "They state their goal is ..."
        after_verb = text[ve:min(se, ve + 40)]
        if verb == "asked" and (after_verb.startswith(" of ") or _NOT_NAMED.match(after_verb)):
            continue  # "questions asked of the candidates", "who asked not to be named"
        if verb == "said" and _SAID_TO_BE.match(after_verb):
            continue  # "a man said to have been released": reportedly, not speech
        if verb == "continued" and not re.match(r"\s*(?:[:“\"”]|''|,\s*(?:[“\"‘]|'')|[.!?]|$)",
                                                after_verb):
            continue  # "the borrowing continued", "continued to interject", "continued support"
        if verb.startswith("respond") and re.match(r"\s+(?:\w+ly\s+)?(?:to|with|by)\s", after_verb) and \
                not re.search(r"[:“\"]|''", text[ve:se]):
            continue  # "officers who responded to the scene", "responded with an update": no statement
        if verb in ("agreed", "agrees") and not re.match(r"\s*(?::|that\b|,\s*(?:[“\"]|''))", after_verb):
            continue  # "agreed: “...”", "agreed that ..."; not "agreed to a deal"
        if verb in ("read", "reads") and not _QUOTE_NEXT.match(after_verb):
            continue  # "The tweet reads, “...”" is a cue; "she reads the papers" is not
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
            if verb == "states" and not re.match(r"\s*(?:that\b|[:“\"]|,\s*[“\"])", text[ve:se]):
                continue  # "whiter states, like Ohio": almost always the noun
            if verb in cues.NOUNISH_S_FORMS and m.group(0) == verb and \
                    not text[max(ss, vs - 2):vs].startswith(",") and \
                    (not _S_VERB_FOLLOWER.match(text, ve, se) or prev in _PLURAL_DETERMINERS):
                continue  # "coastal states", "according to some reports,": a plural noun, not a verb
        # Where the clause holding this verb starts: after the last closing quote before it.
        lo = ss
        for q in quotes:
            if q.close_mark is not None and q.close_mark <= vs and not _quoted_words(text, q):
                lo = max(lo, q.close_mark)
        prior = [r for r in rows if r["cue"][1] <= vs]
        relative_before = prior and _closes_relative_clause(text, prior[-1], vs)
        if prior:
            lo = max(lo, prior[-1]["cue"][1])
        srcs = []
        with_np = _WITH_NP.search(text, max(lo, vs - 80), vs) if verb.endswith("ing") else None
        if with_np:  # "with three in 10 saying ...": the noun phrase speaks
            srcs = _clean_np(text, with_np.start(1), with_np.end(1))
        elif verb.endswith("ing") and (text[lo:vs].rstrip().endswith(",") or
                                       _QUOTED_COMMA.search(text, max(ss, vs - 6), vs) or
                                       _PARTICIPLE_LEAD.search(text, max(lo, vs - 8), vs)):
            same = [r for r in rows if r["source"] and r["cue"][1] <= vs]
            srcs = [same[-1]["source"]] if same else _sentence_subject(text, ss, vs)
        elif verb in ("according",):
            continue
        else:
            aux = _PROGRESSIVE.search(text, max(lo, vs - 8), vs) if verb.endswith("ing") else None
            if aux:  # "Jones is telling a crowd that ...": the subject stands before "is"
                vs = aux.start()
            srcs = subject_before(text, lo, vs)
        if m.group(0) == verb and not verb.endswith("ing"):
            left = text[lo:vs].rstrip()
            named_left = srcs and _starts_with_name(text, srcs[0])
            if not srcs or (left and left[-1] == "," and not named_left):
                if (not left or left[-1] in ",”\"'’") and verb not in _NO_INVERSION:
                    right = subject_after(text, ve, se, verb in _INVERTS)
                    # With a subject on the left ("Gov. Kasich of Ohio, a Republican who ...,
                    # said the family deserved better"), only a name after the verb is an
                    # inverted speaker; "the family deserved better" is what was said.
                    if right and (not srcs or text[right[0]:right[0] + 1].isupper()):
                        srcs = [right]
            elif left and left[-1] == "," and verb in _INVERTS and named_left and \
                    srcs[0][0] > lo + 1 and text[lo:srcs[0][0]].strip(" \t\n,"):
                # "... building bridges to Mr. Sanders, said David Axelrod": the name before the
                # comma ends a clause; the speaker is the one after "said".
                right = subject_after(text, ve, se, True)
                if right and _ends_sentence(text, right[1], se):
                    srcs = [right]
        if relative_before and m.group(0) == verb:
            # "the source, who said he had spoken to people inside, told Reuters": the one the
            # relative clause is about speaks, not the clause's own statement.
            srcs = subject_before(text, ss, prior[-1]["source"][0]) or srcs
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
                words[0].lower() in ("those", "these") or bool(_SHARE.search(phrase))
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
            obj = _LISTENER.match(text[ve:se])
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
        src_start = min(s for s, _ in srcs)
        prior_end = max([ss] + [r["cue"][1] for r in rows if r["cue"][1] <= vs])
        # A quote after the next cue ("..., he said Tuesday, noting the plan “would fail.”") is
        # that cue's claim.
        next_cue = next((n.start() for n in matches[index + 1:] if n.start() >= cue_end and
                         not _after_a_determiner(text, ss, n.start())), se)
        claims = _direct_claims(text, [q for q in quotes if q.open_mark < next_cue or q.end <= vs],
                                vs, src_start, prior_end)
        kind = "direct" if claims else "indirect"
        if claims:
            whole = _whole_clause(text, claims, prior_end, ss, se, after, src_start, vs)
            if whole is not None:
                claims, kind = [_before_next_clause(text, whole[0], next_cue, se)], "indirect"
        if not claims:
            claim = _before_next_clause(text, indirect_claim(text, after, ss, se, src_start, vs), next_cue, se)
            if claim[1] <= claim[0] and after > ve:  # "telling Trump to stop": the object is the claim
                claim = indirect_claim(text, ve, ss, se, src_start, vs)
            if verb in ("asked", "asks") and _only_a_listener(text, ve, se) and \
                    (doc.quote_ending_at(ss) is not None or any(q.end <= vs for q in quotes)):
                claim = (claim[0], claim[0])  # "“Why?” Obama asked Republican politicians.": whom, not what
            before = doc.quote_ending_at(ss) if claim[1] <= claim[0] else None
            if before is not None:  # "“Why me?” Trump said.": the splitter cut after "?”"
                claim, kind = before, "direct"
            claims = [claim]
        if kind == "indirect" and len(srcs) == 1 and text[srcs[0][0]:srcs[0][1]].lower() in _RELATIVE_SPEAKERS:
            claims = [_relative_clause_end(text, c) for c in claims]
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


_RELATIVE_SPEAKERS = frozenset(("who", "which"))
# After a relative clause closed by a comma, the main clause's verb: "..., resigned", ", told".
_MAIN_PREDICATE = re.compile(r",\s+(?:[a-z]+ed|told|said|says|is|was|are|were|has|had|will|would|can|could|"
                             r"did|does|went|came|left|met|won|lost|spoke|wrote|gave|took|made)\b")


def _relative_clause_end(text: str, claim: tuple[int, int]) -> tuple[int, int]:
    """"The mayor, who said the pier was safe, resigned": the relative clause's claim ends at
    the comma before the main verb."""
    m = _MAIN_PREDICATE.search(text, claim[0], claim[1])
    return (claim[0], _strip_end(text, claim[0], m.start())[1]) if m else claim


def _closes_relative_clause(text: str, prior: dict, vs: int) -> bool:
    """Whether the previous cue's source is a relative pronoun after a comma ("X, who said
    ...,") and its clause ends with a comma right before this verb."""
    src = prior["source"]
    if not src or text[src[0]:src[1]].lower() not in _RELATIVE_SPEAKERS:
        return False
    return text[:src[0]].rstrip().endswith(",") and text[prior["claim"][1]:vs].strip() == ","


def _ends_sentence(text: str, pos: int, se: int) -> bool:
    """Whether only closing punctuation or an apposition/relative clause follows ``pos``."""
    rest = text[pos:se]
    return not rest.strip(" .!?”\"'’)") or bool(re.match(r"\s*,\s+(?:who|whose|which|a|an|the|"
                                                         r"[a-z]+ing)\b", rest))


def _starts_with_name(text: str, span: tuple[int, int]) -> bool:
    first = text[span[0]:span[1]].split(",")[0]
    return sources.looks_like_person_name(first)


_NOT_A_LISTENER = frozenset("if whether what who whom why how when where which to for about of that".split())


def _only_a_listener(text: str, ve: int, se: int) -> bool:
    """After "asked", a few words up to the end of the sentence that name whom it was asked
    ("asked Republican politicians."): no question word, no "to", no clause."""
    words = text[ve:se].strip(" .!?”\"’\n").split()
    return 1 <= len(words) <= 4 and not _NOT_A_LISTENER.intersection(w.lower() for w in words)


# Where a second reported clause starts: "He vowed to keep trying, but the editor said ...",
# "... are to be cancelled; it noted ...".
_CLAUSE_BREAK = re.compile(r",\s+(?:but|and|to\s+which)\s+|;\s+")


def _after_a_determiner(text: str, ss: int, pos: int) -> bool:
    """"with a warning", "the reports": a cue word after a determiner is a noun."""
    before = text[max(ss, pos - 8):pos].split()
    return bool(before) and before[-1].lower() in _DETERMINERS


def _before_next_clause(text: str, claim: tuple[int, int], next_cue: int, se: int) -> tuple[int, int]:
    """A claim that runs into the next cue's clause ends where that clause begins: before ", but
    the editor said ...", ", adding that ...", ", officials said." or ", reports AP."."""
    if not claim[0] < next_cue < claim[1]:
        return claim
    comma = _comma_before_inverted_cue(text, claim[0], next_cue, se)
    if comma is not None:
        end = _strip_end(text, claim[0], comma)[1]
        if end - claim[0] >= 3 and not _CIRCUMSTANCE.fullmatch(text, claim[0], end):
            return (claim[0], end)  # not "responded Friday, saying ..." -> "Friday"
    breaks = list(_CLAUSE_BREAK.finditer(text, claim[0], next_cue))
    if not breaks:
        return claim
    subject = text[breaks[-1].end():next_cue]
    words = len(subject.split())
    if "," in subject:  # only a name and its apposition ("but Mr Lang, the commissioner, said")
        short_subject = words <= 16 and sources.looks_like_person_name(subject.split(",")[0])
    else:
        short_subject = words <= 12
    if not short_subject:
        return claim
    end = _strip_end(text, claim[0], breaks[-1].start())[1]
    return (claim[0], end) if end - claim[0] >= 3 else claim


def _last_comma(text: str, start: int, end: int) -> int:
    """The last comma in [start, end) that separates words, not digits ("1,100", "May 1, 2016")."""
    comma = text.rfind(",", start, end)
    while comma >= 0 and re.match(r",\s*\d", text[comma:comma + 3]):
        comma = text.rfind(",", start, comma)
    return comma


def _comma_before_inverted_cue(text: str, start: int, next_cue: int, se: int) -> int | None:
    """The comma that closes a statement before the next cue: a participle right after it
    (", adding that ..."), or a cue whose few-word subject stands between the comma and the cue
    or after the cue, with nothing more to the end of the sentence (", officials said.",
    ", reports AP.")."""
    comma = _last_comma(text, start, next_cue)
    verb = cues.SPEECH_VERB.match(text, next_cue)
    if comma < 0 or verb is None or _QUOTE_START.search(text, comma, next_cue):
        return None
    between = text[comma + 1:next_cue].strip()
    rest = text[verb.end():se].strip(" .!?\n")
    if not between and verb.group(0).endswith("ing"):
        return comma
    # The speaker: a few words before the cue and at most a time after it, or after the cue alone.
    speaker, after_speaker = (between, len(_WORDS.findall(rest)) <= 2) if between else (rest, True)
    if after_speaker and 1 <= len(speaker.split()) <= 5 and _looks_like_speaker(speaker) and \
            not _OWN_CLAUSE_WORDS.intersection(w.lower() for w in speaker.split()
                                               if w.lower() not in _SUBJECT_PRONOUNS):
        return comma
    return None


def _quoted_words(text: str, q: Quote) -> bool:
    """A few quoted words with no punctuation ("“Ted Cruz” campaign pins"): part of a phrase."""
    inside = text[q.start:q.end]
    return len(_WORDS.findall(inside)) <= 3 and not re.search(r"[,.!?;:]", inside)


def _words_then_no_comma(between: str) -> bool:
    """Whether words stand between a quote and the source, the last not closed by a comma
    ("“If ...” by the United States, Clinton said" keeps the quote; "''A,'' on Tuesday he
    said" does not)."""
    return bool(_TWO_WORDS.search(between.replace("''", " "))) and not between.rstrip().endswith(",")


def _direct_claims(text: str, quotes: list[Quote], vs: int, src_start: int,
                   prior_end: int) -> list[tuple[int, int]]:
    """Quotes attributed by a cue in this sentence (those outside the cue and source). A quote
    that runs over several paragraphs is one claim, from its first piece to its last. A quote
    before the cue is its claim only when no earlier cue and not the source itself stand between
    ("X called it “careless,” but said ..." and "“A,” he said, adding ..." are not)."""
    out = []
    for q in quotes:
        if q.start <= vs < q.end:
            continue
        if q.end <= vs and (src_start < q.open_mark or q.end <= prior_end or
                            _words_then_no_comma(text[q.end:src_start])):
            continue  # "''A,'' on Tuesday night he said ...": a quote words before another clause
        pieces = [p for p in q.pieces if p[1] > p[0]]
        if pieces and not _is_title(text, q):
            out.append((pieces[0][0], pieces[-1][1]))
    if any(c[1] <= vs and not _TWO_WORDS.search(text[c[1]:src_start]) for c in out):
        # "“This is a play,” Su explained, calling it a “unique technology”": after a quoted
        # statement, a few quoted words further on are a phrase of the next clause, not a claim.
        out = [c for c in out if c[1] <= vs or len(_WORDS.findall(text[c[0]:c[1]])) >= 4 or
               not _TWO_WORDS.search(text[vs:c[0]])]
    return out


_TITLE_BEFORE = re.compile(r"(?:\b(?:on|in|to|told|wrote|of|from|with|called|titled|entitled|"
                           r"book|film|movie|show|program|programme|song|album|series|newspaper|"
                           r"magazine|column|op-ed|article|headline)|[’']s)\s*$", re.IGNORECASE)


_SMALL_WORDS = frozenset("a an the of on in to for and or at by with from is".split())


def _is_title(text: str, q: Quote) -> bool:
    """A quoted title ("told “Meet the Press”", "on “Fox News Sunday.”", the book “The Art of
    the Deal”): short, every word but small ones capitalised, after a preposition or a noun
    like "show" or "book". Up to three such words need no context ("“Tough Choices.”"); a
    quote with no two words in a row (a date, a handle) is not a statement either."""
    inside = text[q.start:q.end]
    if not _TWO_WORDS.search(inside) and len(q.pieces) == 1:
        return True
    words = inside.strip(" .,!?").split()
    if not 1 <= len(words) <= 8 or len(q.pieces) > 1:
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words):
        return False
    return len(words) <= 3 or bool(_TITLE_BEFORE.search(text, max(0, q.open_mark - 30), q.open_mark))


_TWO_WORDS = re.compile(r"[A-Za-z’']{2,}\W+[A-Za-z’']{2,}")


def _words_outside(text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> bool:
    """Whether [s, e) has two words in a row outside the quoted spans."""
    pos = s
    for qs, qe in sorted(quotes):
        if qs > pos and _TWO_WORDS.search(text[pos:min(qs, e)]):
            return True
        pos = max(pos, qe)
    return bool(_TWO_WORDS.search(text[pos:e])) if pos < e else False


_SUBJECT_PRONOUNS = frozenset("he she they it we i you".split())


def _pronoun_then_quote(text: str, clause_start: int, quote_start: int) -> bool:
    """"told detectives that she “planned on going right home”": a subject pronoun, then the
    quote, is a clause whose subject the quote lacks."""
    return text[clause_start:quote_start].strip(" “\"‘'").lower() in _SUBJECT_PRONOUNS


def _whole_clause(text: str, quotes, lo: int, ss: int, se: int, after: int, src_start: int,
                  vs: int) -> list[tuple[int, int]] | None:
    """Partial quotes inside reported speech give the whole clause, not the quoted words:
    "X said he is “surprised” by ..." -> the complement; "The plan would “fail,” X said" ->
    the clause before the source. A quote that is the whole statement stays as it is."""
    # "told AFP: “...”", "responded with a warning: “...”": a quote after a colon is the statement.
    opens_after_colon = text[after:quotes[0][0]].rstrip(" \t“\"‘'").endswith(":")
    if src_start < vs and all(q[0] > after for q in quotes) and not opens_after_colon:
        clause = indirect_claim(text, after, ss, se, src_start, vs)
        inside = [q for q in quotes if clause[0] - 1 <= q[0] and q[1] <= clause[1] + 1]
        if inside and (_words_outside(text, clause[0], clause[1], inside) or
                       _pronoun_then_quote(text, clause[0], inside[0][0])):
            return [clause]
    if all(q[1] <= src_start for q in quotes):
        end = min(src_start, vs)  # "... “acted sooner,” said X": the clause ends before the cue
        clause = _strip_end(text, lo, end)
        inside = [q for q in quotes if clause[0] - 1 <= q[0] and q[1] <= clause[1] + 1]
        between = text[quotes[-1][1]:end].replace("''", " ")  # a closing '' is not a word
        # Words after the last quote too ("X has been “arbitrarily detained” since 2010 and should
        # be freed, the group says"), when the quotes sit inside the clause, not at its start.
        embedded = inside and _TWO_WORDS.search(text[clause[0]:inside[0][0]]) and \
            text[lo:end].rstrip().endswith(",")
        if inside and _words_outside(text, clause[0], clause[1], inside) and \
                (not _TWO_WORDS.search(between) or embedded):
            return [(clause[0], max(clause[1], quotes[-1][1]))]
    return None


_PARTICIPLE_LEAD = re.compile(r"\b(?:by|while|and|also)\s+$")
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|am)\s+$")
_SHARE = re.compile(r"\d\s*(?:%|percent\b)|\b(?:in|of)\s+(?:\d+|ten|four|five)\b")
_QUOTED_COMMA = re.compile(r",\s*(?:[”\"’]|'')\s*$")
_WITH_NP = re.compile(r"(?:^|[\s,(])with\s+((?:\d[\d.,]*\s*(?:%|percent)|[a-z]+\s+(?:in|of)\s+\d+|most|many|some|"
                      r"few|half|a\s+majority|majorities|a\s+third|two-thirds|[a-z]+\s+(?:voters|people|residents|"
                      r"Americans|respondents))(?:\s+of\s+[^,;:]{1,30}?)?)\s+$")


_ASKED = re.compile(r"\W{0,3}(Asked)\s+(?:(?:by|on|in|at|during)\s[^,]{1,60}?\s)?((?:if|whether|about|what|how|why|"
                    r"when|who|which|to)\b[^,;:]{3,300}?),\s")


def _asked_rows(doc: _Doc, ss: int, se: int, found: list[dict]) -> list[dict]:
    """"Asked whether the ferry would stop, the mayor said ...": the question is what the
    speaker of the main clause was asked."""
    m = _ASKED.match(doc.text, ss, se)
    if not m:
        return []
    main = [r for r in found if r["source"] and r["cue"][0] >= m.end()]
    if not main:
        return []
    return [_row(doc, m.span(2), main[0]["source"], m.span(1), "indirect", (ss, se))]
