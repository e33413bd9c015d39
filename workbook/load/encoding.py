"""Bytes to text: UTF-8 first, then a detected legacy encoding (cp1252, Latin-1, ...)."""
from __future__ import annotations

import codecs
from typing import NamedTuple

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


_WESTERN_LOOKALIKES = {codecs.lookup(n).name for n in (
    "utf-8", "ascii", "cp1252", "latin-1", "cp1250", "cp1254", "cp1257", "iso8859-2", "iso8859-9",
    "iso8859-15", "mac-roman", "mac-latin2", "cp850", "cp437", "iso8859-3", "iso8859-4", "iso8859-13",
    "iso8859-16", "cp1258", "cp858", "cp1125")}


class Decoded(NamedTuple):
    text: str
    encoding: str
    warning: str | None = None


def decode_bytes(data: bytes) -> Decoded:
    """Return (text, encoding name, warning). Raises DecodeError with a one-line reason."""
    # A byte-order mark first: UTF-16 text is full of NUL bytes and would look binary.
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not {name} "
                                  f"(byte {exc.start})") from None
    if data.startswith(GZIP_MAGIC):
        raise DecodeError("gzip-compressed, not text: decompress it first (gunzip)")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Mostly UTF-8 with a few damaged bytes (a truncated download, a bad copy-paste): keep it
    # UTF-8, replace the damage and say where, rather than turning every accent into mojibake.
    replaced = data.decode("utf-8", errors="replace")
    damaged = replaced.count("\ufffd") - data.count("\ufffd".encode())
    multibyte_ok = sum(1 for ch in replaced if "\x80" <= ch and ch != "\ufffd")
    if multibyte_ok >= 3 * damaged:
        return Decoded(replaced, "utf-8", f"{damaged} invalid UTF-8 byte sequence(s) replaced, "
                                          f"first at byte {utf8_error.start}")
    # Not UTF-8. Western news text is mostly cp1252 (curly quotes at 0x91-0x94); detectors often
    # name a close cousin (cp1250, latin-1) for short samples, so take cp1252 unless the detector
    # sees a clearly different script (Cyrillic, Greek, CJK ...).
    best = from_bytes(data[:200_000]).best()
    guess = codecs.lookup(best.encoding).name if best is not None else None
    candidates = []
    if guess and guess not in _WESTERN_LOOKALIKES and best.coherence > 0:  # some language fits
        candidates.append(guess)
    candidates += [name for name in ("cp1252", "latin-1") if _plausibly_western(data, name)]
    for name in candidates:
        if _decodes(data, name):
            name = codecs.lookup(name).name
            return Decoded(data.decode(name), name, f"not UTF-8; decoded as {name}")
    raise DecodeError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                      "and no other encoding gives readable text")


GZIP_MAGIC = b"\x1f\x8b"


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text with no byte-order mark: mostly-ASCII text has a NUL in every other byte
    (odd bytes for little-endian, even for big-endian) and none in the others."""
    head = data[:8192]
    pairs = len(head) // 2
    if pairs < 8 or len(data) % 2:
        return None
    even, odd = head[0:pairs * 2:2].count(0) / pairs, head[1:pairs * 2:2].count(0) / pairs
    name = "utf-16-le" if odd > 0.3 and even < 0.01 else "utf-16-be" if even > 0.3 and odd < 0.01 else None
    if name is None:
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"looks like {name.upper()} without a byte-order mark but is not valid {name.upper()} "
                          f"(byte {exc.start})") from None
    if looks_binary(text[:8192].encode("utf-8")):
        return None
    return Decoded(text, name, f"{name.upper()} without a byte-order mark; decoded as {name}")


def _plausibly_western(data: bytes, name: str) -> bool:
    """Western prose decodes to mostly ASCII letters with spaces between words and no C1
    control characters; random high bytes decode to none of that."""
    text = data[:200_000].decode(name, errors="replace")
    letters = sum(ch.isalpha() for ch in text)
    ascii_letters = sum(ch.isascii() and ch.isalpha() for ch in text)
    c1 = sum("\x80" <= ch <= "\x9f" for ch in text)
    spaces = text.count(" ") + text.count("\n")
    return bool(text) and ascii_letters >= 0.5 * letters and c1 <= 0.01 * len(text) and spaces >= 0.03 * len(text)


def _decodes(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
        return True
    except (UnicodeDecodeError, LookupError):
        return False
