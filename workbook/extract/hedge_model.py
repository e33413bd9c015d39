"""A small logistic-regression speculation scorer, shipped as plain data (hedge_model.json).

Features are binary: lower-cased words and word pairs, the hand-written cue lists of
:mod:`.hedges` (strong cue hits, a count of weak ones), and a few context patterns that a bag of
words cannot see: a vague quantifier as determiner of a plural noun ("some critics", "many
scholars", but not "some 300 people"), an agentless passive of an opinion verb ("is considered",
"has been described as"; with "by ..." it is attributed and gets its own feature), a vague group
as the subject of a saying or believing verb ("critics argue"), "it is believed/possible ...",
superlatives ("one of the most"),
and stated certainty ("it is certain that", "undoubtedly").

The weights are learned by :mod:`workbook.eval.train_speculation` on the CoNLL-2010 Wikipedia
training sentences (``wikiweasel_train.csv``), holding out every fifth sentence; nothing here
needs scikit-learn at run time. The model file records how it was trained and its scores.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("hedge_model.json")

_TOK = re.compile(r"[a-z]+(?:[-’'][a-z]+)*|\d+")
_PL_DET = re.compile(
    r"\b(some|many|most|several|various|numerous|few|certain|other|others|countless|multiple|"
    r"a\s+number\s+of|a\s+variety\s+of|a\s+lot\s+of)\s+(?:(?:of\s+the\s+)?[a-z-]+\s+){0,2}?"
    r"([a-z]+s)\b")
_SOME_NUM = re.compile(r"\bsome\s+\d")
_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|also\s+|still\s+|not\s+)?(considered|"
    r"regarded|described|seen|viewed|thought|believed|claimed|said|known|cited|called|criticized|"
    r"criticised|praised|recognized|recognised|acclaimed|reported|rumou?red|alleged|suspected|"
    r"supposed|reputed|deemed|hailed|noted|presumed|expected|assumed|suggested|estimated|accused|"
    r"credited|labeled|labelled|perceived|touted)\b(\s+by\b)?")
_VAGUE_SOURCE = re.compile(
    r"\b(critics|experts|scholars|historians|observers|commentators|reviewers|analysts|researchers|"
    r"scientists|people|others|fans|supporters|opponents|proponents|detractors|skeptics|sceptics|"
    r"many|some|most|authorities|sources|economists|theorists|writers|authors|musicologists|"
    r"biographers)\s+(?:\w+ly\s+)?(say|said|believe|believed|argue|argued|claim|claimed|consider|"
    r"considered|suggest|suggested|think|thought|feel|felt|note|noted|contend|contended|maintain|"
    r"maintained|assert|asserted|speculate|speculated|regard|regarded|view|viewed|have|hold|held|"
    r"point|pointed|agree|agreed|see|saw|describe|described|praise|praised|criticize|criticized|"
    r"doubt|doubted|question|questioned)\b")
_SUPERLATIVE = re.compile(
    r"\b(?:one\s+of\s+the\s+(?:most|best|greatest|largest|leading|finest|few|first|earliest|oldest|"
    r"top)|the\s+most\s+\w+|(?:best|greatest|finest|leading|foremost|premier|top)\b)")
_IT_IS = re.compile(
    r"\bit\s+(?:is|was|has\s+been|had\s+been|may\s+be|might\s+be|could\s+be|seems|appears)\s+"
    r"(?:\w+ly\s+)?(?:said|believed|thought|claimed|suggested|argued|rumou?red|alleged|reported|"
    r"known|considered|assumed|speculated|possible|likely|unlikely|probable|unclear|widely|"
    r"generally|often|commonly|understood|estimated|feared|hoped|expected|noted)\b")
# Stated certainty, not negated: "it is certain that", "there is no doubt", "undoubtedly".
_CERTAIN = re.compile(
    r"\b(?:(?<!not\s)(?:certain|clear|known|evident|obvious|proven)\s+that|no\s+doubt|"
    r"without\s+(?:a\s+)?doubt|undoubtedly|certainly|definitely|indisputabl[ey])\b")
_CERTAIN_WORDS = frozenset("certain clear known evident obvious proven doubt undoubtedly certainly "
                           "definitely indisputable indisputably".split())


def features(sentence: str) -> set[str]:
    """The binary features of one sentence (names as in the model file)."""
    low = sentence.lower()
    toks = _TOK.findall(low)
    f = {"w:" + t for t in toks}
    f.update("b:" + a + "_" + b for a, b in zip(toks, toks[1:]))
    f.update(_context_features(sentence, low, len(toks)))
    return f


def _words_of(pattern: re.Pattern) -> frozenset[str]:
    """The literal words in a pattern's alternations (a cheap pre-check before running it)."""
    return frozenset(re.findall(r"[a-z]{2,}", pattern.pattern))


