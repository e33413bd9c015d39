"""`load --dask`: on a LocalCluster of 2 worker processes, storing directly or through Parquet
partitions, the store ends up exactly as after a serial load (claim ids, rows, articles,
errors and warnings); Parquet article inputs give the claims their JSON lines give."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from test_parallel_load import messages, snapshot, story, varied_folder
from workbook import pipeline
from workbook.cli import main
from workbook.outlets import default_registry
from workbook.store import Store

dask_distributed = pytest.importorskip("dask.distributed", reason="needs dask[distributed] (the corpus extra)")
pa = pytest.importorskip("pyarrow", reason="needs pyarrow (the corpus extra)")
import pyarrow.parquet as pq  # noqa: E402

from workbook.corpus import dask_run  # noqa: E402
from workbook.corpus.parquet import import_parquet, read_parts  # noqa: E402
BLOCK = 3000  # bytes: the JSON lines file splits into many partitions


@pytest.fixture(scope="module")
def cluster():
    with dask_distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture
def corpus(tmp_path):
    folder = varied_folder(tmp_path, count=6)
    lines = [json.dumps({"id": f"n{i}", "title": f"Crane {i}", "text": story(i + 60)}) for i in range(30)]
    lines[7] = "[1, 2]"  # not an object: an error for that line alone
    lines.append(lines[2])  # the same article twice: the copy is unchanged
    (tmp_path / "big.jsonl").write_text("\n".join(lines), encoding="utf-8")  # no newline at the end
    return [str(tmp_path / "big.jsonl"), str(folder)]


def serial_load(path, inputs):
    with Store(path) as store:
        return pipeline.load_into(store, inputs, workers=1), snapshot(store)


def test_the_plan_keeps_line_numbers_and_cuts_at_line_starts(corpus, cluster):
    from dask.distributed import Client

    with Client(cluster) as client:
        parts = dask_run.numbered(dask_run.plan(corpus, BLOCK), client)
    ranges = [p for p in parts if p.kind == "jsonl" and p.path == corpus[0]]
    data = open(corpus[0], "rb").read()
    assert len(ranges) >= 4 and ranges[-1].end == len(data)
    for part in ranges:
        assert part.start == 0 or data[part.start - 1:part.start] == b"\n"
        assert part.first_line == data[:part.start].count(b"\n") + 1


def test_dask_store_equals_serial(tmp_path, corpus, cluster):
    serial, rows = serial_load(tmp_path / "serial.db", corpus)
    with Store(tmp_path / "dask.db") as store:
        summary = dask_run.load_on_dask(store, corpus, cluster, block_bytes=BLOCK)
        dask_rows = snapshot(store)
    assert serial.claims > 100 and len(serial.errors) == 4
    assert messages(summary) == messages(serial)
    assert dask_rows == rows


def test_parquet_partitions_import_to_the_serial_result(tmp_path, corpus, cluster):
    from dask.distributed import Client

    serial, rows = serial_load(tmp_path / "serial.db", corpus)
    with Client(cluster) as client:
        total = dask_run.write_parquet(client, corpus, str(tmp_path / "out"), default_registry(), None, BLOCK)
    assert total["parts"] >= 6 and total["articles"] == serial.articles + 1  # + the copy (skipped on import)
    claims = pq.read_table(tmp_path / "out" / "claims").to_pandas()  # the claim table, read directly
    extra = claims[~claims["claim_id"].isin({r["claim_id"] for r in rows[0]})]
    assert {r["claim_id"] for r in rows[0]} <= set(claims["claim_id"])  # and those of the rejected copy:
    copy_id = next(a["id"] for a in rows[1] if a["source"].endswith("story03.txt"))
    assert len(extra) and set(extra["article_id"]) == {copy_id}  # same id as the article it copies
    with Store(tmp_path / "imported.db") as store:
        summary = import_parquet(store, tmp_path / "out")
        imported = snapshot(store)
    assert messages(summary) == messages(serial)
    assert imported == rows


def test_cli_dask_parquet_out_then_import(tmp_path, corpus, cluster):
    out = tmp_path / "parts"
    result = CliRunner().invoke(main, ["load", "--dask", cluster, *corpus, "--parquet-out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "partitions ->" in result.stdout  # the bad inputs are reported
    assert result.stderr.count("error: ") == 3  # the changed copy of an article is found on import
    imported = CliRunner().invoke(main, ["import-parquet", str(out), "--db", str(tmp_path / "w.db")],
                                  catch_exceptions=False)
    serial = CliRunner().invoke(main, ["load", *corpus, "--db", str(tmp_path / "s.db"), "--workers", "1",
                                       "--no-progress"], catch_exceptions=False)
    assert imported.exit_code == serial.exit_code == 1
    assert imported.stdout.replace("w.db", "s.db") == serial.stdout


def test_parquet_article_input_gives_the_claims_of_its_json_lines(tmp_path, cluster):
    objects = [{"id": f"p{i}", "title": f"Pier {i}", "text": story(i + 90)} for i in range(12)]
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(objects), tmp_path / "docs.parquet", row_group_size=5)
    _, (jsonl_claims, _) = serial_load(tmp_path / "s.db", [str(tmp_path / "docs.jsonl")])
    with Store(tmp_path / "d.db") as store:
        summary = dask_run.load_on_dask(store, [str(tmp_path / "docs.parquet")], cluster)
        claims, articles = snapshot(store)
    assert summary.articles == 12 and not summary.errors
    assert sorted(a["source"] for a in articles) == sorted(f"{tmp_path / 'docs.parquet'}:{n}" for n in range(1, 13))
    assert sorted((c["claim"], c["source"]) for c in claims) == sorted((c["claim"], c["source"]) for c in jsonl_claims)


def test_reading_an_incomplete_output_says_what_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="no articles/part"):
        list(read_parts(tmp_path))


def test_dask_takes_an_optional_address_before_the_inputs(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    a = str(tmp_path / "a.jsonl")
    assert dask_run.address_and_inputs("local", (a,)) == (None, (a,))
    assert dask_run.address_and_inputs(a, ()) == (None, (a,))  # `--dask a.jsonl`: the input, locally
    assert dask_run.address_and_inputs("tcp://10.0.0.5:8786", (a,)) == ("tcp://10.0.0.5:8786", (a,))
    assert dask_run.address_and_inputs("scheduler:8786", (a,)) == ("scheduler:8786", (a,))


def test_parquet_out_refuses_a_folder_that_holds_parts(tmp_path, corpus, cluster):
    out = tmp_path / "parts"
    (out / "claims").mkdir(parents=True)
    (out / "claims" / "part-000000.parquet").write_bytes(b"old")
    result = CliRunner().invoke(main, ["load", "--dask", cluster, *corpus, "--parquet-out", str(out)])
    assert result.exit_code == 2 and "already holds partitions" in result.stderr
    assert (out / "claims" / "part-000000.parquet").read_bytes() == b"old"
