"""`load --workers N`: worker processes give exactly what a serial load gives (claim ids, rows,
articles, errors, warnings), on both backends; unchanged articles are skipped; the time budget,
bad inputs and a full database behave as in a serial load; memory is bounded by the window."""
from __future__ import annotations

import json
import multiprocessing
import shutil

import pytest
from click.testing import CliRunner

from conftest import BACKENDS, DATA, SEED
from workbook import pipeline
from workbook.cli import main
from workbook.corpus import parallel
from workbook.outlets import default_registry
from workbook.store import Store
from workbook.store.errors import StoreError

GERMAN = ("Brücke bleibt gesperrt\n\nDie alte Brücke über den Fluss bleibt bis zum Sommer gesperrt, sagte der "
          "Bürgermeister am Montag. Die Stadtverwaltung teilte mit, dass die Reparatur teuer werde.\n")
SPEAKERS = ["the mayor", "Anna Berg, a council member,", "officials in the port authority", "a spokesman"]


def story(i: int) -> str:
    who = SPEAKERS[i % len(SPEAKERS)]
    return (f"Harbour Courier\nBerth {i} reopens\nBy Ann Writer | Harbour Courier | May {i % 27 + 1}, 2024\n\n"
            f"The harbour master said berth {i} would reopen on Monday after {i + 2} weeks of repairs. "
            f"“We may need more time for the cranes,” {who} said. According to the port authority, "
            f"traffic could rise by {i * 3} percent. Some critics say the works were rushed.\n\n"
            f"Repairs to berth {i} cost more than {i + 1} million pounds, officials said on Tuesday.\n")


def varied_folder(root, count: int = 12):
    """Articles of every kind a load meets, with failures among them."""
    folder = root / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for i in range(count):
        (folder / f"story{i:02d}.txt").write_text(story(i), encoding="utf-8")
    (folder / "story03_copy.txt").write_text(story(3).replace("cranes", "ships"), encoding="utf-8")  # same id
    (folder / "story05_again.txt").write_text(story(5), encoding="utf-8")  # same id and text
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "page.html").write_text("<html><head><title>Dock strike ends</title></head><body><article><p>"
                                      "The union said the dock strike had ended, according to Reuters.</p>"
                                      "</article></body></html>", encoding="utf-8")
    lines = [json.dumps({"id": f"j{i}", "title": f"Ferry {i}", "text": story(i + 40)}) for i in range(6)]
    lines.insert(3, "{not json")
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def snapshot(store: Store) -> tuple[list, list]:
    """Claims and articles, in stored order, without the times they were written."""
    claims = store.frame("SELECT * FROM claims ORDER BY claim_id").drop(columns=["first_seen", "last_seen"])
    articles = store.frame("SELECT * FROM articles ORDER BY id").drop(columns=["loaded_at", "extracted_at"])
    return records(claims), records(articles)


def records(frame) -> list[dict]:
    frame = frame.astype(object)
    return frame.where(frame.notna(), None).to_dict("records")  # NaN != NaN; None == None


def messages(summary) -> tuple:
    return str(summary), [str(e) for e in summary.errors], summary.warnings, summary.article_ids


def load(target, inputs, workers: int, **options):
    with Store(target) as store:
        summary = pipeline.load_into(store, inputs, workers=workers, start_workers_after=0, **options)
        return summary, snapshot(store)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_workers_store_exactly_what_one_process_stores(tmp_path, backend, request):
    folder = varied_folder(tmp_path)
    targets = [str(tmp_path / "serial.db"), str(tmp_path / "parallel.db")]
    if backend == "postgresql":
        pool = request.getfixturevalue("pg_cluster").pool
        targets = [pool.take(), pool.take()]
        request.addfinalizer(lambda: [pool.give_back(url) for url in targets])
    serial, serial_rows = load(targets[0], [folder], workers=1)
    two, two_rows = load(targets[1], [folder], workers=2)
    assert serial.claims > 50 and len(serial.errors) == 3  # empty file, bad JSON line, changed copy
    assert any("language is de" in w for w in serial.warnings)
    assert messages(two) == messages(serial)
    assert two_rows == serial_rows


def test_the_pool_really_runs_in_other_processes(tmp_path):
    folder = varied_folder(tmp_path, count=4)
    items = parallel.prepared_items([folder], default_registry(), None, lambda a: True, workers=2, start_after=0)
    try:
        pairs = list(items)
        assert items.pool is not None and len(items.pool._processes) == 2
    finally:
        items.close()
    assert items.pool is None and not multiprocessing.active_children()  # workers joined
    assert sum(len(done.rows) for _, done in pairs if done and done.rows) > 20


def test_unchanged_articles_are_skipped_and_a_changed_one_is_extracted_again(tmp_path):
    folder = varied_folder(tmp_path, count=6)
    db = tmp_path / "w.db"
    first, rows = load(db, [folder], workers=2)
    again, rows_again = load(db, [folder], workers=2)
    assert again.unchanged == again.articles == first.articles and again.claims == 0
    assert rows_again[0] == rows[0]
    (folder / "story02.txt").write_text(story(2).replace("Monday", "Friday"), encoding="utf-8")
    third, _ = load(db, [folder], workers=2)
    assert third.unchanged == first.articles - 1 and third.claims > 0
    assert any("a new version of the article" in w for w in third.warnings)


