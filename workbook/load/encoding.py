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
    candidates = ["cp1252", "latin-1"]
    if guess and guess not in _WESTERN_LOOKALIKES:
        candidates.insert(0, guess)
    for name in candidates:
        if _decodes(data, name):
            name = codecs.lookup(name).name
            return Decoded(data.decode(name), name, f"not UTF-8; decoded as {name}")
    raise DecodeError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                      "and no other encoding fits")


def _decodes(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
        return True
    except (UnicodeDecodeError, LookupError):
        return False
