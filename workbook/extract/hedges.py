"""Hedge and speculation cues.

A highlight for the reviewer, not a verdict. ``find_hedges`` returns the cues worth showing in
news text: hedges proper, modals, and vague attributions in context ("some critics say"); bare
"some"/"many", which are everywhere in news, are not shown. ``is_speculative`` is the
sentence-level decision: a small logistic regression (:mod:`.hedge_model`, weights in
``hedge_model.json``) over words, word pairs, these cue lists and a few context patterns, trained
on the CoNLL-2010 Wikipedia sentences. Without the model file it falls back to the rules: strong
cues count alone, weak ones ("may", "could", which on Wikipedia are right only about a quarter of
the time) count only in company.
"""
from __future__ import annotations

import re

# Cues strong enough to mark a sentence on their own. Precision of each was checked on 4/5 of
# the CoNLL-2010 Wikipedia training sentences. First the hedges proper (all shown to the reviewer):
_HEDGES = [
    r"what\s+if", r"speculat\w*", r"allegedly", r"alleged", r"purportedly", r"supposedly",
    r"possibly", r"perhaps", r"probably", r"presumably", r"unclear", r"uncertain", r"unconfirmed",
    r"unverified", r"no\s+definitive\s+information", r"no\s+idea", r"arguabl\w*",
    r"(?<!no\s)(?<!without\s)doubt\w*",
    r"(?:i|we)\s+(?:think|believe|suspect|guess)", r"(?:he|she|they|i|we)\s+understood",
    r"it\s+is\s+(?:believed|thought|said|claimed|rumou?red|suggested|alleged|reported|argued|"
    r"assumed|understood)",
    r"it\s+(?:has\s+been|had\s+been|was)\s+(?:suggested|claimed|argued|said|reported|speculated|"
    r"rumou?red|alleged|proposed)",
    r"(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:believed|thought|rumou?red|suspected|said|reputed)\s+to",
    # Negated certainty: "it is not certain", "has never been confirmed", "nobody knows".
    r"(?:not|never|no\s+longer|hardly)\s+(?:been\s+)?(?:\w+ly\s+)?(?:certain|sure|clear|proven|"
    r"confirmed|verified|known\s+(?:whether|if|why|how|who|what|when|where))",
    r"(?:nobody|no\s+one)\s+(?:really\s+)?knows", r"unknown\s+(?:whether|if|why|how)",
]
# Weasel attributions, shown in context: a vague group as the source, an opinion passive.
_WEASEL_SHOWN = [
    r"(?:some|many|most|several)\s+(?:\w+\s+)?(?:critics|people|observers|experts|analysts|"
    r"scholars|historians|commentators|researchers|scientists)\s+(?:\w+ly\s+)?(?:say|said|"
    r"believe|believed|argue|argued|claim|claimed|think|thought|consider|considered|suggest|"
    r"suggested|contend|contended)",
    r"(?:is|are|was|were|been)\s+(?:\w+ly\s+)?(?:considered|regarded\s+as|seen\s+as|"
    r"viewed\s+as|thought\s+of\s+as)",
]
_STRONG = _HEDGES + [
    r"(?:some|many)", r"critics", r"considered", r"regarded", r"believed", r"thought\s+to",
    r"widely", r"argu(?:e|es|ed|ably)", r"scholars", r"historians", r"experts", r"fans",
    r"observers", r"commentators", r"might", r"seem\w*", r"suggest\w*", r"reportedly",
]
# Cues that need company (a second cue) to mark a sentence.
_WEAK = [r"may", r"could", r"possible", r"potential\w*", r"likely", r"unlikely", r"apparently",
         r"would", r"should", r"whether", r"notabl\w*", r"famous\w*", r"well[-\s]known",
         r"important", r"significant", r"controvers\w*", r"one\s+of\s+the", r"claim\w*", r"most",
         r"appear\w*", r"estimat\w*", r"rumou?r\w*", r"others", r"believ\w*", r"assum\w*",
         r"largely", r"greatest", r"suspect\w*", r"hope\w*", r"sometimes", r"several"]
# Cues shown to the reviewer (find_hedges): weasel attributions in context, the hedges proper
# and the modal weak cues; bare group words such as "some" and "many" are left out there.
_SHOWN = _WEASEL_SHOWN + _HEDGES + [r"might", r"seem\w*", r"reportedly", r"may", r"could",
                                    r"possible", r"likely", r"unlikely", r"apparently", r"rumou?r\w*"]

_STRONG_RE = re.compile(r"\b(?:" + "|".join(_STRONG) + r")\b", re.IGNORECASE)
_WEAK_RE = re.compile(r"\b(?:" + "|".join(_WEAK) + r")\b", re.IGNORECASE)
_ANY_RE = re.compile(r"\b(?:" + "|".join(_SHOWN) + r")\b", re.IGNORECASE)
# The same patterns without IGNORECASE, for lower-cased text (several times faster).
_STRONG_LOW = re.compile(r"\b(?:" + "|".join(_STRONG) + r")\b")
_WEAK_LOW = re.compile(r"\b(?:" + "|".join(_WEAK) + r")\b")
_ANY_LOW = re.compile(r"\b(?:" + "|".join(_SHOWN) + r")\b")


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Hedge cues in ``text[start:end]``: (start, end, cue text as written)."""
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    low = text.lower()
    if len(low) == n:  # lower() kept every offset (it does not for a few letters, e.g. "İ")
        return [(m.start(), m.end(), text[m.start():m.end()])
                for m in _ANY_LOW.finditer(low, start, end)]
    return [(m.start(), m.end(), m.group(0)) for m in _ANY_RE.finditer(text, start, end)]


def is_speculative(sentence: str) -> bool:
    """Whether a sentence reads as uncertain or speculative (or vaguely sourced)."""
    if not sentence or not sentence.strip():
        return False
    from .hedge_model import load_model, probability

    model = load_model()
    if model is not None:
        return probability(sentence, model) >= model["threshold"]
    return rule_speculative(sentence)


def rule_speculative(sentence: str) -> bool:
    """The rule-only decision (used when the model file is missing)."""
    if not sentence:
        return False
    if _STRONG_RE.search(sentence):
        return True
    return len(_WEAK_RE.findall(sentence)) >= 2
