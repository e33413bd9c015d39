"""The review panel's tools for many claims and several reviewers, under the card: the grid,
copying my answers to a source's or an article's claims, span corrections and added claims,
orphaned tags, agreement and reconciling, and splitting the claims among reviewers.

``PanelTools`` is a part of :class:`workbook.review.panel.ReviewPanel` (it uses the panel's
store, reviewer, current claim, ``refresh``, ``_say`` and ``_safe``); every action is a plain
method that tests call without a browser.
"""
from __future__ import annotations

import html

import ipywidgets as w

from . import db
from .agreement import agreement, format_agreement
from .grid import ClaimGrid
from .render import esc, short


class PanelTools:
    def _build_tools(self) -> w.Accordion:
        # bulk
        self.bulk_source_button = w.Button(layout=w.Layout(width="auto"))
        self.bulk_article_button = w.Button(layout=w.Layout(width="auto"))
        self.bulk_overwrite = w.Checkbox(value=False, description="also replace my other tags", indent=False)
        self.bulk_source_button.on_click(self._safe(lambda _b: self.bulk_tag_source()))
        self.bulk_article_button.on_click(self._safe(lambda _b: self.bulk_tag_article()))
        bulk = w.VBox([w.HTML('<span class="wb-status">Copy my answers on this claim (tag, flag, note) to:</span>'),
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
        self.grid: ClaimGrid | None = None
        self.grid_box = w.VBox([w.HTML('<span class="wb-status">Opening the grid…</span>')])
        tools = w.Accordion(children=[self.grid_box, bulk, spans, orphans, reconcile, self._assign_box()],
                                 titles=("Grid: sort, filter and tag many claims", "Tag many at once",
                                         "Correct spans / add a missed claim", "Orphaned tags",
                                         "Several reviewers: agreement and reconciling",
                                         "Split the claims among reviewers"))
        tools.selected_index = None
        tools.observe(self._safe(self._on_tools), names="selected_index")
        return tools

    # -- many at once -----------------------------------------------------------------------
    def open_grid(self) -> ClaimGrid:
        """The grid of every claim (built when first opened); its tags refresh the card."""
        if self.grid is None:
            self.grid = ClaimGrid(self.store, self.reviewer, self.vocabulary.names,
                                  on_change=lambda _r: self.refresh())
            self.grid_box.children = [self.grid.widget]
        return self.grid

    def _assign_box(self) -> w.VBox:
        self.assign_reviewers = w.Text(placeholder="names, comma-separated: alice, bob", description="Reviewers",
                                       layout=w.Layout(width="420px"))
        self.assign_overlap = w.BoundedFloatText(value=0.1, min=0, max=1, step=0.05, description="Overlap",
                                                 layout=w.Layout(width="180px"))
        self.assign_button = w.Button(description="assign", layout=w.Layout(width="auto"))
        self.assign_button.on_click(self._safe(lambda _b: self.assign(
            [r for r in self.assign_reviewers.value.split(",") if r.strip()], self.assign_overlap.value)))
        return w.VBox([w.HTML('<span class="wb-status">Each claim goes to one reviewer; the overlap share goes '
                              'to two, for agreement. Then choose "my queue" under Show.</span>'),
                       w.HBox([self.assign_reviewers, self.assign_overlap, self.assign_button])])

    def assign(self, reviewers: list[str], overlap: float = 0.1):
        """Split the active claims among ``reviewers`` (saved in the database); shows my queue's size."""
        reviewers = [r.strip() for r in reviewers if r.strip()]
        if not reviewers:
            raise ValueError("name at least one reviewer")
        result = db.assign(self.store, reviewers, overlap=overlap)
        mine = len(db.queue(self.store, self.reviewer))
        self._say(f"claims split among {len(reviewers)} reviewers (overlap {overlap:.0%}); my queue: {mine} claims")
        if self.filters["status"] == "mine":
            self._reload_ids()
            self.refresh()
        return result

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
        """Copy my answers here (sourcing, and the flag if I gave one) to ``ids``: one undo step."""
        mine = self._my_current() or {}
        flag = {}
        if tag is None:
            if not mine.get("tag"):
                raise ValueError("tag this claim first; its tag is copied to the others")
            tag = mine["tag"]
            if mine.get("speculative") is not None:
                flag = {"speculative": mine["speculative"]}
        note = mine.get("note") if tag == mine.get("tag") else (self.note.value or None)
        overwrite = self.bulk_overwrite.value if overwrite is None else overwrite
        result = db.bulk_tag(self.store, ids, self.reviewer, tag=tag, note=note, overwrite=overwrite, **flag)
        kept = f", kept {len(result['kept'])} I had tagged differently" if result["kept"] else ""
        self._say(f"tagged {len(result['tagged'])} claims {tag}{kept} (one undo takes it back)")
        self.refresh()
        if self.grid is not None:
            self.grid.reload()
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
        opened = {0: self.open_grid, 3: self.show_orphans, 4: self.show_agreement}.get(change["new"])
        if opened:
            opened()

    def show_orphans(self):
        frame = db.orphans(self.store, reviewer=self.reviewer)
        if frame.empty:
            self.orphans_html.value = '<span class="wb-status">No orphaned tags: every tag is on a current claim.</span>'
            self.orphan_choice.options = []
            return frame
        rows = "".join(
            f"<tr><td>{esc(r.tag)}</td><td>{esc(short(r.claim_text or '', 90))}</td><td>{esc(r.reason)}</td>"
            f"<td>{esc(short(r.match_text or '', 90))}</td><td>{'' if r.similarity is None else f'{r.similarity:.2f}'}"
            f"</td></tr>" for r in frame.itertuples())
        self.orphans_html.value = (f'<table class="wb-orphans"><tr><th>tag</th><th>claim as tagged</th><th>why</th>'
                                   f'<th>most similar current claim</th><th>similarity</th></tr>{rows}</table>')
        self.orphan_choice.options = [(f"{r.tag}: {short(r.claim_text or r.claim_id, 50)}", r.claim_id)
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
