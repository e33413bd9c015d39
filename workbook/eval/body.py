"""How many claim rows lie outside the article body, on pages whose body is known.

The readability layout: ``<page>/source.html`` (the page as served) and ``<page>/expected.html``
(its article body). Each page is loaded and extracted as ``workbook load`` does; a claim row is
*inside* when its text, with all whitespace removed, occurs in the expected body's text (same
normalisation: inline markup can add or drop a space between words). Pages sorted by name; the
held-out part is every fifth (index % 5 == 4), the rest is for tuning.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import lxml.html

from ..extract import extract
from ..load import iter_load
from ..models import Article
from ..outlets import default_registry

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """NFKC text with no whitespace and no invisible format characters (soft hyphens, zero-width
    spaces), for matching across re-flowed markup."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in _SPACE.sub("", text) if unicodedata.category(ch) != "Cf")


def expected_text(path: Path) -> str:
    return lxml.html.fromstring(path.read_text(encoding="utf-8")).text_content()


def pages(directory, part: str = "all") -> list[Path]:
    """Page folders under ``directory``; ``part`` is all, tuning or held-out."""
    found = sorted(p for p in Path(directory).iterdir() if (p / "source.html").is_file()
                   and (p / "expected.html").is_file())
    if part == "all":
        return found
    held = part == "held-out"
    return [p for i, p in enumerate(found) if (i % 5 == 4) == held]


def _article(page: Path, registry) -> Article | None:
    item = next(iter(iter_load([page / "source.html"], registry)), None)
    return item if isinstance(item, Article) else None


def score_page(page: Path, registry=None) -> dict:
    """Rows and the claims outside the expected body, for one page."""
    article = _article(page, registry or default_registry())
    if article is None:
        return {"page": page.name, "rows": 0, "outside": [], "language": None}
    body = squeeze(expected_text(page / "expected.html"))
    claims = [article.text[a.claim[0]:a.claim[1]] for a in extract(article)]
    outside = [c for c in claims if squeeze(c) not in body]
    return {"page": page.name, "rows": len(claims), "outside": outside,
            "language": article.language}


def evaluate(directory, part: str = "all") -> dict:
    per_page = [score_page(p) for p in pages(directory, part)]
    rows = sum(p["rows"] for p in per_page)
    outside = sum(len(p["outside"]) for p in per_page)
    return {"pages": len(per_page), "rows": rows, "outside": outside,
            "share_outside": round(outside / rows, 4) if rows else 0.0, "per_page": per_page}


def format_report(result: dict, show: int = 0) -> str:
    lines = [f"pages {result['pages']}: {result['rows']} claim rows, {result['outside']} outside the "
             f"article body ({result['share_outside']:.1%})"]
    for p in result["per_page"]:
        if p["outside"]:
            lines.append(f"  {p['page']:28} {len(p['outside']):3d} of {p['rows']:3d} outside")
            lines.extend(f"      {c[:100]!r}" for c in p["outside"][:show])
    return "\n".join(lines)


if __name__ == "__main__":  # python -m workbook.eval.body ../shared/corpora/readability/news
    import sys

    for part in ("tuning", "held-out"):
        print(part)
        print(format_report(evaluate(sys.argv[1], part), show=3))
