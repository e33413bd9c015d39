"""Fetching a page over http(s): one deadline for the whole download, a size cap, gzip
decoded, and only HTML or plain text."""
from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import zlib

from .. import __version__

ACCEPTED = ("text/html", "application/xhtml+xml", "text/plain")
CHUNK = 64 * 1024


class FetchError(ValueError):
    pass


def fetch(url: str, timeout: float = 20.0, max_bytes: int = 20_000_000) -> tuple[bytes, str, str]:
    """Return (body, content type, final URL) or raise FetchError with a one-line reason.
    ``timeout`` bounds the whole download (connecting, every read), not each read alone: a
    server that drips one byte at a time fails at the deadline."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": f"workbook/{__version__}",
                                                   "Accept": "text/html,text/plain;q=0.9",
                                                   "Accept-Encoding": "gzip, identity"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ctype = (response.headers.get_content_type() or "").lower()
            if ctype not in ACCEPTED:
                raise FetchError(f"not an HTML or text page ({ctype or 'no content type'})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"page is {int(length) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
            body = _read_until(response, deadline, timeout, max_bytes)
            if (response.headers.get("Content-Encoding") or "").lower() in ("gzip", "x-gzip"):
                body = _gunzip(body, max_bytes)
            return body, ctype, response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise FetchError(f"too many redirects (HTTP {exc.code}, a redirect loop?)") from None
        raise FetchError(f"HTTP {exc.code} {_one_line(exc.reason)}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"cannot fetch ({_one_line(reason)})") from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchError(f"cannot fetch ({_one_line(exc)})") from None


def _read_until(response, deadline: float, timeout: float, max_bytes: int) -> bytes:
    """The body in chunks, each read allowed only the time left before the deadline."""
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"timed out after {timeout:g} s (the whole download has that long)")
        _set_read_timeout(response, left)
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"page is over the {max_bytes / 1e6:.0f} MB limit")


def _set_read_timeout(response, seconds: float) -> None:
    # http.client keeps the socket on its buffered reader; without it, the deadline is still
    # checked between reads.
    sock = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(sock, "_sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.001))


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    """A gzip-encoded body, decompressed with the same size cap (no zip bomb)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(f"the page says it is gzip-compressed but is not ({exc})") from None
    if len(out) > max_bytes:
        raise FetchError(f"page is over the {max_bytes / 1e6:.0f} MB limit once decompressed")
    return out


def _one_line(value) -> str:
    return " ".join(str(value).split())
