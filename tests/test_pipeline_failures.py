"""A failing extraction is one LoadError line for its article: the batch goes on, and the claims
and tags already stored stay exactly as they were."""
from __future__ import annotations

from click.testing import CliRunner

from conftest import SEED
from workbook import pipeline
from workbook.cli import main
from workbook.extract import ExtractionError, core, extract_text
from workbook.store import Store


def _tag_seed(db) -> list[str]:
    result = CliRunner().invoke(main, ["load", str(SEED), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        ids = list(store.claims()["claim_id"])[:5]
        for claim_id in ids:
            store.record_tag(claim_id, "ana", "named")
    return ids


def _broken_step(*args):
    raise ValueError("a bug in the extractor")


def test_a_failing_extractor_on_load_force_keeps_every_claim_and_tag(tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    tagged = _tag_seed(db)
    with Store(db) as store:
        before = set(store.claims()["claim_id"])
    # The fault sits inside the extractor, so nothing on the way may swallow it.
    monkeypatch.setattr(core, "_finish", _broken_step)
    result = CliRunner().invoke(main, ["load", "--force", str(SEED), "--db", str(db)])
    assert result.exit_code == 1
    failures = [line for line in result.output.splitlines() if "extraction failed" in line]
    assert len(failures) == 1 and str(SEED) in failures[0] and "ValueError" in failures[0]
    with Store(db) as store:
        assert set(store.claims()["claim_id"]) == before  # every claim still active
        tags = store.tags()
        assert set(tags["claim_id"]) == set(tagged) and set(tags["tag"]) == {"named"}
    assert "0 articles loaded" in result.output  # nothing was stored, so nothing is counted


def test_the_batch_goes_on_after_one_article_fails(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("Harbour news\n\nThe harbour master said the port reopened on Monday.\n")
    real = pipeline.extract

    def fails_on_seed(article, registry=None, budget=None):
        if article.source == str(SEED):
            raise ExtractionError("over budget")
        return real(article, registry, budget)

    monkeypatch.setattr(pipeline, "extract", fails_on_seed)
    with Store(tmp_path / "w.db") as store:
        summary = pipeline.load_into(store, [str(SEED), str(good)])
        assert summary.articles == 1 and [e.source for e in summary.errors] == [str(SEED)]
        assert list(store.claims()["claim"]) == ["the port reopened on Monday"]


def test_a_runaway_extraction_ends_at_its_budget():
    text = "Title\n\n" + "The minister spoke about the plan, officials said. " * 400
    try:
        extract_text(text, budget=0.0)
    except ExtractionError as exc:
        assert "budget" in str(exc)
    else:
        raise AssertionError("a zero budget must stop extraction")
    assert extract_text(text, budget=None)  # no budget: it runs to the end


def test_a_tagged_claim_whose_span_improves_keeps_its_tag(tmp_path):
    from workbook.load import load
    from workbook.models import Attribution
    from workbook.table import rows_for

    path = tmp_path / "bridge.txt"
    path.write_text("Bridge vote\n\nThe mayor said she was “deeply troubled” by the council vote on the bridge.\n")
    (article,), _ = load(path)
    text = article.text
    quoted = (text.index("deeply"), text.index("” by"))
    source = (text.index("The mayor"), text.index("The mayor") + len("The mayor"))
    cue = (text.index("said"), text.index("said") + 4)
    old = Attribution(claim=quoted, source=source, cue=cue, kind="direct", suggested="named")
    with Store(tmp_path / "w.db") as store:
        store.save_article(article, rows_for(article, [old]))  # what an older extractor found
        (old_id,) = store.claims()["claim_id"]
        store.record_tag(old_id, "ana", "named", "the mayor, on the record")
        summary = pipeline.load_into(store, [str(path)], force=True)
        claims = store.claims()
        (new,) = claims[claims["source"] == "The mayor"].itertuples()
        assert new.claim.startswith("she was “deeply troubled” by the council vote")
        tags = store.tags()
        assert list(tags["claim_id"]) == [new.claim_id] and list(tags["tag"]) == ["named"]
    assert summary.gone == 1 and not summary.errors


def test_a_database_error_ends_the_batch_and_the_count_is_what_was_stored(tmp_path, monkeypatch):
    from workbook.store.errors import StoreError

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Harbour {name}\n\nThe harbour master said berth {name} reopened.\n")
    with Store(tmp_path / "w.db") as store:
        real = store.save_article
        saved = []

        def full_after_one(article, rows):
            if saved:
                raise StoreError(f"{tmp_path / 'w.db'} cannot be written: the disk is full")
            saved.append(article.source)
            return real(article, rows)

        monkeypatch.setattr(store, "save_article", full_after_one)
        summary = pipeline.load_into(store, [str(tmp_path / f"{n}.txt") for n in "abc"])
        assert summary.articles == 1 and len(summary.errors) == 1
        assert "disk is full" in str(summary.errors[0]) and "1 articles loaded" in str(summary)
        assert len(store.articles()) == 1
