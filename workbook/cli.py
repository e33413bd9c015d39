"""`workbook`: thin commands over the same library functions the notebooks call."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .store import Store, default_db_path
from .store.errors import StoreError, translated

db_option = click.option("--db", "db_path", default=default_db_path, show_default="workbook.db or $WORKBOOK_DB",
                         type=click.Path(dir_okay=False), help="The SQLite database file, or a PostgreSQL URL (postgresql://user@host/dbname).")


def shown_path(db_path: str) -> str:
    """The database as messages show it: a URL without its password."""
    from .store import is_url
    from .store.postgres import redacted

    return redacted(db_path) if is_url(db_path) else db_path


@contextmanager
def open_store(db_path: str, create: bool = False) -> Iterator[Store]:
    """The store for one command. Only commands that write articles create the file; a
    database problem inside the block becomes a one-line StoreError naming the file."""
    with Store(db_path, create=create) as store, translated(store.path):
        yield store


class _Main(click.Group):
    """Database problems end any command with one line, `error: ...`, and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Main)
@click.version_option(__version__, prog_name="workbook")
def main() -> None:
    """A source-verification workbook: who says so, claim by claim, across outlets."""


@main.command()
@click.argument("inputs", nargs=-1)
@db_option
@click.option("--force", is_flag=True, help="Re-extract articles already loaded (keeps every tag).")
@click.option("--outlets", "outlet_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="An extra outlets CSV (name,aliases,domains).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes extracting at once (default: the number of cores; 1: all in this process).")
@click.option("--dask", "dask_address", is_flag=False, flag_value="local", default=None, metavar="[ADDRESS]",
              help="Extract on the Dask cluster at ADDRESS (alone: a LocalCluster of --workers processes).")
@click.option("--parquet-out", type=click.Path(file_okay=False), default=None,
              help="With --dask: write the claim and article tables as Parquet partitions to this folder "
                   "(store them later with `workbook import-parquet`) instead of into --db.")
def load(inputs, db_path, force, outlet_files, progress, workers, dask_address, parquet_out):
    """Load articles (files, folders, globs, http(s) URLs) and extract their claims."""
    from tqdm import tqdm

    from .outlets import load_registry
    from .pipeline import load_into

    if dask_address is not None:
        from .corpus.dask_run import address_and_inputs, load_on_dask, parquet_on_dask

        address, inputs = address_and_inputs(dask_address, inputs)
    if not inputs:
        raise click.UsageError("Missing argument 'INPUTS...'.")
    if parquet_out and dask_address is None:
        raise click.UsageError("--parquet-out needs --dask")
    registry = load_registry(*outlet_files)
    if parquet_out:
        sys.exit(parquet_on_dask(inputs, parquet_out, address, registry, workers))
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(desc="loading", unit=" articles", disable=not show, file=sys.stderr)
    callbacks = dict(on_error=lambda e: tqdm.write(f"error: {e}", file=sys.stderr),
                     on_warning=lambda w: tqdm.write(f"warning: {w}", file=sys.stderr),
                     progress=lambda _: bar.update(1))
    with open_store(db_path, create=True) as store:
        if dask_address is not None:
            summary = load_on_dask(store, inputs, address, registry, force=force, workers=workers, **callbacks)
        else:
            summary = load_into(store, inputs, registry, force=force, workers=workers or os.cpu_count() or 1,
                                **callbacks)
    bar.close()
    click.echo(f"{summary} -> {shown_path(db_path)}")
    if summary.errors:
        sys.exit(1)


def _write_frame(frame, fmt: str, output: str) -> None:
    """Write a table to stdout ("-") or to a file that appears only once complete. CSV cells a
    spreadsheet would run as formulas are neutralised; JSON and HTML keep the text as it is."""
    from .table import spreadsheet_safe

    with _output_file(output) as out:
        if fmt == "csv":
            spreadsheet_safe(frame).to_csv(out, index=False)
        elif fmt == "json":
            out.write(frame.to_json(orient="records", force_ascii=False, indent=1))
            out.write("\n")
        elif fmt == "html":
            out.write(frame.to_html(index=False, escape=True, border=0))
            out.write("\n")


@contextmanager
def _atomic_path(path: str) -> Iterator[str]:
    """A temporary path next to ``path``, renamed to it when the block succeeds and removed
    when it fails: a failed export never leaves an empty or partial file."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise click.FileError(path, hint=exc.strerror or str(exc)) from None
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:  # a full disk or a vanished folder while writing
        raise click.FileError(path, hint=exc.strerror or str(exc)) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


@contextmanager
def _output_file(path: str):
    if path == "-":
        yield sys.stdout
        return
    with _atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        yield out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "html"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="File to write (default: stdout).")
@click.option("--all", "include_inactive", is_flag=True, help="Include claims a newer extraction no longer finds.")
def table(db_path, fmt, output, include_inactive):
    """Write the claim-and-source table."""
    from .table import claims_table

    with open_store(db_path) as store:
        frame = claims_table(store, active_only=not include_inactive)
    frame["hedges"] = ["; ".join(h) for h in frame["hedges"]]
    frame["tags"] = [json.dumps(t, ensure_ascii=False) if t else "" for t in frame["tags"]]
    _write_frame(frame, fmt, output)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--text", "with_text", is_flag=True, help="Include each article's text.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def articles(db_path, fmt, with_text, output):
    """Write one row per article, with its propagation records."""
    from .table import articles_table

    with open_store(db_path) as store:
        frame = articles_table(store, with_text=with_text)
    if fmt == "csv":
        frame["propagation"] = [json.dumps(p, ensure_ascii=False) for p in frame["propagation"]]
    _write_frame(frame, fmt, output)


def _parse_fold(ctx, param, value):
    if value is None:
        return None
    try:
        k, i = (int(x) for x in value.split("/"))
    except ValueError:
        raise click.BadParameter("K/I, e.g. 5/4 (the held-out fifth) or 5/-4 (the other four fifths)")
    return k, i


fold_option = click.option("--fold", callback=_parse_fold, metavar="K/I",
                           help="Score only items whose index is I mod K (5/4: every fifth, the fold kept out "
                                "of tuning); a negative I keeps the others.")


@main.group(name="eval")
def eval_group():
    """Score the extractor on annotated corpora."""


@eval_group.command(name="attributions")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--types", "types_file", type=click.Path(exists=True, dir_okay=False),
              help="A source-type TSV (like polnear-train/source_types.tsv).")
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@fold_option
def eval_attributions(directory, types_file, limit, fold):
    """Precision, recall and F1 of sources and cues on a brat-format directory."""
    from .eval import attributions

    result = attributions.evaluate(directory, types_file=types_file, limit=limit, fold=fold)
    click.echo(attributions.format_report(result))


@eval_group.command(name="speculation")
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False))
@fold_option
def eval_speculation(csv_path, fold):
    """Precision, recall and F1 of speculation on a text,label CSV."""
    from .eval import speculation

    click.echo(speculation.format_report(speculation.evaluate(csv_path, fold=fold)))


@eval_group.command(name="matching")
@click.argument("path", type=click.Path(exists=True))
@click.option("--half", type=click.Choice(["tuning", "held-out"]), multiple=True,
              help="Score only this half of the topics (default: both, reported separately).")
def eval_matching(path, half):
    """Claim-matching pair precision and subtopic recall on ECB+ (folder or documents file)."""
    from .eval import matching

    click.echo(matching.format_report(matching.evaluate(path, halves=half or tuple(matching.HALVES))))


# Commands of later stages (review, graph, report) are added below, each a thin call into
# its own package.



@main.command()
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The HTML file to write (default: <db stem>-report.html next to the database).")
@click.option("--title", default=None, help="The report's title.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal, large reports).")
def report(db_path, output, title, progress):
    """Write the review as one self-contained HTML report that opens offline."""
    from pathlib import Path

    from .report import build_report

    with open_store(db_path) as store:
        path = build_report(store, output, title=title, progress=progress)
    click.echo(f"report written to {Path(path).resolve()}")


@main.group(name="review")
def review_group():
    """The review: agreement between reviewers, orphaned tags, the reviewed table."""


@review_group.command(name="agreement")
@db_option
def review_agreement(db_path):
    """Cohen's kappa per pair of reviewers, Fleiss' kappa and Krippendorff's alpha."""
    from .review import agreement, format_agreement

    with open_store(db_path) as store:
        click.echo(format_agreement(agreement(store)))


@review_group.command(name="orphans")
@db_option
@click.option("--reviewer", default=None, help="Only this reviewer's tags.")
def review_orphans(db_path, reviewer):
    """Tags whose claim a newer extraction no longer finds, with the most similar current claim."""
    from .review.db import orphans

    with open_store(db_path) as store:
        frame = orphans(store, reviewer=reviewer)
    if frame.empty:
        click.echo("no orphaned tags")
    for r in frame.itertuples():
        match = f" -> best match {r.match_id} ({r.similarity:.2f})" if r.match_id else ""
        click.echo(f"{r.claim_id}\t{r.reviewer}\t{r.tag}\t{r.reason}\t{r.claim_text}{match}")


@review_group.command(name="table")
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "html"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def review_table(db_path, fmt, output):
    """Write the claim-and-source table with the final tag, who gave it, and the agreement."""
    from .review import reviewed_table

    with open_store(db_path) as store:
        frame = reviewed_table(store)
    for col in ("hedges", "tags", "notes"):
        frame[col] = [json.dumps(v, ensure_ascii=False) if v else "" for v in frame[col]]
    _write_frame(frame, fmt, output)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "edges"]), default="graphml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The file to write.")
