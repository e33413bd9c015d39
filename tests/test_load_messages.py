"""Loader messages read as one clear line; odd encodings load or say what they are; random
bytes never load as an article; the loader's own regexes stay linear on long input."""
from __future__ import annotations

import gzip
import random
import time

import pytest

from workbook.load import load, load_text
from workbook.load import provenance, text as text_module
from workbook.load.encoding import DecodeError, decode_bytes
from workbook.models import LoadError

ENGLISH = ("Harbour Courier\n\nThe harbour master said on Monday that the sea wall would be repaired "
           "before the winter storms, and officials confirmed the budget.\n")


def load_one(path):
    articles, errors = load(path)
    return (articles + errors)[0]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_loads(tmp_path, codec):
    path = tmp_path / "story.txt"
    path.write_bytes(ENGLISH.encode(codec))
    article = load_one(path)
    assert not isinstance(article, LoadError), article
    assert "sea wall would be repaired" in article.text
    assert any("without a byte-order mark" in w for w in article.warnings)


def test_gzip_file_has_its_own_message(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(gzip.compress(ENGLISH.encode()))
    error = load_one(path)
    assert isinstance(error, LoadError) and "gzip-compressed" in error.reason and "binary" not in error.reason


@pytest.mark.parametrize("seed", range(4))
def test_random_high_bytes_do_not_load_as_an_article(seed):
    rng = random.Random(seed)
    # High bytes with some ASCII between them, the way a damaged or binary file looks.
    data = bytes(rng.choice((rng.randint(0x80, 0xFF), rng.randint(0xA1, 0xF9), rng.randint(0x40, 0x7E)))
                 for _ in range(6000))
    with pytest.raises(DecodeError, match="no other encoding gives readable text"):
        decode_bytes(data)


@pytest.mark.parametrize("text, codec", [
    ("Москва заявила, что переговоры продолжатся на следующей неделе. " * 20, "cp1251"),
    ("官員表示，談判將於下週繼續進行。這是一個重要的進展。" * 20, "big5"),
    ("Le ministre a déclaré que la réforme serait présentée à l’été. " * 20, "cp1252"),
    ("Der Bürgermeister sagte, die Brücke werde im Frühjahr eröffnet. " * 20, "latin-1"),
])
def test_real_legacy_encodings_still_load(text, codec):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text.encode(codec).decode(decoded.encoding)
    assert decoded.text[:12] == text[:12]


def test_json_text_that_is_a_number_names_file_and_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "The mayor said the bridge is open.", "title": "Bridge"}\n{"text": 12345}\n',
                    encoding="utf-8")
    articles, errors = load(path)
    assert len(articles) == 1
    (error,) = errors
    assert error.source == f"{path}:2" and "'text' is a int, not text" in error.reason


def test_json_control_character_message_says_at_once(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b'{"text": "a\x01b"}\n')
    (error,) = load(path)[1]
    assert "at at" not in error.reason and "Invalid control character at column" in error.reason


PATHOLOGICAL = {
    "newlines": "\n", "space newline": " \n", "blank lines then x": "\n\n\nx", "indented digits": "\n 1.   ",
    "pingbacks": "\n   Pingback by ", "reblog spaces": "Reblogged this on " + " " * 50 + "x\n",
}
LINE_PATTERNS = [provenance.FOOTER, provenance.PINGBACK, provenance.COMMENT_BY, provenance.REBLOG,
                 provenance.ORIGINALLY, text_module._COMMENT_ITEM]


def _best_of_two(fn) -> float:
    times = []
    for _ in range(2):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_loader_regexes_are_linear_on_a_megabyte(name):
    text = "Title\n\n" + (PATHOLOGICAL[name] * (2**20 // len(PATHOLOGICAL[name]) + 1))[: 2**20]
    for pattern in LINE_PATTERNS:
        elapsed = _best_of_two(lambda: list(pattern.finditer(text)))
        assert elapsed < 1.0, f"{pattern.pattern[:40]}... took {elapsed:.2f} s on 1 MB of {name!r}"


@pytest.mark.parametrize("name", ["newlines", "blank lines then x"])
def test_parse_text_time_grows_linearly(name):
    def run(kb):
        text = "Title\n\n" + (PATHOLOGICAL[name] * (kb * 1024 // len(PATHOLOGICAL[name]) + 1))[: kb * 1024]
        return _best_of_two(lambda: load_text(text))
    small, large = run(32), run(256)
    assert large < 24 * max(small, 0.005), (small, large)  # linear: 8x; quadratic: 64x
