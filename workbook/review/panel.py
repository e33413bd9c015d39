"""The review panel: one claim at a time, two answers (sourcing and speculation), saved at once.

A thin view over ``workbook.review.db``: it holds the ids of the claims the filters select and
fetches only the claim on screen, so it opens fast on tens of thousands of claims. Every handler
is a plain method (``tag``, ``toggle_speculative``, ``accept``, ``skip``, ``unsure``, ``save_note``,
``next``, ``undo``, ``handle_key``, ``set_filter``, ``bulk_tag_source``, ``correct_span``, ...)
that tests call without a browser. The tools under the card (the grid, copying answers, spans,
orphans, reconciling, assignment) are in ``tools.py``; the keys in ``keys.py``.
"""
from __future__ import annotations

import os
import traceback
from datetime import datetime

import ipywidgets as w

from ..store import Store
from ..store import tags as store_tags
from . import db
from .keys import KeyCatcher
from .render import CSS, claim_html, definitions_html, esc, first_words, short
from .tools import PanelTools
from .vocabulary import SPECULATIVE_DEFINITION, Vocabulary

# The panel's own keys (vocabulary.RESERVED_KEYS keeps tags off them) -> method names.
ACTION_KEYS = {"ArrowRight": "next", "j": "next", "ArrowLeft": "previous", "k": "previous", "z": "undo",
               "x": "clear", "0": "clear", "Enter": "next_untagged", "y": "accept", "s": "toggle_speculative",
               "p": "skip", "?": "unsure", "e": "edit_note"}
ALL = "(all)"
# Filters that open at their first claim (the others at my first untagged one).
STARTS_AT_TOP = ("tagged", "differs", "disagreements", "reconciled", "unsure", "skipped")