_PL_DET_WORDS = frozenset("some many most several various numerous few certain other others "
                          "countless multiple number variety lot".split())
_PASSIVE_VERBS = (_words_of(_PASSIVE) | {"rumored", "rumoured"}) - frozenset(
    "is are was were be been being by also still not ly rumou red".split())
_VAGUE_WORDS = frozenset(re.findall(r"[a-z]{2,}", _VAGUE_SOURCE.pattern.split(")\\s+")[0]))
_SUPERLATIVE_WORDS = frozenset("most best greatest finest leading foremost premier top".split())


def _context_features(sentence: str, low: str, n_tokens: int, words=None) -> list[str]:
    from .hedges import _STRONG_LOW, _WEAK_LOW  # the cue lists are features too

    words = words if words is not None else set(_TOK.findall(low))
    f = []
    if not _PL_DET_WORDS.isdisjoint(words):
        for m in _PL_DET.finditer(low):
            f.append("pl_det:" + m.group(1).split()[0])
            f.append("pl_det")
            if m.start() < 25:
                f.append("pl_det_early")
        if "some" in words and _SOME_NUM.search(low):
            f.append("some_num")
    if not _PASSIVE_VERBS.isdisjoint(words):
        for m in _PASSIVE.finditer(low):
            if m.group(2):
                f.append("passive_by")
                f.append("pass_by:" + m.group(1))
            else:
                f.append("passive_agentless")
                f.append("pass:" + m.group(1))
    if not _VAGUE_WORDS.isdisjoint(words):
        for m in _VAGUE_SOURCE.finditer(low):
            f.append("vague_src")
            f.append("vs:" + m.group(1))
    if not _SUPERLATIVE_WORDS.isdisjoint(words) and _SUPERLATIVE.search(low):
        f.append("superlative")
    if "it" in words and _IT_IS.search(low):
        f.append("it_is")
    if not _CERTAIN_WORDS.isdisjoint(words) and _CERTAIN.search(low):
        f.append("certain")
    n = n_tokens
    f.append("len:" + ("s" if n < 12 else "m" if n < 25 else "l" if n < 40 else "xl"))
    for m in _STRONG_LOW.finditer(low):
        f.append("strong")
        f.append("st:" + re.sub(r"\s+", " ", m.group(0)))
    k = len(_WEAK_LOW.findall(low))
    if k:
        f.append("weak%d" % min(k, 3))
    return f


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The model file as a dict (bias, threshold, weights), or None when it is missing/broken.
    Word and word-pair weights are also split out by token for fast scoring."""
    try:
        model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in model["weights"].items()}
        model["weights"] = weights
        model["bias"] = float(model["bias"])
        model["threshold"] = float(model["threshold"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    uni, bi, other = {}, {}, {}
    for k, v in weights.items():
        if k.startswith("w:"):
            uni[k[2:]] = v
        elif k.startswith("b:") and "_" in k:
            a, _, b = k[2:].partition("_")
            bi[(a, b)] = v
        else:
            other[k] = v
    model["_uni"], model["_bi"], model["_other"] = uni, bi, other
    return model


def probability(sentence: str, model: dict | None = None) -> float | None:
    """P(speculative) for a sentence, or None when no model is available."""
    model = model or load_model()
    if model is None:
        return None
    low = sentence.lower()
    toks = _TOK.findall(low)
    uni, bi, other = model["_uni"], model["_bi"], model["_other"]
    z = model["bias"]
    words = set(toks)
    for t in words:
        z += uni.get(t, 0.0)
    for pair in set(zip(toks, toks[1:])):
        z += bi.get(pair, 0.0)
    for k in set(_context_features(sentence, low, len(toks), words)):
        z += other.get(k, 0.0)
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)
