"""Collect the report's data and render it through the Jinja2 partials in ``templates/``."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..store import overview
from .data import (DISPUTED, UNTAGGED, ReportData, claim_rows, group_data, history_data, method_data,
                   review_data, summary_data)
from .figures import TAG_COLOURS, _palette, figures, tag_colour
from .safety import csp_hash, json_for_script

PAGE_SIZE = 100  # rows rendered in HTML (and per page in the browser)
GROUPS_SHOWN = 100
LIST_SHOWN = 200  # disagreements / orphans written as HTML before "and N more"
SOURCE_OPTIONS = 400  # distinct sources offered in the filter (most frequent first)
BASE_TAGS = ["named", "anonymous", "outlet", "document", "unsourced"]  # speculation is a flag beside them


def environment() -> Environment:
    env = Environment(loader=PackageLoader("workbook.report", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html",), default=True,
                                                   default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: "–" if v is None else f"{v:.0f}%"
    env.filters["num"] = lambda v: f"{v:,}" if isinstance(v, int) else v
    return env


def _database_label(store) -> str:
    """The database's name for the method section: the file name, or the server database's."""
    from ..store.postgres import database_name

    return database_name(store.url) if store.backend == "postgresql" else os.path.basename(store.path)


def default_report_path(db_path) -> Path:
    """``<db stem>-report.html`` next to the database (``workbook.db`` -> ``workbook-report.html``);
    for a PostgreSQL database, ``<database name>-report.html`` in the working folder."""
    from ..store import is_url
    from ..store.postgres import database_name

    if is_url(db_path):
        return Path.cwd() / f"{database_name(str(db_path))}-report.html"
    db = Path(db_path)
    return db.with_name(f"{db.stem}-report.html")


def _tag_order(rows: list[dict]) -> list[str]:
    present = {r["tag"] for r in rows} | {r["suggested"] for r in rows if r["suggested"]}
    extra = sorted(present - set(BASE_TAGS) - {DISPUTED, UNTAGGED})
    return BASE_TAGS + extra + [DISPUTED, UNTAGGED]


class _Progress:
    """A tqdm bar over the stages (and rows) of a report; silent unless asked for."""

    def __init__(self, enabled, total: int):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="report", unit=" rows", file=sys.stderr, leave=False)

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def stage(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(name, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def report_data(store, title: str | None = None, progress: bool | None = None) -> ReportData:
    """Everything the report shows, as plain Python data (also what the notebook displays)."""
    notes: list[str] = []
    n_claims = overview.active_claims(store)
    show = (n_claims >= 2000 and sys.stderr.isatty()) if progress is None else progress
    bar = _Progress(show, total=n_claims + 5)
    try:
        bar.stage("review")
        tags = store.tags()
        reviewed, disagreements, orphans, stats = review_data(store)
        reviewed["url"] = reviewed["article_id"].map(overview.article_urls(store))
        bar.update(1)
        bar.stage("rows")
        rows = claim_rows(reviewed, overview.sentence_texts(store), progress=bar)
        order = _tag_order(rows)
        bar.stage("groups")
        groups, groups_total, groups_section, graph = group_data(store, limit=GROUPS_SHOWN)
        bar.update(1)
        bar.stage("figures")
        figs = figures(store, rows, order, notes, graph=graph)
        bar.update(2)
        summary = summary_data(store, rows, tags, stats, order)
        history = history_data(store)
        method = method_data(store, _database_label(store))
        bar.update(1)
    finally:
        bar.close()
    outlets = sorted({r["outlet"] for r in rows}, key=str.casefold)
    from collections import Counter

    source_counts = Counter(r["source"] for r in rows)
    sources = [s for s, _ in sorted(source_counts.items(), key=lambda x: (-x[1], x[0].casefold()))][:SOURCE_OPTIONS]
    return ReportData(
        title=title or "Source-verification report",
        generated_at=method["generated"], summary=summary, rows=rows,
        tags=[t for t in order if any(r["tag"] == t for r in rows)] or order, outlets=outlets,
        sources=sorted(sources, key=str.casefold), groups=groups, groups_total=groups_total,
        groups_section=groups_section, figures=figs, disagreements=disagreements, orphans=orphans,
        history=history, method=method, notes=notes)


ARTICLE_FIELDS = ("outlet", "orig", "date", "title", "url")


def _island(data: ReportData, tag_colours: dict) -> Markup:
    """The JSON the script renders pages from: rows, history, and the tag colours. Article
    fields (outlet, date, title, url) are stored once per article; a row points at its article."""
    articles, index, rows = [], {}, []
    for r in data.rows:
        key = (r["article"],) + tuple(r[f] for f in ARTICLE_FIELDS)
        if key not in index:
            index[key] = len(articles)
            articles.append({f: r[f] for f in ARTICLE_FIELDS})
        row = {k: v for k, v in r.items() if k not in ARTICLE_FIELDS and k not in ("article", "status")}
        row["a"] = index[key]
        rows.append(row)
    return json_for_script({
        "articles": articles,
        "rows": rows,
        "history": data.history,
        "pageSize": PAGE_SIZE,
        "colours": tag_colours,
    })


def render_report(store, title: str | None = None, progress: bool | None = None,
                  data: ReportData | None = None) -> str:
    """The whole report as one HTML string."""
    data = data or report_data(store, title=title, progress=progress)
    env = environment()
    script = env.get_template("_script.html").render()
    if "</script" in script.lower() or "<!--" in script:
        raise AssertionError("the report script must not contain </script or <!--")
    csp = "; ".join([
        "default-src 'none'",
        "img-src data:",
        "style-src 'unsafe-inline'",  # matplotlib SVG draws with style attributes
        f"script-src {csp_hash(script)}",
        "font-src 'none'", "connect-src 'none'", "media-src 'none'", "object-src 'none'",
        "frame-src 'none'", "child-src 'none'", "worker-src 'none'", "manifest-src 'none'",
        "base-uri 'none'", "form-action 'none'",
    ])
    palette = _palette()
    tag_colours = {t: tag_colour(t, data.tags, palette) for t in set(data.tags) | set(TAG_COLOURS)}
    return env.get_template("report.html").render(
        d=data, csp=csp, script=Markup(script), island=_island(data, tag_colours), page_size=PAGE_SIZE,
        first_rows=data.rows[:PAGE_SIZE], first_history=data.history[-PAGE_SIZE:][::-1],
        list_shown=LIST_SHOWN, tag_colours=tag_colours, kind_names={"c": "claim", "s": "source", "q": "cue"})


def build_report(store, path=None, title: str | None = None, progress: bool | None = None) -> Path:
    """Write the report; ``path`` defaults to ``<db stem>-report.html`` next to the database.
    Written to a temporary file and renamed, so a half-written report never replaces a good one."""
    if path is None:
        if store.path == ":memory:":
            raise ValueError("an in-memory database has no folder: pass a path for the report")
        path = default_report_path(store.path)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = render_report(store, title=title, progress=progress)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{int(time.time() * 1000)}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
