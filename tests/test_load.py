"""Loading: the seed's provenance, encodings, JSON lines, folders, and every kind of bad input."""
from __future__ import annotations

import json

import pytest

from conftest import SEED
from workbook.load import iter_load, load, load_text
from workbook.load.encoding import decode_bytes
from workbook.models import LoadError


def test_seed_header_and_provenance(seed_article):
    a = seed_article
    assert a.outlet == "Aletho News"
    assert a.original_outlet == "Eurasianet"
    assert a.author == "Joshua Kucera"
    assert a.published == "2012-09-30"
    assert a.title == "New Report Revives Speculation On Azerbaijan-Israel Cooperation Against Iran"
    kinds = {(p.kind, p.outlet, p.of_outlet, p.date) for p in a.propagation}
    assert ("republishes", "Aletho News", "Eurasianet", "2012-09-30") in kinds
    assert ("reblogs", "Dogma and Geopolitics", "Aletho News", "2012-09-30") in kinds
    assert ("links_to", "Tea with a Pirate", "Aletho News", "2012-10-29") in kinds
    assert len(a.propagation) == 3


def test_seed_body_excludes_header_footer_and_comments(seed_article):
    (start, end), = seed_article.body
    body = seed_article.text[start:end]
    assert body.startswith("When Foreign Policy magazine reported")
    assert body.endswith("No doubt we’ll hear a lot more about this.")
    for not_a_claim in ("Posted by", "Reblogged", "Pingback", "Comment by", "comment form is closed", "By Joshua"):
        assert not_a_claim not in body
    assert any("Reblogged this on Dogma and Geopolitics" in c for c in seed_article.comments)


def test_offsets_index_the_decoded_file_text(seed_article):
    assert seed_article.text == SEED.read_text(encoding="utf-8")


