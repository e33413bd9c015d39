"""Bytes to text: UTF-8 first, then a detected legacy encoding (cp1252, Latin-1, ...)."""
from __future__ import annotations

import codecs

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


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError with a one-line reason."""
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Not UTF-8. News text in the wild is mostly cp1252 (curly quotes at 0x91-0x94), which
    # charset-normalizer may report as a close cousin; we prefer cp1252 whenever it decodes.
    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else None
    for name in ([guess] if guess and guess not in ("utf_8", "ascii") else []) + ["cp1252", "latin-1"]:
        if name in ("latin_1", "iso8859_1", "latin-1"):
            name = "cp1252" if _decodes(data, "cp1252") else "latin-1"
        if _decodes(data, name):
            return data.decode(name), codecs.lookup(name).name
    raise DecodeError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                      "and no other encoding fits")


def _decodes(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
        return True
    except (UnicodeDecodeError, LookupError):
        return False
