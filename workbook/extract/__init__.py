"""Attribution extraction: for every claim in an article body, who says so.

``extract(article)`` / ``extract_text(text)`` return :class:`workbook.models.Attribution` rows
with spans into the text. See ``core`` for the pipeline and the smaller modules for each step.
"""
from .core import extract, extract_text
from .errors import ExtractionError
from .hedges import find_hedges, is_speculative
from .sentences import split_sentences

__all__ = ["ExtractionError", "extract", "extract_text", "find_hedges", "is_speculative", "split_sentences"]
