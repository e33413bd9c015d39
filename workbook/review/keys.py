"""Keyboard shortcuts in JupyterLab 4: a small anywidget that owns the panel's keys.

Plain ipywidgets have no key events. This widget finds the panel's root element (the output
area holding ``.wb-review-panel``), makes it focusable and focuses it whenever the reviewer
clicks inside it (paragraph text, empty space, a button), so a click never hands the keys back
to the notebook. A capture-phase keydown listener on the root then stops every key without
Ctrl/Meta/Alt before JupyterLab sees it (JupyterLab matches shortcuts on the document, in the
bubbling phase): panel keys do the panel's action, JupyterLab's command-mode keys (``a b x c v
d m y``, Enter, Shift+Enter) do nothing. Keys typed in the note box type; Enter there saves the
note. Ctrl/Meta combinations other than Ctrl+Z (Ctrl+S) still reach JupyterLab. The strip and
the panel's outline say at all times whether keys go to the panel.

Python side: ``on_key(key)``, ``on_note(text)`` (Enter in the note box) and ``on_selection(dict)``
callbacks. The panel asks for the
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

function typing(t) {
  return !!t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
}

function interactive(t) {
  return !!(t && t.closest && t.closest("input, textarea, select, button, a, [contenteditable]"));
}

function keyName(e) {
  // the panel's name for a key, or null for combinations that stay JupyterLab's (Ctrl+S)
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "z" || e.key === "Z")) return "z";
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === "Enter" && e.shiftKey) return "Shift+Enter";
  return e.key;
}

function findRoot(el) {
  const panel = el.closest(".wb-review-panel");
  if (!panel) return null;
  return panel.closest(".jp-OutputArea-output") || panel;
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "wb-keys";
  box.style.cssText = "display:inline-block;padding:3px 10px;border:1px dashed #8c959f;border-radius:6px;" +
    "font-size:12px;color:#57606a;cursor:pointer;user-select:none;";
  let root = null;
  const active = () => !!root && root.contains(document.activeElement);
  const paint = () => {
    const on = active();
    box.textContent = on ? model.get("active_label") : model.get("label");
    box.dataset.active = on ? "1" : "0";
    box.style.borderStyle = on ? "solid" : "dashed";
    box.style.borderColor = on ? "#1f6feb" : "#8c959f";
    box.style.color = on ? "#1f6feb" : "#57606a";
    box.style.background = on ? "#ddf4ff" : "#fff8c5";
    if (root) root.style.outline = on ? "2px solid #1f6feb" : "2px dashed #d0d7de";
  };
  const focusRoot = () => { if (root && !active()) root.focus({ preventScroll: true }); };
  const onKeyCapture = (e) => {
    if (typing(e.target)) {
      if (e.key === "Enter" && !e.shiftKey && e.target.closest(".wb-note")) {
        e.preventDefault();
        e.stopPropagation();
        // the typed text travels with the message: the box's own value sync may still be queued
        model.send({ type: "note", text: e.target.value });
        root.focus({ preventScroll: true });
      }
      return;  // typing types; onKeyBubble keeps it from JupyterLab
    }
    const key = keyName(e);
    if (key === null) return;
    e.stopPropagation();  // never a notebook command
    if (model.get("shortcut_keys").includes(key)) {
      e.preventDefault();
      model.send({ type: "key", key: key });
    } else if (key === "Enter" || key === "Shift+Enter") {
      e.preventDefault();  // not a click on the focused button either
    }
  };
  const onKeyBubble = (e) => { if (keyName(e) !== null) e.stopPropagation(); };
  const onMouseDown = (e) => { if (!interactive(e.target)) setTimeout(focusRoot, 0); };
  const onFocusOut = () => setTimeout(paint, 0);
  let tries = 0;
  const attach = () => {
    root = findRoot(el);
    if (!root) {
      if (tries++ < 100) setTimeout(attach, 100);
      return;
    }
    if (!root.hasAttribute("tabindex")) root.tabIndex = 0;
    root.addEventListener("keydown", onKeyCapture, true);
    root.addEventListener("keydown", onKeyBubble, false);
    root.addEventListener("mousedown", onMouseDown, true);
    root.addEventListener("focusin", paint);
    root.addEventListener("focusout", onFocusOut);
    paint();
  };
  attach();
  box.addEventListener("click", focusRoot);
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
      if (root) root.focus({ preventScroll: true });
    } else if (msg && msg.type === "focus_note") {
      const input = root && root.querySelector(".wb-note input, .wb-note textarea");
      if (input) input.focus();
    }
  });
  paint();
  el.appendChild(box);
  return () => {
    if (!root) return;
    root.removeEventListener("keydown", onKeyCapture, true);
    root.removeEventListener("keydown", onKeyBubble, false);
    root.removeEventListener("mousedown", onMouseDown, true);
    root.removeEventListener("focusin", paint);
    root.removeEventListener("focusout", onFocusOut);
    root.style.outline = "";
  };
}
export default { render };
"""


class KeyCatcher(anywidget.AnyWidget):
    _esm = ESM
    shortcut_keys = traitlets.List(traitlets.Unicode()).tag(sync=True)
    label = traitlets.Unicode("⌨ Keys go to JupyterLab: click anywhere in the panel to tag by key").tag(sync=True)
    active_label = traitlets.Unicode("⌨ Keys go to the panel (click outside it for JupyterLab's keys)").tag(sync=True)

    def __init__(self, on_key: Callable[[str], None] | None = None,
                 on_selection: Callable[[dict], None] | None = None,
                 on_note: Callable[[str], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.on_key = on_key
        self.on_selection = on_selection
        self.on_note = on_note
        self.on_msg(self._handle_message)

    def _handle_message(self, _widget, content, _buffers=None) -> None:
        """What the browser sends: {"type": "key", "key": "2"}, {"type": "note", "text": ...} or
        {"type": "selection", ...}."""
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "key" and self.on_key:
            self.on_key(str(content.get("key", "")))
        elif kind == "note" and self.on_note:
            self.on_note(str(content.get("text", "")))
        elif kind == "selection" and self.on_selection:
            self.on_selection(content)

    def request_selection(self, purpose: str = "") -> None:
        self.send({"type": "get_selection", "purpose": purpose})

    def focus(self) -> None:
        self.send({"type": "focus"})

    def focus_note(self) -> None:
        self.send({"type": "focus_note"})