def test_same_article_twice_has_same_id(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    (a,), _ = load(SEED)
    (b,), _ = load(copy)
    assert a.id == b.id and a.content_hash == b.content_hash


def test_edited_article_keeps_its_id_but_not_its_hash(tmp_path):
    edited = tmp_path / "edited.txt"
    edited.write_text(SEED.read_text(encoding="utf-8").replace("bombshell report", "explosive report"), encoding="utf-8")
    (a,), _ = load(SEED)
    (b,), _ = load(edited)
    assert a.id == b.id
    assert a.content_hash != b.content_hash


def test_cp1252_file_is_detected(tmp_path):
    path = tmp_path / "legacy.txt"
    text = "Caf\u00e9 report\n\n\u201cWe deny it,\u201d the minister said \u2014 firmly, in Z\u00fcrich.\n"
    path.write_bytes(text.encode("cp1252"))
    (article,), errors = load(path)
    assert not errors
    assert "\u201cWe deny it,\u201d the minister said \u2014 firmly, in Z\u00fcrich." in article.text
    assert any("cp1252" in w for w in article.warnings)


def test_latin1_bytes_decode():
    decoded = decode_bytes("Le ministre a déclaré à Genève".encode("latin-1"))
    assert decoded.text == "Le ministre a déclaré à Genève"


def test_damaged_utf8_keeps_utf8_and_says_where(tmp_path):
    path = tmp_path / "damaged.txt"
    good = "Title\n\n“Déjà vu,” said the Zürich official, citing Reuters. " * 3
    data = good.encode("utf-8")
    data = data[:40] + b"\xff" + data[40:]
    path.write_bytes(data)
    (article,), errors = load(path)
    assert not errors
    assert "“Déjà vu,”" in article.text and "\ufffd" in article.text
    assert any("invalid UTF-8" in w and "byte 40" in w for w in article.warnings)


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"   \n\n\t ", "only white space"),
    (bytes(range(256)) * 40, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "binary"),
])
def test_bad_files_give_one_line_and_batch_goes_on(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    results = list(iter_load([bad, SEED]))
    assert isinstance(results[0], LoadError) and reason in results[0].reason
    assert str(bad) in str(results[0]) and "\n" not in str(results[0])
    assert results[1].outlet == "Aletho News"


def test_huge_file_is_refused_quickly(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        line = b"The minister said the talks would go on. " * 25 + b"\n"
        while f.tell() < 50_000_000:
            f.write(line)
    (result,) = list(iter_load([huge]))
    assert isinstance(result, LoadError)
    assert "50.0 MB" in result.reason and "limit" in result.reason


def test_missing_path_and_empty_glob(tmp_path):
    results = list(iter_load([tmp_path / "nope.txt", str(tmp_path / "*.none")]))
    assert [type(r) for r in results] == [LoadError, LoadError]
    assert "no such file" in results[0].reason and "no file matches" in results[1].reason


def test_folder_and_glob_expand_in_stable_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second\n\nOfficials said the port was closed on Monday.\n")
    (tmp_path / "a.txt").write_text("First\n\nThe mayor said the bridge would reopen in May.\n")
    (tmp_path / "notes.csv").write_text("ignored")
    titles = [a.title for a, in [(x,) for x in load(tmp_path)[0]]]
    assert titles == ["First", "Second"]
    assert [a.title for a in load([str(tmp_path / "*.txt")])[0]] == ["First", "Second"]


MALFORMED_HTML = """<html><head><title>Port closed | Example Times</title>
<meta property="og:site_name" content="Example Times"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2021-03-04T10:00:00Z"></head>
<body><div><p>Officials in the port city said on Monday that the harbour would stay closed
<p>“We have no choice,” the harbour master told Reuters. <b>Unclosed bold <i>and italic
<div class="comments" id="comments"><p>Comment by troll: this is fake news!!!</p></div>
"""


def test_malformed_html_loads_with_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(MALFORMED_HTML)
    (article,), errors = load(page)
    assert not errors
    assert "harbour would stay closed" in article.text
    assert "fake news" not in article.text
    assert article.author == "Jane Roe"
    assert article.published == "2021-03-04"
    assert article.outlet == "Example Times"


def test_html_with_no_article_text_is_one_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>")
    (result,) = list(iter_load([page]))
    assert isinstance(result, LoadError) and "no article text" in result.reason


def test_jsonl_bad_lines_are_errors_with_line_numbers(tmp_path):
    path = tmp_path / "corpus.jsonl"
    good = {"doc_id": "7", "title": "Bridge", "outlet": "Reuters", "creation_time": "2011-11-10",
            "text": "Bridge\nThe mayor said the bridge would reopen in May."}
    path.write_text("\n".join([json.dumps(good), "{not json", json.dumps({"title": "no text"}), "[1, 2]",
                               json.dumps(dict(good, doc_id="8", title="Port"))]) + "\n")
    results = list(iter_load([path]))
    errors = [r for r in results if isinstance(r, LoadError)]
    articles = [r for r in results if not isinstance(r, LoadError)]
    assert [e.source.rsplit(":", 1)[1] for e in errors] == ["2", "3", "4"]
    assert [a.title for a in articles] == ["Bridge", "Port"]
    assert articles[0].outlet == "Reuters" and articles[0].published == "2011-11-10"
    assert articles[0].id != articles[1].id


def test_load_text_without_header_takes_whole_text_as_body():
    article = load_text("Officials said the port would stay closed. The mayor disagreed.")
    assert article.body == [(0, len(article.text))]
    assert article.title is None and article.outlet is None


def test_two_stories_with_one_bare_title_get_two_ids(tmp_path):
    (tmp_path / "one.txt").write_text("The Latest\n\nThe mayor said the bridge would reopen in May.\n")
    (tmp_path / "two.txt").write_text("The Latest\n\nThe governor said the port would stay shut.\n")
    articles, _ = load(tmp_path)
    assert len({a.id for a in articles}) == 2


def test_jsonl_documents_sharing_a_url_keep_their_own_ids(tmp_path):
    path = tmp_path / "live.jsonl"
    rows = [{"doc_id": str(i), "source_url": "http://example.org/live", "text": f"Update {i}\nThe mayor said {i}."}
            for i in range(3)]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    articles, _ = load(path)
    assert len({a.id for a in articles}) == 3


def test_rewrapped_seed_keeps_title_and_id(tmp_path):
    import textwrap

    original = SEED.read_text(encoding="utf-8")
    wrapped = "\n\n".join("\n".join(textwrap.wrap(p, 60)) if len(p) > 60 else p
                          for p in original.replace("\xa0", " ").split("\n\n"))
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    (a,), _ = load(SEED)
    (b,), _ = load(path)
    assert b.title == a.title.replace("\xa0", " ") and b.outlet == a.outlet and b.original_outlet == a.original_outlet
    assert b.id == a.id
