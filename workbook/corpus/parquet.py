"""The claim table (and the articles it came from) as Parquet partitions, and back.

A Dask run writes, for partition N, ``articles/part-N.parquet`` (one row per article: its
fields, language, warnings, and why extraction failed if it did), ``claims/part-N.parquet``
(the claim rows of :func:`workbook.table.rows_for`) and ``errors/part-N.parquet`` (inputs that
did not load). Each row has ``seq``, its place in the partition, so reading the parts back in
order replays the inputs in the order a serial load sees them. ``pandas.read_parquet(DIR /
"claims")`` reads the claim table directly.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..models import Article, LoadError, Propagation

_STR, _INT = pa.string(), pa.int64()
ARTICLE_SCHEMA = pa.schema(
    [("seq", _INT), ("id", _STR), ("source", _STR), ("text", _STR), ("format", _STR), ("outlet", _STR),
     ("original_outlet", _STR), ("url", _STR), ("title", _STR), ("author", _STR), ("published", _STR),
     ("body", _STR), ("propagation", _STR), ("comments", _STR), ("content_hash", _STR), ("words", _INT),
     ("language", _STR), ("warnings", _STR), ("extracted", pa.bool_()), ("failure", _STR)])
CLAIM_SCHEMA = pa.schema(
    [("seq", _INT), ("article_id", _STR), ("claim_id", _STR), ("claim", _STR), ("claim_start", _INT),
     ("claim_end", _INT), ("source", _STR), ("source_start", _INT), ("source_end", _INT),
     ("source_name", _STR), ("source_role", _STR), ("resolved_source", _STR), ("cue", _STR),
     ("cue_start", _INT), ("cue_end", _INT), ("kind", _STR), ("via_outlet", _STR), ("suggested", _STR),
     ("speculative", pa.bool_()), ("hedges", pa.list_(_STR)), ("sentence_start", _INT),
     ("sentence_end", _INT), ("position", _INT), ("origin", _STR)])
ERROR_SCHEMA = pa.schema([("seq", _INT), ("source", _STR), ("reason", _STR)])
TABLES = {"articles": ARTICLE_SCHEMA, "claims": CLAIM_SCHEMA, "errors": ERROR_SCHEMA}


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def write_part(out_dir: str | os.PathLike, index: int, pairs: Iterable[tuple]) -> dict:
    """Write one partition's (item, Prepared) pairs; returns what it holds. Each file appears
    only complete (written aside, then renamed), so an import never reads half a part."""
    records: dict[str, list[dict]] = {name: [] for name in TABLES}
    for seq, (item, done) in enumerate(pairs):
        if isinstance(item, LoadError):
            records["errors"].append({"seq": seq, "source": item.source, "reason": item.reason})
            continue
        records["articles"].append(_article_record(seq, item, done))
        records["claims"].extend({"seq": seq, **row} for row in (done.rows or []))
    for name, schema in TABLES.items():
        folder = Path(out_dir) / name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{part_name(index)}.tmp"
        pq.write_table(pa.Table.from_pylist(records[name], schema=schema), tmp)
        os.replace(tmp, folder / part_name(index))
    return {"articles": len(records["articles"]), "claims": len(records["claims"]),
            "words": sum(r["words"] for r in records["articles"]),
            "errors": [f"{r['source']}: {r['reason']}" for r in records["errors"]]
            + [f"{r['source']}: extraction failed: {r['failure']}" for r in records["articles"] if r["failure"]]}


def _article_record(seq: int, article: Article, done) -> dict:
    return {"seq": seq, "id": article.id, "source": article.source, "text": article.text,
            "format": article.format, "outlet": article.outlet, "original_outlet": article.original_outlet,
            "url": article.url, "title": article.title, "author": article.author, "published": article.published,
            "body": json.dumps(article.body), "comments": json.dumps(article.comments),
            "propagation": json.dumps([[p.kind, p.outlet, p.of_outlet, p.date, p.evidence, p.url]
                                       for p in article.propagation]),
            "content_hash": article.content_hash, "words": article.words, "language": done.language,
            "warnings": json.dumps(done.warnings), "extracted": done.rows is not None or done.failure is not None,
            "failure": done.failure}


def read_parts(directory: str | os.PathLike) -> Iterator[tuple]:
    """(item, Prepared) pairs of every partition in ``directory``, in input order."""
    from ..pipeline import Prepared

    directory = Path(directory)
    names = sorted(p.name for p in (directory / "articles").glob("part-*.parquet"))
    if not names:
        raise FileNotFoundError(f"{directory} holds no articles/part-*.parquet (written by load --parquet-out)")
    for name in names:
        tables = {table: _rows(directory / table / name) for table in TABLES}
        claims: dict[int, list[dict]] = {}
        for row in tables["claims"]:
            claims.setdefault(row.pop("seq"), []).append(row)
        items = [(r["seq"], LoadError(r["source"], r["reason"]), None) for r in tables["errors"]]
        for r in tables["articles"]:
            done = Prepared(r["language"], json.loads(r["warnings"]))
            if r["extracted"]:
                done.failure = r["failure"]
                done.rows = None if r["failure"] else claims.get(r["seq"], [])
            items.append((r["seq"], _article(r), done))
        for _, item, done in sorted(items, key=lambda t: t[0]):
            yield item, done


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the Parquet output is incomplete")
    return pq.read_table(path).to_pylist()


def _article(r: dict) -> Article:
    return Article(id=r["id"], source=r["source"], text=r["text"], format=r["format"], outlet=r["outlet"],
                   original_outlet=r["original_outlet"], url=r["url"], title=r["title"], author=r["author"],
                   published=r["published"], body=[tuple(b) for b in json.loads(r["body"])],
                   comments=json.loads(r["comments"]), content_hash=r["content_hash"],
                   propagation=[Propagation(*p) for p in json.loads(r["propagation"])],
                   warnings=json.loads(r["warnings"]), language=r["language"])


def import_parquet(store, directory: str | os.PathLike, registry=None, force: bool = False, **callbacks):
    """Store a Parquet output as a load would have (unchanged articles skipped unless
    ``force``, tags re-attached); returns the LoadSummary."""
    from ..pipeline import store_prepared

    return store_prepared(store, read_parts(directory), registry, force=force, **callbacks)
