"""The review panel: one claim at a time, tagged by click or key, saved at once.

A thin view over ``workbook.review.db``: it holds the ids of the claims the filters select and
fetches only the claim on screen, so it opens fast on tens of thousands of claims. Every handler
is a plain method (``tag``, ``next``, ``undo``, ``handle_key``, ``set_filter``, ``bulk_tag_source``,
``correct_span``, ...) that tests call without a browser.
"""
from __future__ import annotations

import html
from datetime import datetime

import ipywidgets as w

from ..store import Store
from . import db
from .agreement import agreement, format_agreement
from .keys import KeyCatcher
from .render import CSS, claim_html, definitions_html, esc
from .vocabulary import Vocabulary

NAV_KEYS = {"ArrowRight": "next", "j": "next", "ArrowLeft": "previous", "k": "previous", "z": "undo",
            "x": "clear", "0": "clear", "Enter": "next_untagged"}
ALL = "(all)"


class ReviewPanel:
    """``ReviewPanel(store, reviewer)``; display it (it is an ipywidgets VBox via ``.widget``,
    and displays itself in a notebook)."""

    def __init__(self, store: Store, reviewer: str | None = None, vocabulary: Vocabulary | None = None,
                 advance: bool = True, show_others: bool = False, status: str = "all"):
        self.store = store
        self.reviewer = db._check_reviewer(reviewer or db.default_reviewer())
        self.vocabulary = vocabulary or Vocabulary.for_db(store.path)
        self.advance = advance
        self.show_others = show_others
        self.filters = {"status": status, "outlet": None, "article_id": None, "suggested": None}
        self.ids: list[str] = []
        self.index = 0
        self.current: dict | None = None
        self.last_event: int | None = None
        self._quiet = False
        self._build()
        self._reload_ids()
        self.index = db.first_untagged(store, self.reviewer, self.ids) if self.ids else 0
        self.refresh()

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        v = self.vocabulary
        self.progress_bar = w.IntProgress(min=0, max=1, value=0, layout=w.Layout(width="260px"))
        self.progress_label = w.HTML()
        self.position_label = w.HTML()
        opts = db.filter_options(self.store)
        self.status_filter = w.Dropdown(options=[("all claims", "all"), ("untagged by me", "untagged"),
                                                 ("tagged by me", "tagged"), ("my tag ≠ suggestion", "differs"),
                                                 ("reviewers disagree", "disagreements"), ("reconciled", "reconciled")],
                                        value=self.filters["status"], description="Show",
                                        style={"description_width": "initial"}, layout=w.Layout(width="210px"))
        self.outlet_filter = w.Dropdown(options=[ALL] + opts["outlets"], value=ALL, description="Outlet",
                                        style={"description_width": "initial"}, layout=w.Layout(width="210px"))
        self.article_filter = w.Dropdown(options=[(ALL, ALL)] + [(_short(t, 60), a) for a, t in opts["articles"]],
                                         value=ALL, description="Article",
                                         style={"description_width": "initial"}, layout=w.Layout(width="300px"))
        self.suggested_filter = w.Dropdown(options=[ALL] + opts["suggested"], value=ALL, description="Suggested",
                                           style={"description_width": "initial"}, layout=w.Layout(width="170px"))
        for widget in (self.status_filter, self.outlet_filter, self.article_filter, self.suggested_filter):
            widget.observe(self._safe(self._on_filter), names="value")
        self.card = w.HTML()
        self.tag_buttons: dict[str, w.Button] = {}
        for t in v:
            keys = v.keys_for(t.tag)
            button = w.Button(description=f"{keys[0] if keys else ''} {t.tag}".strip(), tooltip=t.definition,
                              layout=w.Layout(width="auto", min_width="110px"))
            button.add_class("wb-tag-button")
            button.add_class(f"wb-tag-{_css(t.tag)}")
            button.on_click(self._safe(lambda _b, tag=t.tag: self.tag(tag)))
            self.tag_buttons[t.tag] = button
        self.clear_button = w.Button(description="0 clear", tooltip="Remove my tag from this claim",
                                     layout=w.Layout(width="auto"))
        self.clear_button.on_click(self._safe(lambda _b: self.clear()))
        self.note = w.Text(placeholder="note on my tag (saved with the next tag, or with 'save note')",
                           layout=w.Layout(width="520px"))
        self.note_button = w.Button(description="save note", layout=w.Layout(width="auto"))
        self.note_button.on_click(self._safe(lambda _b: self.save_note()))
        self.prev_button = w.Button(description="◀ previous (k)", layout=w.Layout(width="auto"))
        self.next_button = w.Button(description="next (j) ▶", layout=w.Layout(width="auto"))
        self.untagged_button = w.Button(description="next untagged (Enter)", layout=w.Layout(width="auto"))
        self.undo_button = w.Button(description="↶ undo (z)", layout=w.Layout(width="auto"))
        self.prev_button.on_click(self._safe(lambda _b: self.previous()))
        self.next_button.on_click(self._safe(lambda _b: self.next()))
        self.untagged_button.on_click(self._safe(lambda _b: self.next_untagged()))
        self.undo_button.on_click(self._safe(lambda _b: self.undo()))
        self.keys = KeyCatcher(on_key=self._safe(self.handle_key), on_selection=self._safe(self.on_selection),
                               shortcut_keys=sorted(set(v.keys) | set(NAV_KEYS)))
        self.status_line = w.HTML()
        self.definitions = w.HTML(definitions_html(v))

        # bulk
        self.bulk_source_button = w.Button(layout=w.Layout(width="auto"))
        self.bulk_article_button = w.Button(layout=w.Layout(width="auto"))
        self.bulk_overwrite = w.Checkbox(value=False, description="also replace my other tags", indent=False)
        self.bulk_source_button.on_click(self._safe(lambda _b: self.bulk_tag_source()))
        self.bulk_article_button.on_click(self._safe(lambda _b: self.bulk_tag_article()))
        bulk = w.VBox([w.HTML('<span class="wb-status">Copy my tag (and note) on this claim to:</span>'),
                       w.HBox([self.bulk_source_button, self.bulk_article_button, self.bulk_overwrite])])
        # spans
        self.span_field = w.Dropdown(options=["claim", "source", "cue"], value="claim", description="Span",
                                     layout=w.Layout(width="170px"))
        self.span_start = w.IntText(description="start", layout=w.Layout(width="150px"))
        self.span_end = w.IntText(description="end", layout=w.Layout(width="150px"))
        self.span_apply = w.Button(description="apply offsets", layout=w.Layout(width="auto"))
        self.span_selection = w.Button(description="use selected text", tooltip="select text in the paragraph first",
                                       layout=w.Layout(width="auto"))
        self.span_remove = w.Button(description="remove span", layout=w.Layout(width="auto"))
        self.add_claim_button = w.Button(description="add selected text as a new claim", layout=w.Layout(width="auto"))
        self.span_field.observe(self._safe(lambda _c: self._fill_span_fields()), names="value")
        self.span_apply.on_click(self._safe(lambda _b: self.correct_span(self.span_field.value, self.span_start.value,
                                                                          self.span_end.value)))
        self.span_selection.on_click(self._safe(lambda _b: self.keys.request_selection("span")))
        self.span_remove.on_click(self._safe(lambda _b: self.correct_span(self.span_field.value, None, None)))
        self.add_claim_button.on_click(self._safe(lambda _b: self.keys.request_selection("add_claim")))
        spans = w.VBox([w.HBox([self.span_field, self.span_start, self.span_end, self.span_apply, self.span_remove]),
                        w.HBox([self.span_selection, self.add_claim_button]),
                        w.HTML('<span class="wb-status">Corrections keep the claim id (tags stay) and survive '
                               're-extraction; every change is logged.</span>')])
        # orphans and reconciling
        self.orphans_html = w.HTML()
        self.orphan_choice = w.Dropdown(description="Orphan", layout=w.Layout(width="420px"))
        self.orphan_button = w.Button(description="re-attach to the most similar claim", layout=w.Layout(width="auto"))
        self.orphan_button.on_click(self._safe(lambda _b: self.reattach_orphan(self.orphan_choice.value)))
        orphans = w.VBox([self.orphans_html, w.HBox([self.orphan_choice, self.orphan_button])])
        self.final_choice = w.Dropdown(options=self.vocabulary.names, description="Final tag",
                                       layout=w.Layout(width="260px"))
        self.final_button = w.Button(description="record as the final tag", layout=w.Layout(width="auto"))
        self.final_button.on_click(self._safe(lambda _b: self.reconcile(self.final_choice.value)))
        self.agreement_html = w.HTML()
        reconcile = w.VBox([w.HTML('<span class="wb-status">Choose "reviewers disagree" above to walk through '
                                   'disagreements; the final tag is logged (action=reconcile).</span>'),
                            w.HBox([self.final_choice, self.final_button]), self.agreement_html])
        self.tools = w.Accordion(children=[bulk, spans, orphans, reconcile],
                                 titles=("Tag many at once", "Correct spans / add a missed claim",
                                         "Orphaned tags", "Several reviewers: agreement and reconciling"))
        self.tools.selected_index = None
        self.tools.observe(self._safe(self._on_tools), names="selected_index")

        self.widget = w.VBox([
            w.HTML(CSS),
            w.HBox([w.HTML(f"<b>Reviewer:</b> {esc(self.reviewer)}&nbsp;&nbsp;"), self.progress_bar,
                    self.progress_label, self.position_label], layout=w.Layout(align_items="center")),
            w.HBox([self.status_filter, self.outlet_filter, self.article_filter, self.suggested_filter],
                   layout=w.Layout(flex_flow="row wrap")),
            self.card,
            w.HBox(list(self.tag_buttons.values()) + [self.clear_button], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.note, self.note_button]),
            w.HBox([self.prev_button, self.next_button, self.untagged_button, self.undo_button, self.keys],
                   layout=w.Layout(align_items="center", flex_flow="row wrap")),
            self.status_line,
            self.definitions,
            self.tools,
        ])
        self.widget.add_class("wb-review-panel")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # -- state ------------------------------------------------------------------------------
    def _reload_ids(self) -> None:
        f = self.filters
        self.ids = db.claim_ids(self.store, self.reviewer, status=f["status"], outlet=f["outlet"],
                                article_id=f["article_id"], suggested=f["suggested"])

    @property
    def claim_id(self) -> str | None:
        return self.ids[self.index] if self.ids and 0 <= self.index < len(self.ids) else None

    def refresh(self) -> None:
        """Re-read the claim on screen and the progress from the database and redraw."""
        done, total = db.progress(self.store, self.reviewer)
        self.progress_bar.max = max(total, 1)
        self.progress_bar.value = done
        self.progress_label.value = f"&nbsp;<b>{done} of {total} tagged</b>"
        cid = self.claim_id
        if cid is None:
            self.current = None
            self.position_label.value = "&nbsp;· no claims match these filters"
            self.card.value = '<div class="wb-card wb-meta">No claims to show. Change the filters above.</div>'
            self._paint_buttons(None, None)
            return
        self.position_label.value = f"&nbsp;· claim {self.index + 1} of {len(self.ids)} shown"
        self.current = db.claim(self.store, cid)
        tags = db.tags_of_claim(self.store, cid)
        mine = tags.get(self.reviewer)
        others = None
        if self.show_others or self.filters["status"] in ("disagreements", "reconciled"):
            others = {r: t["tag"] for r, t in tags.items() if r != self.reviewer}
            final = self.store.db.execute("SELECT tag, reviewer FROM final_tags WHERE claim_id = ? AND tag IS NOT NULL",
                                          (cid,)).fetchone()
            if final:
                others[f"final (by {final['reviewer']})"] = final["tag"]
        my_tag = mine["tag"] if mine else None
        self.card.value = claim_html(self.current, my_tag, self.vocabulary, others)
        self.note.value = (mine["note"] or "") if mine else ""
        self._paint_buttons(my_tag, self.current["suggested"])
        self._fill_span_fields()
        key = db.source_key_of(self.current.get("source"), self.current.get("source_name"),
                               self.current.get("resolved_source"))
        label = _short(self.current.get("resolved_source") or self.current.get("source_name")
                       or self.current.get("source") or "", 30)
        self.bulk_source_button.description = f"every claim of source “{label}” in this article" if key else "(no source)"
        self.bulk_source_button.disabled = not key
        self.bulk_article_button.description = "every claim in this article"

    def _paint_buttons(self, my_tag: str | None, suggested: str | None) -> None:
        for tag, button in self.tag_buttons.items():
            button.button_style = "primary" if tag == my_tag else ""
            if tag == suggested:
                button.add_class("wb-suggested-button")
                button.tooltip = f"{self.vocabulary.definition(tag)} (the extractor suggests this)"
            else:
                button.remove_class("wb-suggested-button")
                button.tooltip = self.vocabulary.definition(tag)

    def _say(self, message: str, error: bool = False) -> None:
        cls = "wb-status wb-error" if error else "wb-status"
        self.status_line.value = f'<span class="{cls}">{esc(message)}</span>'

    def _safe(self, fn):
        """Wrap a UI callback: an error is shown in the panel instead of vanishing into the log."""
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown to the reviewer
                self._say(f"{type(exc).__name__}: {exc}", error=True)
        return run

    # -- tagging ----------------------------------------------------------------------------
    def tag(self, tag: str | None, note: str | None = None) -> int | None:
        """Tag the claim on screen (committed at once), then move to the next claim."""
        cid = self.claim_id
        if cid is None:
            return None
        note = self.note.value if note is None else note
        event = db.tag(self.store, cid, self.reviewer, tag, note=note)
        self.last_event = event
        stamp = datetime.now().strftime("%H:%M:%S")
        self._say(f"saved {tag or 'no tag'} on claim {cid} at {stamp} (event {event})")
        if self.advance and tag is not None and self.index < len(self.ids) - 1:
            self.index += 1
        self.refresh()
        return event

    def clear(self) -> int | None:
        return self.tag(None)

    def save_note(self) -> int | None:
        cid = self.claim_id
        if cid is None:
            return None
        event = db.set_note(self.store, cid, self.reviewer, self.note.value)
        self._say("note saved" if event else "tag the claim first; the note is saved with the tag")
        return event

    def undo(self) -> list[int]:
        """Take back my last action (new events, action='undo') and show the claim it touched."""
        group = db.last_undoable(self.store, self.reviewer)
        ids = db.undo(self.store, self.reviewer)
        if not ids:
            self._say("nothing to undo")
            return []
        cid = group[0]["claim_id"]
        if cid in self.ids:
            self.index = self.ids.index(cid)
        self._say(f"undone: {len(group)} change(s), back on claim {cid}")
        self.refresh()
        return ids

    # -- moving -----------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if self.ids:
            self.index = min(max(index, 0), len(self.ids) - 1)
        self.refresh()

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def next_untagged(self) -> None:
        tagged = {r[0] for r in self.store.db.execute(
            "SELECT claim_id FROM tags WHERE reviewer = ? AND tag IS NOT NULL", (self.reviewer,))}
        order = list(range(self.index + 1, len(self.ids))) + list(range(0, self.index + 1))
        for i in order:
            if self.ids[i] not in tagged:
                self.go(i)
                return
        self._say("every claim shown is tagged")

    def handle_key(self, key: str) -> None:
        """A key from the browser (or a test): a tag key, or next/previous/undo/clear."""
        if key in self.vocabulary.keys:
            self.tag(self.vocabulary.keys[key])
        elif key in NAV_KEYS:
            getattr(self, NAV_KEYS[key])()

    def set_filter(self, status: str | None = None, outlet: str | None = ALL, article_id: str | None = ALL,
                   suggested: str | None = ALL) -> None:
        """Change filters (``None``/"(all)" for no filter); goes to the first claim I have not tagged."""
        self._quiet = True
        try:
            if status is not None:
                self.status_filter.value = status
            if outlet != ALL or outlet is None:
                self.outlet_filter.value = outlet or ALL
            if article_id != ALL or article_id is None:
                self.article_filter.value = article_id or ALL
            if suggested != ALL or suggested is None:
                self.suggested_filter.value = suggested or ALL
        finally:
            self._quiet = False
        self._on_filter()

    def _on_filter(self, _change=None) -> None:
        if self._quiet:
            return
        def val(x):
            return None if x == ALL else x
        new = {"status": self.status_filter.value, "outlet": val(self.outlet_filter.value),
               "article_id": val(self.article_filter.value), "suggested": val(self.suggested_filter.value)}
        if new == self.filters and _change is not None:
            return
        self.filters = new
        self._reload_ids()
        self.index = db.first_untagged(self.store, self.reviewer, self.ids) if self.ids else 0
        self.refresh()

    # -- many at once -----------------------------------------------------------------------
    def _my_current(self) -> dict | None:
        return db.current_tag(self.store, self.claim_id, self.reviewer) if self.claim_id else None

    def bulk_tag_source(self, tag: str | None = None, overwrite: bool | None = None) -> dict:
        """Give every claim of this claim's source in this article my tag (default: my tag here)."""
        key = db.source_key_of(self.current.get("source"), self.current.get("source_name"),
                               self.current.get("resolved_source"))
        ids = db.claim_ids(self.store, article_id=self.current["article_id"], source_key=key) if key else []
        return self._bulk(ids, tag, overwrite)

    def bulk_tag_article(self, tag: str | None = None, overwrite: bool | None = None) -> dict:
        ids = db.claim_ids(self.store, article_id=self.current["article_id"])
        return self._bulk(ids, tag, overwrite)

    def _bulk(self, ids, tag, overwrite) -> dict:
        mine = self._my_current()
        if tag is None:
            if not mine:
                raise ValueError("tag this claim first; its tag is copied to the others")
            tag = mine["tag"]
        note = mine["note"] if mine and tag == mine["tag"] else (self.note.value or None)
        overwrite = self.bulk_overwrite.value if overwrite is None else overwrite
        result = db.bulk_tag(self.store, ids, self.reviewer, tag, note=note, overwrite=overwrite)
        kept = f", kept {len(result['kept'])} I had tagged differently" if result["kept"] else ""
        self._say(f"tagged {len(result['tagged'])} claims {tag}{kept} (one undo takes it back)")
        self.refresh()
        return result

    # -- spans ------------------------------------------------------------------------------
    def _fill_span_fields(self) -> None:
        if not self.current:
            return
        f = self.span_field.value
        self.span_start.value = self.current.get(f"{f}_start") or 0
        self.span_end.value = self.current.get(f"{f}_end") or 0

    def correct_span(self, field: str, start: int | None, end: int | None, note: str | None = None) -> int:
        event = db.correct_span(self.store, self.claim_id, field, start, end, self.reviewer, note=note)
        self._say(f"{field} span corrected (kept across re-extraction)" if start is not None else f"{field} removed")
        self.refresh()
        return event

    def on_selection(self, content: dict) -> None:
        """The browser's reply to request_selection: offsets (if the selection is in the
        paragraph) and the selected text."""
        purpose = content.get("purpose") or "span"
        start, end, text = content.get("start"), content.get("end"), content.get("text") or ""
        if start is not None and end is not None and end < start:
            start, end = end, start
        if (start is None or end is None or start == end) and text.strip():
            span = db.find_in_article(self.current["article_text"], text, near=self.current["claim_start"])
            start, end = span if span else (None, None)
        if start is None or end is None or start == end:
            self._say("select some text in the paragraph first", error=True)
            return
        # trim whitespace the selection picked up
        article = self.current["article_text"]
        while start < end and article[start].isspace():
            start += 1
        while end > start and article[end - 1].isspace():
            end -= 1
        if purpose == "add_claim":
            self.add_claim((start, end))
        else:
            self.correct_span(self.span_field.value, start, end)

    def add_claim(self, claim_span: tuple[int, int], source_span=None, cue_span=None, note: str | None = None) -> str:
        """Add a claim the extractor missed, in this claim's article; it is shown next."""
        article_id = self.current["article_id"]
        cid = db.add_claim(self.store, article_id, claim_span, self.reviewer, source_span=source_span,
                           cue_span=cue_span, note=note)
        self._reload_ids()
        if cid in self.ids:
            self.index = self.ids.index(cid)
        self._say(f"claim added ({cid}); tag it now")
        self.refresh()
        return cid

    # -- orphans, reconciling ---------------------------------------------------------------
    def _on_tools(self, change) -> None:
        if change["new"] == 2:
            self.show_orphans()
        elif change["new"] == 3:
            self.show_agreement()

    def show_orphans(self):
        frame = db.orphans(self.store, reviewer=self.reviewer)
        if frame.empty:
            self.orphans_html.value = '<span class="wb-status">No orphaned tags: every tag is on a current claim.</span>'
            self.orphan_choice.options = []
            return frame
        rows = "".join(
            f"<tr><td>{esc(r.tag)}</td><td>{esc(_short(r.claim_text or '', 90))}</td><td>{esc(r.reason)}</td>"
            f"<td>{esc(_short(r.match_text or '', 90))}</td><td>{'' if r.similarity is None else f'{r.similarity:.2f}'}"
            f"</td></tr>" for r in frame.itertuples())
        self.orphans_html.value = (f'<table class="wb-orphans"><tr><th>tag</th><th>claim as tagged</th><th>why</th>'
                                   f'<th>most similar current claim</th><th>similarity</th></tr>{rows}</table>')
        self.orphan_choice.options = [(f"{r.tag}: {_short(r.claim_text or r.claim_id, 50)}", r.claim_id)
                                      for r in frame.itertuples()]
        self.orphan_choice.value = frame["claim_id"].iloc[0]
        return frame

    def reattach_orphan(self, orphan_claim_id: str, to_claim_id: str | None = None) -> dict:
        if not orphan_claim_id:
            raise ValueError("choose an orphaned tag")
        result = db.reattach(self.store, orphan_claim_id, self.reviewer, to_claim_id=to_claim_id)
        self._say(f"re-attached to claim {result['to_claim_id']}")
        self.show_orphans()
        self.refresh()
        return result

    def reconcile(self, tag: str, note: str | None = None) -> int:
        event = db.reconcile(self.store, self.claim_id, tag, self.reviewer, note=note or self.note.value or None)
        self._say(f"final tag {tag} recorded for claim {self.claim_id}")
        self.refresh()
        return event

    def show_agreement(self) -> dict:
        result = agreement(self.store)
        self.agreement_html.value = f'<pre class="wb-status">{html.escape(format_agreement(result))}</pre>'
        return result


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _css(tag: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in tag)


def open_review(db_path: str | None = None, reviewer: str | None = None, **kwargs) -> ReviewPanel:
    """The panel over ``db_path`` (default $WORKBOOK_DB or workbook.db) for ``reviewer``
    (default $WORKBOOK_REVIEWER or the OS user)."""
    from ..store import default_db_path

    return ReviewPanel(Store(db_path or default_db_path()), reviewer=reviewer, **kwargs)

