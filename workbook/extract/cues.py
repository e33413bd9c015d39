"""The reporting-verb lexicon and the cue patterns built from it.

Only speech and report verbs are cues here (said, told, according to, reported ...): belief and
intention verbs (thinks, wants) are attributions in PolNeAR's wide sense, but a verb list is
precise only for reported speech, which is what a reviewer checks first.
"""
from __future__ import annotations

import re

# lemma: forms (past/3sg/participle). Kept explicit: irregular forms and no stemming surprises.
_VERBS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "add": "add adds added adding",
    "state": "state states stated stating",
    "write": "write writes wrote written writing",
    "ask": "asked asking",  # "ask"/"asks" are mostly requests
    "explain": "explain explains explained explaining",
    "claim": "claim claims claimed claiming",
    "report": "report reports reported reporting",
    "announce": "announce announces announced announcing",
    "note": "note notes noted noting",
    "tweet": "tweet tweets tweeted tweeting",
    "declare": "declare declares declared declaring",
    "insist": "insist insists insisted insisting",
    "warn": "warn warns warned warning",
    "advise": "advises advised",  # an agency's guidance: "The CDC advises ..."
    "recommend": "recommends recommended",
    "reply": "reply replies replied replying",
    "respond": "respond responds responded responding",
    "argue": "argue argues argued arguing",
    "acknowledge": "acknowledge acknowledges acknowledged acknowledging",
    "admit": "admit admits admitted admitting",
    "confirm": "confirm confirms confirmed confirming",
    "deny": "deny denies denied denying",
    "testify": "testify testifies testified testifying",
    "recall": "recall recalls recalled recalling",
    "comment": "commented",
    "remark": "remark remarks remarked",
    "quip": "quip quips quipped",
    "continue": "continued",
    "observe": "observes observed",
    "contend": "contend contends contended",
    "assert": "assert asserts asserted",
    "maintain": "maintains maintained",
    "allege": "allege alleges alleged",
    "predict": "predict predicts predicted",
    "suggest": "suggests suggested",
    "conclude": "concluded concludes",
    "reveal": "revealed reveals",
    "disclose": "disclosed",
    "complain": "complained complains",
    "boast": "boasted",
    "concede": "conceded concedes",
    "joke": "joked",
    "promise": "promised promises",
    "vow": "vowed vows",
    "pledge": "pledged",
    "estimate": "estimated",
    "emphasize": "emphasized emphasised",
    "stress": "stressed",
    "post": "posted",
    "publish": "published",
    "agree": "agreed agrees",  # only before a colon, "that" or a quote
    "read": "reads read",  # only before a quote: "The sign reads: “...”"
    "yell": "yelled",
    "shout": "shouted",
}
SPEECH_FORMS = frozenset(f for forms in _VERBS.values() for f in forms.split())

# What counts as a "speech or report" cue when scoring (a gold cue containing any of these).
SPEECH_REPORT_WORDS = frozenset("""
say says said saying tell tells told telling according reported reports reporting announced
announces announcing added adds adding stated states wrote writes written writing asked explained
explains claimed claims noted notes tweeted declared insisted warned replied responded argued
acknowledged admitted confirmed denied testified recalled commented remarked quipped continued
""".split())

# Verbs whose grammatical subject is the speaker only in the active voice; in "was told" /
# "is said to" the subject is not the source.
PASSIVE_AUX = frozenset("was were is are be been being".split())

# Adverbs and auxiliaries that may sit between subject and verb and belong to the cue.
_PRE = r"(?:(?:has|have|had|also|later|then|previously|once|repeatedly|recently|publicly|privately|" \
       r"earlier|again|simply|reportedly|initially|first|often|frequently|would|will|could|might|" \
       r"always|usually|repeatedly|(?:has|have|had)\s+(?:both|all)|" \
       r"may|did|does|do|had\s+also|has\s+also|just|flatly|quickly|never|would\s+later|still|long|not|" \
       r"already|since|even|now|yet|immediately|openly|(?:has|have|had|did|does|do|would|could|will|" \
       r"was|is)n[’']t|(?!(?:family|ally|rally|assembly|supply|daily|weekly|monthly|early|only|bully|" \
       r"reply|apply|comply|fly|italy|july|holly|kelly|billy|sally|molly|emily|beverly)\b)[a-z]{2,}ly)\s+)"

_forms = sorted(SPEECH_FORMS, key=len, reverse=True)
SPEECH_VERB = re.compile(rf"\b{_PRE}*(?:{'|'.join(_forms)})\b")  # lowercase only: "States" is a noun
# Multi-word cues a PolNeAR annotator also marks.
CUE_TAIL = re.compile(r"\s+(?:in\s+an?\s+(?:statement|interview|email|e-mail|tweet|post|op-ed|letter|"
                      r"speech|release|memo|note)|on\s+Twitter|on\s+Facebook)\b")
ACCORDING_TO = re.compile(r"\b(?:[Aa]ccording\s+to)\s+")
# Outlet-only report phrases ("Reuters has come out with the same story").
OUTLET_REPORT = re.compile(r"\s+(?:has|had|have)?\s*(?:come\s+out\s+with|broke|broken|published|"
                           r"ran|run|carried|reported|reports|revealed|obtained)\b")
# Base forms need a plural or pronoun subject or an auxiliary ("the bombshell report was ..." is a
# noun); -s forms that are also plural nouns are nouns when an auxiliary or "of" follows.
BASE_FORMS = frozenset("say tell add state write explain claim report announce note tweet declare "
                       "insist warn reply respond argue acknowledge admit confirm deny testify recall "
                       "remark quip contend assert allege predict".split())
NOUNISH_S_FORMS = frozenset("reports claims notes states tweets remarks replies estimates promises "
                            "comments warns".split())
NOUN_FOLLOWERS = frozenset("was were is are have has had will would can could may might of by from "
                           "about and or to for in on with".split())
# Subjects without a plural -s that still take a base-form verb ("Nearly nine out of 10 say").
PLURAL_WORDS = frozenset("people police men women children staff public majority minority percent "
                         "half most many some few all both several they we i you who those these "
                         "others".split())
PARTICIPLES = frozenset(f for f in SPEECH_FORMS if f.endswith("ing"))
REPORT_VERBS = frozenset("report reports reported reporting wrote writes published revealed".split())


def is_speech_report_cue(cue_text: str) -> bool:
    """Whether a cue (gold or predicted) is a speech or report verb phrase."""
    words = re.findall(r"[a-z]+", cue_text.lower())
    return any(w in SPEECH_REPORT_WORDS for w in words) or ":" in cue_text
