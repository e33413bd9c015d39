"""What keeps the report from being turned against its reader.

- :func:`json_for_script`: JSON that is safe inside ``<script type="application/json">``.
- :func:`csp_hash`: the ``'sha256-...'`` source for one inline script.
- :func:`safe_url`: only http(s) URLs ever become links.
- :func:`sanitize_svg`: matplotlib SVG reduced to a whitelist of drawing elements and
  attributes, no scripts, no event handlers, no external references, ids prefixed per figure.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from urllib.parse import urlsplit

from lxml import etree
from markupsafe import Markup

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def json_for_script(value) -> Markup:
    """``value`` as JSON that cannot end its ``<script>`` element or open a comment:
    ``<``, ``>``, ``&`` and U+2028/9 become ``\\uXXXX`` escapes (still the same JSON value)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    return Markup(_JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text))


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def safe_url(url) -> str | None:
    """The URL if it is an absolute http(s) URL without control characters, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ord(ch) < 32 or ch in "\x7f\"'<>`\\" or ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


# -- SVG ------------------------------------------------------------------------------------
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = {"svg", "g", "path", "defs", "clipPath", "use", "text", "tspan", "rect", "circle",
                "ellipse", "line", "polyline", "polygon", "title", "desc", "linearGradient",
                "radialGradient", "stop", "mask", "pattern", "marker", "symbol", "image"}
# <image> only for a raster matplotlib embedded itself (imshow): a base64 PNG or JPEG data URL,
# which can hold no script and makes no request.
_RASTER = re.compile(r"data:image/(?:png|jpeg);base64,[A-Za-z0-9+/=\s]+")
SVG_ATTRIBUTES = {
    "id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy",
    "width", "height", "viewBox", "transform", "style", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
    "stroke-dashoffset", "stroke-miterlimit", "opacity", "clip-path", "clip-rule", "clipPathUnits",
    "mask", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "alignment-baseline", "points", "version", "preserveAspectRatio", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "patternUnits",
    "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits", "letter-spacing",
    "space", "role", "aria-label", "focusable",
}
_URL_REF = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_BAD_VALUE = re.compile(r"javascript:|vbscript:|data:|expression\s*\(|@import|behavior\s*:|-moz-binding", re.I)


def _local(tag) -> str | None:
    if not isinstance(tag, str):
        return None  # comments, processing instructions
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return name if ns == SVG_NS else None
    return None  # un-namespaced elements are not SVG


def _safe_value(value: str, prefix: str) -> str | None:
    if _BAD_VALUE.search(value):
        return None
    bad = False

    def fix(m):
        nonlocal bad
        ref = m.group(2).strip()
        if not ref.startswith("#") or not re.fullmatch(r"#[\w.:-]+", ref):
            bad = True
            return ""
        return f"url(#{prefix}{ref[1:]})"

    value = _URL_REF.sub(fix, value)
    return None if bad else value


def sanitize_svg(svg: str | bytes, prefix: str = "f") -> Markup:
    """A matplotlib SVG document reduced to inline-safe drawing markup.

    Only whitelisted SVG elements and attributes survive; ``on*`` handlers, ``<script>``,
    ``<foreignObject>``, ``<a>``, ``<image>``, ``<style>`` and anything outside the SVG namespace
    are dropped with their content; ``href`` may only point to ``#id`` inside the figure; every
    id is prefixed with ``prefix`` so two figures never collide. Text is re-serialised by lxml,
    so article-derived labels are character data, never markup.
    """
    if isinstance(svg, str):
        svg = svg.encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    root = etree.fromstring(svg, parser)
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    prefix = re.sub(r"[^\w-]", "", prefix) + "-"

    def clean(el) -> bool:
        name = _local(el.tag)
        if name not in SVG_ELEMENTS:
            return False
        for attr in list(el.attrib):
            value = el.attrib[attr]
            keep = None
            if attr in ("href", f"{{{XLINK_NS}}}href"):
                if name == "image":
                    if _RASTER.fullmatch(value.strip()):
                        continue  # keep the embedded raster as it is
                    del el.attrib[attr]
                    continue
                if re.fullmatch(r"#[\w.:-]+", value.strip()):
                    keep = "#" + prefix + value.strip()[1:]
                del el.attrib[attr]
                if keep:
                    el.set(f"{{{XLINK_NS}}}href", keep)
                continue
            if attr.startswith("{") or attr.lower().startswith("on") or attr not in SVG_ATTRIBUTES:
                del el.attrib[attr]
                continue
            if attr == "id":
                if re.fullmatch(r"[\w.:-]+", value):
                    el.set("id", prefix + value)
                else:
                    del el.attrib[attr]
                continue
            safe = _safe_value(value, prefix)
            if safe is None:
                del el.attrib[attr]
            else:
                el.set(attr, safe)
        if name == "image" and not any(_RASTER.fullmatch((el.get(a) or "").strip())
                                       for a in ("href", f"{{{XLINK_NS}}}href")):
            return False
        for child in list(el):
            if not clean(child):
                tail, previous = child.tail, child.getprevious()
                el.remove(child)
                if tail and tail.strip():  # keep text that followed a removed element, as text
                    if previous is not None:
                        previous.tail = (previous.tail or "") + tail
                    else:
                        el.text = (el.text or "") + tail
        return True

    clean(root)
    # Responsive: drop the fixed size in points; the viewBox keeps the aspect ratio.
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("role", "img")
    etree.cleanup_namespaces(root)
    text = etree.tostring(root, encoding="unicode", method="xml")
    return Markup(text)
