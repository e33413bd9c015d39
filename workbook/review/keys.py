"""Keyboard shortcuts in JupyterLab 4: a small anywidget that listens for keydown.

Plain ipywidgets have no key events. This widget renders a focusable strip; it listens for
keydown on itself and on the enclosing review panel (``.wb-review-panel``), so keys work after
clicking any button of the panel. Handled keys are stopped (preventDefault + stopPropagation;
JupyterLab 4 handles shortcuts in the bubbling phase) so JupyterLab does not also run them as notebook commands
("a" would insert a cell, "1" would make a heading); other keys (Shift+Enter, Ctrl+S, Escape) still
reach JupyterLab. Keys typed in text inputs are left alone.

Python side: ``on_key(key)`` and ``on_selection(dict)`` callbacks. The panel asks for the
browser's text selection with ``request_selection()``; the reply carries article offsets taken
from the ``data-wb-start`` attributes of the rendered paragraph (see render.py).
"""
from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

ESM = r"""
function codepoints(s) { return [...s].length; }

function offsetOf(node, offset) {
  // article offset of a DOM position inside a [data-wb-start] segment, or null
  let el = node.nodeType === 3 ? node.parentElement : node;
  const seg = el && el.closest ? el.closest("[data-wb-start]") : null;
  if (!seg) return null;
  const base = parseInt(seg.getAttribute("data-wb-start"), 10);
  if (node.nodeType === 3) return base + codepoints(node.data.slice(0, offset));
  return base;
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.tabIndex = 0;
  box.className = "wb-keys";
  box.style.cssText = "display:inline-block;padding:4px 10px;border:1px dashed #8c959f;border-radius:6px;" +
    "font-size:12px;color:#57606a;cursor:pointer;user-select:none;outline:none;";
  const paint = () => {
    const active = box.contains(document.activeElement) ||
      (box._panel && box._panel.contains(document.activeElement));
    box.textContent = active ? model.get("active_label") : model.get("label");
    box.style.borderColor = active ? "#1f6feb" : "#8c959f";
    box.style.borderStyle = active ? "solid" : "dashed";
    box.style.color = active ? "#1f6feb" : "#57606a";
  };
  const onKey = (e) => {
    const t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    let key = e.key;
    if ((e.ctrlKey || e.metaKey) && (key === "z" || key === "Z")) key = "z";
    else if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (!model.get("shortcut_keys").includes(key)) return;
    e.preventDefault();
    e.stopPropagation();
    model.send({ type: "key", key: key });
  };
  box.addEventListener("keydown", onKey);
  box.addEventListener("focus", paint);
  box.addEventListener("blur", paint);
  box.addEventListener("click", () => box.focus());
  let tries = 0;
  const attach = () => {
    const panel = el.closest(".wb-review-panel");
    if (panel) {
      box._panel = panel;
      panel.addEventListener("keydown", onKey);
      panel.addEventListener("focusin", paint);
      panel.addEventListener("focusout", () => setTimeout(paint, 0));
    } else if (tries++ < 50) {
      setTimeout(attach, 100);
    }
  };
  attach();
  model.on("change:label", paint);
  model.on("msg:custom", (msg) => {
    if (msg && msg.type === "get_selection") {
      const sel = document.getSelection();
      const out = { type: "selection", purpose: msg.purpose || "", text: sel ? sel.toString() : "", start: null, end: null };
      if (sel && sel.rangeCount) {
        const r = sel.getRangeAt(0);
        out.start = offsetOf(r.startContainer, r.startOffset);
        out.end = offsetOf(r.endContainer, r.endOffset);
      }
      model.send(out);
    } else if (msg && msg.type === "focus") {
      box.focus();
    }
  });
  paint();
  el.appendChild(box);
  return () => {
    if (box._panel) box._panel.removeEventListener("keydown", onKey);
  };
}
export default { render };
"""


class KeyCatcher(anywidget.AnyWidget):
    _esm = ESM
    shortcut_keys = traitlets.List(traitlets.Unicode()).tag(sync=True)
    label = traitlets.Unicode("⌨ Shortcuts: click here (or a button of the panel), then press a key").tag(sync=True)
    active_label = traitlets.Unicode("⌨ Shortcuts on: press a key").tag(sync=True)

    def __init__(self, on_key: Callable[[str], None] | None = None,
                 on_selection: Callable[[dict], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.on_key = on_key
        self.on_selection = on_selection
        self.on_msg(self._handle_message)

    def _handle_message(self, _widget, content, _buffers=None) -> None:
        """What the browser sends: {"type": "key", "key": "2"} or {"type": "selection", ...}."""
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "key" and self.on_key:
            self.on_key(str(content.get("key", "")))
        elif kind == "selection" and self.on_selection:
            self.on_selection(content)

    def request_selection(self, purpose: str = "") -> None:
        self.send({"type": "get_selection", "purpose": purpose})

    def focus(self) -> None:
        self.send({"type": "focus"})
