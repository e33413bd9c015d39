"""The review as one self-contained HTML file: opens offline, cannot be turned against its reader.

    from workbook.report import build_report, render_report
    path = build_report(store)            # writes <db stem>-report.html next to the database
    html = render_report(store)           # the same document as a string

What keeps it safe (see ``safety.py``): Jinja2 autoescaping everywhere; highlighted sentences
built from escaped segments; data for the interactive table in a JSON island whose ``<``, ``>``,
``&`` and U+2028/9 are ``\\u`` escapes; one inline script allowed by its sha256 hash in a
Content-Security-Policy that forbids every network request; the script writes the DOM with
``textContent`` only; matplotlib SVG reduced to a whitelist; links only for http(s) URLs.
"""
from __future__ import annotations

from .render import build_report, default_report_path, render_report, report_data

__all__ = ["build_report", "render_report", "report_data", "default_report_path"]