def test_a_reload_warns_as_a_serial_reload_does(tmp_path):
    """Workers detect the language of what they extract; an unchanged article is not sent to
    them, so the parent marks its language and the reload says the same as a serial one."""
    folder = varied_folder(tmp_path, count=4)
    serial_db, parallel_db = tmp_path / "s.db", tmp_path / "p.db"
    load(serial_db, [folder], workers=1)
    load(parallel_db, [folder], workers=2)
    serial_again, _ = load(serial_db, [folder], workers=1)
    two_again, _ = load(parallel_db, [folder], workers=2)
    assert any("language is de" in w for w in two_again.warnings)
    assert messages(two_again) == messages(serial_again)


def test_the_time_budget_fails_each_article_in_one_line_as_in_serial(tmp_path):
    folder = varied_folder(tmp_path, count=4)
    serial, _ = load(tmp_path / "a.db", [folder], workers=1, budget=0.0)
    two, rows = load(tmp_path / "b.db", [folder], workers=2, budget=0.0)
    assert messages(two) == messages(serial)
    over = [str(e) for e in two.errors if "budget of 0 s" in str(e)]
    assert len(over) >= 5 and all("extraction failed, stored claims kept: ExtractionError" in e for e in over)
    assert rows[0] == []  # nothing extracted, nothing stored


def test_a_database_error_stops_a_parallel_load_and_counts_what_was_stored(tmp_path, monkeypatch):
    folder = varied_folder(tmp_path, count=10)
    with Store(tmp_path / "w.db") as store:
        real, saved = store.save_article, []

        def full_after_three(article, rows):
            if len(saved) >= 3:
                raise StoreError(f"{tmp_path / 'w.db'} cannot be written: the disk is full")
            saved.append(article.id)
            return real(article, rows)

        monkeypatch.setattr(store, "save_article", full_after_three)
        summary = pipeline.load_into(store, [folder], workers=2, start_workers_after=0)
        stored = store.frame("SELECT id FROM articles")["id"].tolist()
    assert sorted(stored) == sorted(summary.article_ids) and 1 <= summary.articles <= 3
    assert "load stopped" in str(summary.errors[-1]) and "disk is full" in str(summary.errors[-1])
    assert not multiprocessing.active_children()  # the workers were stopped


def test_in_flight_articles_are_bounded_by_the_window(tmp_path):
    folder = varied_folder(tmp_path, count=80)
    read = []

    def counting(inputs, registry):
        for item in parallel.iter_load(inputs, registry):
            read.append(item)
            yield item

    items = parallel.PreparedItems(counting([folder], default_registry()), default_registry(), None,
                                   lambda a: True, workers=2, start_after=0)
    ahead = []
    try:
        for consumed, _ in enumerate(items, 1):
            ahead.append(len(read) - consumed)
    finally:
        items.close()
    window = (parallel.IN_FLIGHT_PER_WORKER * 2 + 1) * parallel.CHUNK
    assert max(ahead) <= window < len(read) - 10


def test_cli_workers_give_the_same_output_and_exit_code(tmp_path):
    folder = varied_folder(tmp_path, count=parallel.START_AFTER + 4)  # enough for the pool to start
    runs = {}
    for workers in ("1", "2"):
        result = CliRunner().invoke(main, ["load", str(folder), "--db", str(tmp_path / f"w{workers}.db"),
                                           "--workers", workers, "--no-progress"], catch_exceptions=False)
        runs[workers] = result
        assert result.exit_code == 1  # three inputs failed, the rest loaded
    for stream in ("stdout", "stderr"):
        one, two = (getattr(runs[w], stream).replace(f"w{w}.db", "w.db") for w in ("1", "2"))
        assert one == two
    assert runs["2"].stderr.count("error: ") == 3 and "claim rows extracted" in runs["2"].stdout


def test_data_folder_loads_the_same_with_the_default_workers(tmp_path):
    serial, rows = load(tmp_path / "a.db", [DATA], workers=1)
    default, rows_default = load(tmp_path / "b.db", [DATA], workers=multiprocessing.cpu_count())
    assert messages(default) == messages(serial) and rows_default == rows and serial.claims > 10


def test_progress_counts_every_input_once_in_order(tmp_path):
    folder = varied_folder(tmp_path, count=8)
    seen = {}
    for workers in (1, 2):
        calls = []
        with Store(tmp_path / f"w{workers}.db") as store:
            pipeline.load_into(store, [folder], workers=workers, start_workers_after=0,
                               progress=lambda item: calls.append(item.source))
        seen[workers] = calls
    # 14 files (seed, 8 stories, 2 copies, German, empty, page) and 7 JSON lines, each once
    assert seen[1] == seen[2] and len(seen[2]) == len(set(seen[2])) == 14 + 7
