"""Which language an article is in, with py3langid (the detector trafilatura itself offers).

py3langid ships its model inside its wheel (4.5 MB, numpy only), is deterministic and fast
(about 1 ms for a page). ``langdetect`` is random unless seeded and no longer maintained;
``lingua-language-detector`` is as accurate on our samples but a 96 MB wheel and slower.

Very short text, or a verdict the model is not sure of, gives ``None``: the extractor treats
an unknown language as English, so a doubtful guess never costs an English article its claims.
"""
from __future__ import annotations

from functools import lru_cache

from ..models import Article

ENGLISH = "en"
MIN_LETTERS = 40  # below this, any guess is noise ("The U.S." came out Afrikaans)
MIN_CONFIDENCE = 0.9
SAMPLE_CHARS = 2000  # the first paragraphs say it (about 3 ms); whole pages only cost time


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code ("en", "de", "pt"), or None when the text is too short or unclear."""
    sample = (text or "")[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE else None


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
