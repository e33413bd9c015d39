"""Fetching a page over http(s): a timeout, a size cap, and only HTML or plain text."""
from __future__ import annotations

import urllib.error
import urllib.request

from .. import __version__

ACCEPTED = ("text/html", "application/xhtml+xml", "text/plain")


class FetchError(ValueError):
    pass


def fetch(url: str, timeout: float = 20.0, max_bytes: int = 20_000_000) -> tuple[bytes, str, str]:
    """Return (body, content type, final URL) or raise FetchError with a one-line reason."""
    request = urllib.request.Request(url, headers={"User-Agent": f"workbook/{__version__}",
                                                   "Accept": "text/html,text/plain;q=0.9"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ctype = (response.headers.get_content_type() or "").lower()
            if ctype not in ACCEPTED:
                raise FetchError(f"not an HTML or text page ({ctype or 'no content type'})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"page is {int(length) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"page is over the {max_bytes / 1e6:.0f} MB limit")
            return body, ctype, response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"cannot fetch ({reason})") from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"cannot fetch ({exc})") from None
