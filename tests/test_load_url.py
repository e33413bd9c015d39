"""Loading over http(s), against a real local server on 127.0.0.1."""
from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from workbook.load import iter_load
from workbook.models import LoadError

PAGE = b"""<html><head><title>Harbour closed</title><meta property="og:site_name" content="Reuters"></head>
<body><article><p>Officials in the port city said on Monday that the harbour would stay closed for a week
while engineers inspect the damaged sea wall.</p><p>\xe2\x80\x9cWe have no choice,\xe2\x80\x9d the harbour master
told reporters at the quay.</p></article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, ctype, body, length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length if length is not None else len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _drip(self):
        """One byte every 0.2 s, each read well inside a per-read timeout; stops by itself."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        try:
            for byte in PAGE[:40]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        if self.path == "/article.html":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path == "/plain.txt":
            self._send(200, "text/plain; charset=utf-8", b"Harbour\n\nThe mayor said the harbour would reopen.")
        elif self.path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4 fake")
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", PAGE)
        elif self.path == "/huge":
            self._send(200, "text/html", b"<html>", length=500_000_000)
        elif self.path == "/empty":
            self._send(200, "text/html", b"")
        elif self.path == "/drip":
            self._drip()
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(self.path)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/gzipped":
            body = gzip.compress(PAGE)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self._send(404, "text/html", b"not found")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_html_page_over_http(server):
    (article,) = list(iter_load([f"{server}/article.html"]))
    assert not isinstance(article, LoadError), article
    assert article.format == "url" and article.url.endswith("/article.html")
    assert "harbour would stay closed" in article.text
    assert article.outlet == "Reuters"


def test_plain_text_over_http(server):
    (article,) = list(iter_load([f"{server}/plain.txt"]))
    assert article.title == "Harbour" and "reopen" in article.text


@pytest.mark.parametrize("path, reason", [
    ("/missing", "HTTP 404"),
    ("/report.pdf", "not an HTML or text page (application/pdf)"),
    ("/huge", "over the 20 MB limit"),
    ("/empty", "empty page"),
])
def test_bad_urls_are_one_line_errors(server, path, reason):
    (result,) = list(iter_load([f"{server}{path}"]))
    assert isinstance(result, LoadError)
    assert reason in result.reason and result.source.endswith(path)


def test_timeout_is_an_error_and_the_batch_goes_on(server):
    started = time.monotonic()
    results = list(iter_load([f"{server}/slow", f"{server}/plain.txt"], timeout=0.5))
    assert time.monotonic() - started < 2.5
    assert isinstance(results[0], LoadError) and "timed out" in results[0].reason
    assert results[1].title == "Harbour"


def test_unreachable_host_is_an_error():
    (result,) = list(iter_load(["http://127.0.0.1:9/nothing"], timeout=1))
    assert isinstance(result, LoadError) and "cannot fetch" in result.reason


def test_slow_drip_fails_at_the_deadline_for_the_whole_download(server):
    started = time.monotonic()
    (result,) = list(iter_load([f"{server}/drip"], timeout=1.0))
    elapsed = time.monotonic() - started
    assert isinstance(result, LoadError) and "timed out after 1 s" in result.reason
    assert "\n" not in result.reason
    assert 0.9 < elapsed < 2.0, elapsed


def test_redirect_loop_is_one_line(server):
    (result,) = list(iter_load([f"{server}/loop"]))
    assert isinstance(result, LoadError)
    assert "too many redirects" in result.reason and "\n" not in result.reason


def test_gzip_encoded_page_is_decoded(server):
    (article,) = list(iter_load([f"{server}/gzipped"]))
    assert not isinstance(article, LoadError), article
    assert "harbour would stay closed" in article.text