class ReviewPanel(PanelTools):
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
        self._article_links: dict[str, str | None] = {}
        self._unsure_pending: str | None = None  # a claim whose "unsure" mark waits for its note
        self._reload_ids()
        self.index = self._start_index()
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
                                                 ("reviewers disagree", "disagreements"), ("reconciled", "reconciled"),
                                                 ("my queue", "mine"), ("marked unsure by me", "unsure"),
                                                 ("skipped by me", "skipped")],
                                        value=self.filters["status"], description="Show",
                                        style={"description_width": "initial"}, layout=w.Layout(width="210px"))
        self.outlet_filter = w.Dropdown(options=[ALL] + opts["outlets"], value=ALL, description="Outlet",
                                        style={"description_width": "initial"}, layout=w.Layout(width="210px"))
        self.article_filter = w.Dropdown(options=[(ALL, ALL)] + [(short(t, 60), a) for a, t in opts["articles"]],
                                         value=ALL, description="Article",
                                         style={"description_width": "initial"}, layout=w.Layout(width="300px"))
        self.suggested_filter = w.Dropdown(options=[ALL] + opts["suggested"], value=ALL, description="Suggested",
                                           style={"description_width": "initial"}, layout=w.Layout(width="230px"))
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
        self.clear_button = w.Button(description="x clear", tooltip="Remove my sourcing tag from this claim",
                                     layout=w.Layout(width="auto"))
        self.clear_button.on_click(self._safe(lambda _b: self.clear()))
        self.spec_button = w.Button(layout=w.Layout(width="auto", min_width="170px"), tooltip=SPECULATIVE_DEFINITION)
        self.spec_button.add_class("wb-spec-button")
        self.spec_button.on_click(self._safe(lambda _b: self.toggle_speculative()))
        self.accept_button = w.Button(layout=w.Layout(width="auto"), tooltip="Take the extractor's sourcing and "
                                      "speculation as my answers, then go on")
        self.accept_button.add_class("wb-accept-button")
        self.accept_button.on_click(self._safe(lambda _b: self.accept()))
        self.skip_button = w.Button(description="p skip", tooltip="Leave this claim for later (marked skipped)",
                                    layout=w.Layout(width="auto"))
        self.skip_button.on_click(self._safe(lambda _b: self.skip()))
        self.unsure_button = w.Button(description="? unsure", tooltip="Needs checking: marked unsure, with the note",
                                      layout=w.Layout(width="auto"))
        self.unsure_button.on_click(self._safe(lambda _b: self.unsure()))
        self.note = w.Text(placeholder="note (e to type here; Enter saves it, with or without a tag)",
                           layout=w.Layout(width="520px"))
        self.note.add_class("wb-note")
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
                               on_note=self._safe(self.submit_note),
                               shortcut_keys=sorted(set(v.keys) | set(ACTION_KEYS)))
        self.status_line = w.HTML()
        self.definitions = w.HTML(definitions_html(v))

        self.tools = self._build_tools()

        self.live_progress = w.HTML()
        self.widget = w.VBox([
            w.HTML(CSS),
            w.HBox([self.keys], layout=w.Layout(margin="2px 0 4px 0")),
            w.HBox([w.HTML(f"<b>Reviewer:</b> {esc(self.reviewer)}&nbsp;&nbsp;"), self.progress_bar,
                    self.progress_label, self.position_label], layout=w.Layout(align_items="center")),
            w.HBox([self.status_filter, self.outlet_filter, self.article_filter, self.suggested_filter],
                   layout=w.Layout(flex_flow="row wrap")),
            self.card,
            w.HBox([w.HTML('<span class="wb-answer">Sourcing</span>')] + list(self.tag_buttons.values())
                   + [self.clear_button], layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([w.HTML('<span class="wb-answer">Speculation</span>'), self.spec_button, self.accept_button,
                    self.skip_button, self.unsure_button], layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([self.note, self.note_button]),
            w.HBox([self.prev_button, self.next_button, self.untagged_button, self.undo_button],
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

    def _start_index(self) -> int:
        """Where a filter opens: at its first claim, or for the "to do" views at my first untagged one."""
        if not self.ids or self.filters["status"] in STARTS_AT_TOP:
            return 0
        return db.first_untagged(self.store, self.reviewer, self.ids)

    @property
    def claim_id(self) -> str | None:
        return self.ids[self.index] if self.ids and 0 <= self.index < len(self.ids) else None

    def refresh(self) -> None:
        """Re-read the claim on screen and the progress from the database and redraw."""
        done, total = db.progress(self.store, self.reviewer)
        self.progress_bar.max = max(total, 1)
        self.progress_bar.value = done
        self.progress_label.value = f"&nbsp;<b>{done} of {total} tagged</b>"
        self.live_progress.value = (f'<span class="wb-progress">{esc(self.reviewer)}: {done} of {total} '
                                    f'claims tagged</span>')
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
        others = None
        if self.show_others or self.filters["status"] in ("disagreements", "reconciled"):
            others = {r: t["tag"] for r, t in tags.items() if r != self.reviewer}
            final = store_tags.final(self.store, cid)
            if final and final["tag"] is not None:
                others[f"final (by {final['reviewer']})"] = final["tag"]
        mine = db.current_tag(self.store, cid, self.reviewer) or {}
        link = self._article_link(self.current)
        self.card.value = claim_html(self.current, mine, self.vocabulary, others, link=link)
        self.note.value = mine.get("note") or ""
        self._paint_buttons(mine, self.current)
        self._fill_span_fields()
        key = db.source_key_of(self.current.get("source"), self.current.get("source_name"),
                               self.current.get("resolved_source"))
        label = short(self.current.get("resolved_source") or self.current.get("source_name")
                       or self.current.get("source") or "", 30)
        self.bulk_source_button.description = f"every claim of source “{label}” in this article" if key else "(no source)"
        self.bulk_source_button.disabled = not key
        self.bulk_article_button.description = "every claim in this article"

    def _article_link(self, row: dict) -> str | None:
        """The article's URL, or its file as a path relative to the notebook (a link JupyterLab opens)."""
        aid = row["article_id"]
        if aid not in self._article_links:
            article = self.store.article(aid)
            link = row.get("url") or None
            if not link and article and article.source and os.path.exists(article.source):
                link = os.path.relpath(article.source)
            self._article_links[aid] = link
        return self._article_links[aid]

    def _paint_buttons(self, mine: dict | None, row: dict | None) -> None:
        mine, row = mine or {}, row or {}
        my_tag, suggested = mine.get("tag"), row.get("suggested")
        flag = mine.get("speculative")
        self.spec_button.description = {True: "s speculative: yes", False: "s speculative: no"}.get(
            flag, "s speculative: not answered")
        self.spec_button.button_style = "warning" if flag else ""
        hedged = bool(row.get("speculative"))
        if hedged:
            self.spec_button.add_class("wb-suggested-button")
        else:
            self.spec_button.remove_class("wb-suggested-button")
        self.accept_button.description = (f"y accept: {suggested}{' · speculative' if hedged else ''}"
                                          if suggested else "y accept suggestion")
        self.accept_button.disabled = not row
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
            except Exception as exc:  # noqa: BLE001 - the widget boundary: shown, with its traceback
                # ipywidgets would only log it; the reviewer sees it on the panel and the full
                # traceback goes to the cell's stderr, so a bug is reported, not hidden.
                traceback.print_exc()
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
        return self._done(event, f"saved {tag}" if tag else "cleared my tag", advance=tag is not None)

    def clear(self) -> int | None:
        return self.tag(None)

    def _done(self, event, what: str, advance: bool) -> int | None:
        """After a write: name the claim in the status line, move on if asked, redraw."""
        self.last_event = event
        cid = self.claim_id
        words = first_words(self.current["claim"]) if self.current else ""
        self._say(f"{what} on “{words}” at {datetime.now().strftime('%H:%M:%S')}")
        if advance and self.advance and self.index < len(self.ids) - 1:
            self.index += 1
        self.refresh()
        if self.grid is not None:
            self.grid.refresh_claims([cid])
        return event

    def set_speculative(self, speculative: bool | None) -> int | None:
        """The second answer: is the claim speculation (True/False; None takes my answer back)?"""
        if self.claim_id is None:
            return None
        event = db.flag(self.store, self.claim_id, self.reviewer, speculative, note=self.note.value or None)
        what = {True: "flagged speculative", False: "flagged not speculative"}.get(speculative, "flag removed")
        return self._done(event, what, advance=False)

    def toggle_speculative(self) -> int | None:
        mine = self._my_current() or {}
        return self.set_speculative(not mine.get("speculative"))

    def accept(self) -> int | None:
        """Take the extractor's suggestion (sourcing and speculation) as my answers; go on."""
        if self.claim_id is None:
            return None
        row = self.current
        event = db.accept(self.store, self.claim_id, self.reviewer)
        what = f"accepted {row['suggested']}{' · speculative' if row.get('speculative') else ''}"
        return self._done(event, what, advance=True)

    def skip(self) -> int | None:
        """Leave the claim for later (marked skipped, no tag); go on."""
        if self.claim_id is None:
            return None
        event = db.mark(self.store, self.claim_id, self.reviewer, "skipped", note=self.note.value or None)
        return self._done(event, "skipped", advance=True)

    def unsure(self, note: str | None = None) -> int | None:
        """Mark the claim "unsure / needs checking". The mark needs a note saying what to check:
        without one, the note box gets the focus and Enter (``save_note``) saves both."""
        if self.claim_id is None:
            return None
        note = self.note.value if note is None else note
        mine = self._my_current() or {}
        if not (note and note.strip()) and not mine.get("note"):
            self._unsure_pending = self.claim_id
            self.edit_note()
            self._say("unsure: type what needs checking in the note box, then press Enter")
            return None
        self._unsure_pending = None
        event = db.mark(self.store, self.claim_id, self.reviewer, "unsure", note=note or None)
        return self._done(event, "marked unsure", advance=False)

    def edit_note(self) -> None:
        self.keys.focus_note()

    def submit_note(self, text: str) -> int | None:
        """Enter in the note box: the text as typed, then saved."""
        self.note.value = text
        return self.save_note()

    def save_note(self) -> int | None:
        """Save the note box, with or without a tag (and an "unsure" mark waiting for its note)."""
        if self.claim_id is None:
            return None
        if self._unsure_pending == self.claim_id and self.note.value.strip():
            return self.unsure()
        event = db.set_note(self.store, self.claim_id, self.reviewer, self.note.value)
        return self._done(event, "note saved", advance=False)

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
        claim = db.claim(self.store, cid)
        self._say(f"undone: {len(group)} change(s), back on “{first_words(claim['claim'] if claim else '')}”")
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
        """The next claim shown that I have not tagged, wrapping round to the first."""
        if not self.ids:
            return
        order = list(range(self.index + 1, len(self.ids))) + list(range(0, self.index + 1))
        found = db.first_untagged(self.store, self.reviewer, [self.ids[i] for i in order])
        if found < len(order) - 1:  # the last one is this claim: also the answer when all are tagged
            self.go(order[found])
        elif (self._my_current() or {}).get("tag"):
            self._say("every claim shown is tagged")

    def handle_key(self, key: str) -> None:
        """A key from the browser (or a test): a sourcing key, or one of ACTION_KEYS."""
        if key in self.vocabulary.keys:
            self.tag(self.vocabulary.keys[key])
        elif key in ACTION_KEYS:
            getattr(self, ACTION_KEYS[key])()

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
        self.index = self._start_index()
        self.status_line.value = ""  # an old message would describe another selection
        self.refresh()

    def progress_widget(self) -> w.HTML:
        """"<reviewer>: N of M claims tagged", updated as the reviewer tags (for a cell below the panel)."""
        return self.live_progress

    def _my_current(self) -> dict | None:
        return db.current_tag(self.store, self.claim_id, self.reviewer) if self.claim_id else None

def _css(tag: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in tag)


def open_review(db_path: str | None = None, reviewer: str | None = None, **kwargs) -> ReviewPanel:
    """The panel over ``db_path`` (default $WORKBOOK_DB or workbook.db) for ``reviewer``
    (default $WORKBOOK_REVIEWER or the OS user)."""
    from ..store import default_db_path

    return ReviewPanel(Store(db_path or default_db_path()), reviewer=reviewer, **kwargs)