def graph(db_path, fmt, output):
    """Write the outlet / claim-group / source graph (GraphML, GEXF or an edge-list CSV)."""
    from .graph import export, graph_from_store

    with open_store(db_path) as store:
        g = graph_from_store(store)
    with _atomic_path(output) as tmp:
        export(g, tmp, fmt)
    click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {output}")


@main.command()
@db_option
@click.option("--min-outlets", type=int, default=2, show_default=True, help="Only groups carried by this many outlets.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "html"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def groups(db_path, min_outlets, fmt, output):
    """Write the claim groups: outlets, first report, independent origins, sourcing mix, flags."""
    from .graph import graph_from_store, group_summary

    with open_store(db_path) as store:
        frame = group_summary(graph_from_store(store), min_outlets=min_outlets)
    for col in ("outlets", "origins"):
        frame[col] = ["; ".join(v) for v in frame[col]]
    frame["mix"] = [json.dumps(v, ensure_ascii=False) for v in frame["mix"]]
    _write_frame(frame, fmt, output)


@main.group(name="db")
def db_group():
    """Database commands (a store is a SQLite file or a postgresql:// URL)."""


@db_group.command(name="copy")
@click.argument("source")
@click.argument("destination")
def db_copy(source, destination):
    """Copy a whole review, with its history and ids, into an EMPTY database, then check the
    row counts of every table (SQLite <-> PostgreSQL, either way)."""
    from .store.copy import copy_review

    with open_store(source) as src, open_store(destination, create=True) as dst:
        counts = copy_review(src, dst)
        target = dst.path
    click.echo("copied " + ", ".join(f"{t} {n}" for t, n in counts.items()) + f" rows -> {target}")


@main.command(name="import-parquet")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@db_option
@click.option("--force", is_flag=True, help="Store articles the database already holds unchanged.")
def import_parquet(directory, db_path, force):
    """Store the Parquet partitions `load --dask --parquet-out DIR` wrote, as a load would."""
    from .corpus.parquet import import_parquet as store_parts

    with open_store(db_path, create=True) as store:
        summary = store_parts(store, directory, force=force,
                              on_error=lambda e: click.echo(f"error: {e}", err=True),
                              on_warning=lambda w: click.echo(f"warning: {w}", err=True))
    click.echo(f"{summary} -> {shown_path(db_path)}")
    if summary.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
