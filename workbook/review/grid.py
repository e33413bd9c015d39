"""The grid: every claim in one sortable, filterable table with checkboxes, to tag many at once.

``ClaimGrid(store, reviewer)`` holds a DataFrame of the active claims with the reviewer's own
answers (``frame``), the filtered and sorted view of it (``view``) and the selected claim ids.
Tagging the selection goes through ``db.bulk_tag``, the write path the card's "tag many at
once" uses: one transaction, one undo step. Only one page of the view is sent to the browser,
so the grid opens fast on tens of thousands of claims. Every action is a plain method (``sort``,
``set_filter``, ``select``, ``tag_selected``) that tests call without a browser.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import anywidget
import ipywidgets as w
import pandas as pd
import traitlets

from ..store import Store
from ..store import tags as store_tags
from ..store.grid_rows import grid_rows
from . import db

COLUMNS = (("outlet", "outlet"), ("claim", "claim"), ("source", "source"), ("suggested", "suggested"),
           ("hedged", "hedged"), ("mine", "my answer"), ("status", "status"))
SHOW = (("all claims", "all"), ("untagged by me", "untagged"), ("tagged by me", "tagged"), ("my queue", "mine"))
KEEP = "(keep)"
ANY = ""  # "any suggestion": a Dropdown shows a None value as a blank box
FLAG_CHOICES = (("flag: keep as is", KEEP), ("flag: speculative", "yes"), ("flag: not speculative", "no"))
FLAGS = {KEEP: None, "yes": True, "no": False}

ESM = r"""
function render({ model, el }) {
  const table = document.createElement("table");
  table.className = "wb-grid";
  const draw = () => {
    const cols = model.get("columns"), rows = model.get("rows"), checked = new Set(model.get("checked"));
    const sortBy = model.get("sort_by"), asc = model.get("ascending");
    table.replaceChildren();
    const head = table.createTHead().insertRow();
    const all = document.createElement("input");
    all.type = "checkbox";
    all.title = "select every claim on this page";
    all.checked = rows.length > 0 && rows.every((r) => checked.has(r.id));
    all.addEventListener("change", () => model.send({ type: "check_page", on: all.checked }));
    head.appendChild(document.createElement("th")).appendChild(all);
    for (const [key, label] of cols) {
      const th = document.createElement("th");
      th.textContent = label + (key === sortBy ? (asc ? " ▲" : " ▼") : "");
      th.dataset.column = key;
      th.title = "sort by " + label;
      th.addEventListener("click", () => model.send({ type: "sort", column: key }));
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      tr.dataset.claimId = r.id;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = checked.has(r.id);
      box.addEventListener("change", () => model.send({ type: "check", id: r.id, on: box.checked }));
      tr.insertCell().appendChild(box);
      for (const [key] of cols) {
        const td = tr.insertCell();
        td.textContent = r[key] == null ? "" : String(r[key]);
        td.className = "wb-grid-" + key;
      }
    }
  };
  for (const name of ["rows", "checked", "columns", "sort_by", "ascending"]) model.on("change:" + name, draw);
  draw();
  el.appendChild(table);
}
export default { render };
"""

CSS = """<style>
.wb-grid { border-collapse: collapse; font-size: 12px; width: 100%; }
.wb-grid th { text-align: left; cursor: pointer; background: #f6f8fa; border-bottom: 1px solid #d0d7de;
              padding: 3px 6px; white-space: nowrap; }
.wb-grid td { text-align: left; vertical-align: top; padding: 2px 6px; border-bottom: 1px solid #eaeef2; }
.wb-grid td.wb-grid-claim { max-width: 460px; }
</style>"""


class GridView(anywidget.AnyWidget):
    """The browser half: draws one page of rows, sends sort clicks and checkbox changes."""
    _esm = ESM
    columns = traitlets.List().tag(sync=True)
    rows = traitlets.List().tag(sync=True)
    checked = traitlets.List().tag(sync=True)
    sort_by = traitlets.Unicode("").tag(sync=True)
    ascending = traitlets.Bool(True).tag(sync=True)


def grid_frame(store: Store, reviewer: str) -> pd.DataFrame:
    """One row per active claim: what the grid shows and sorts, with the reviewer's answers."""
    frame = grid_rows(store)
    frame["hedged"] = ["hedged" if h else "" for h in frame.pop("speculative").tolist()]
    frame["position"] = range(len(frame))  # reading order, as in the card
    return _with_answers(frame, store, reviewer)


def _with_answers(frame: pd.DataFrame, store: Store, reviewer: str) -> pd.DataFrame:
    """Add the reviewer's current sourcing tag, speculation flag and status to ``frame``."""
    answers = store_tags.answers(store)
    answers = answers[answers["reviewer"] == reviewer]
    tags = dict(zip(answers["claim_id"].tolist(), answers["tag"].tolist()))
    flags = dict(zip(answers["claim_id"].tolist(), answers["speculative"].tolist()))
    marked = {cid: status for status in ("unsure", "skipped")  # marks without a tag or flag too
              for cid in db.claim_ids(store, reviewer, status=status)}
    ids = frame["id"].tolist()
    frame = frame.copy()
    frame["tag"] = [tags.get(cid) or "" for cid in ids]
    frame["mine"] = [_answer_text(tags.get(cid), flags.get(cid)) for cid in ids]
    frame["status"] = [marked.get(cid, "") for cid in ids]
    return frame


def _answer_text(tag: str | None, speculative) -> str:
    return " · ".join(x for x in (tag or "", "speculative" if speculative else "") if x)


class ClaimGrid:
    """``ClaimGrid(store, reviewer)``; ``.widget`` is the ipywidgets box."""

    def __init__(self, store: Store, reviewer: str, tags: list[str], page_size: int = 50,
                 on_change: Callable[[dict], None] | None = None):
        self.store = store
        self.reviewer = reviewer
        self.page_size = page_size
        self.on_change = on_change
        self.filters = {"show": "all", "text": "", "suggested": None}
        self.sort_by, self.ascending = "position", True
        self.selected: set[str] = set()
        self.page = 0
        self.frame = grid_frame(store, reviewer)
        self.view = self.frame
        self._build(tags)
        self._apply()

    def _safe(self, fn):
        """A UI callback whose expected errors are shown in the grid, not lost in the log."""
        def run(*args):
            try:
                return fn(*args)
            except (ValueError, LookupError) as exc:
                self.info.value = f'<span class="wb-status wb-error">{html.escape(str(exc))}</span>'
        return run

    # -- layout -----------------------------------------------------------------------------
    def _build(self, tags: list[str]) -> None:
        self.table = GridView(columns=[list(c) for c in COLUMNS])
        self.table.on_msg(self._on_message)
        self.search = w.Text(placeholder="filter: words in claim, source or outlet", layout=w.Layout(width="280px"))
        self.search.add_class("wb-grid-search")
        self.show = w.Dropdown(options=SHOW, value="all", description="Show", layout=w.Layout(width="200px"),
                               style={"description_width": "initial"})
        suggested = sorted(s for s in self.frame["suggested"].unique() if s)
        self.suggested = w.Dropdown(options=[("any suggestion", ANY)] + [(s, s) for s in suggested],
                                    layout=w.Layout(width="170px"))
        for control in (self.search, self.show, self.suggested):
            control.observe(lambda _c: self.set_filter(show=self.show.value, text=self.search.value,
                                                       suggested=self.suggested.value), names="value")
        self.tag_choice = w.Dropdown(options=tags, description="Tag selected as", layout=w.Layout(width="260px"),
                                     style={"description_width": "initial"})
        self.flag_choice = w.Dropdown(options=FLAG_CHOICES, value=KEEP, layout=w.Layout(width="190px"))
        self.apply_button = w.Button(description="tag selected", button_style="primary", layout=w.Layout(width="auto"))
        self.apply_button.add_class("wb-grid-apply")
        self.apply_button.on_click(self._safe(lambda _b: self.tag_selected(self.tag_choice.value,
                                                                            FLAGS[self.flag_choice.value])))
        self.select_shown = w.Button(description="select all shown", layout=w.Layout(width="auto"))
        self.select_shown.on_click(lambda _b: self.select(self.view["id"].tolist()))
        self.select_none = w.Button(description="select none", layout=w.Layout(width="auto"))
        self.select_none.on_click(lambda _b: self.clear_selection())
        self.prev_page = w.Button(description="◀", layout=w.Layout(width="36px"))
        self.next_page = w.Button(description="▶", layout=w.Layout(width="36px"))
        self.prev_page.on_click(lambda _b: self.go_page(self.page - 1))
        self.next_page.on_click(lambda _b: self.go_page(self.page + 1))
        self.info = w.HTML()
        self.widget = w.VBox([
            w.HTML(CSS),
            w.HBox([self.search, self.show, self.suggested], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.tag_choice, self.flag_choice, self.apply_button, self.select_shown, self.select_none],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([self.prev_page, self.next_page, self.info], layout=w.Layout(align_items="center")),
            self.table,
        ])
        self.widget.add_class("wb-claim-grid")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # -- what is shown ----------------------------------------------------------------------
    def set_filter(self, show: str | None = None, text: str | None = None, suggested: str | None = KEEP) -> None:
        """Show all / untagged / tagged / my queue; words to find; one suggestion (None or "": any)."""
        if show is not None:
            self.filters["show"] = show
        if text is not None:
            self.filters["text"] = text
        if suggested != KEEP:
            self.filters["suggested"] = suggested
        self.page = 0
        self._apply()

    def sort(self, column: str, ascending: bool | None = None) -> None:
        """Sort by a column; the same column again reverses the order."""
        if ascending is None:
            ascending = not self.ascending if column == self.sort_by else True
        self.sort_by, self.ascending = column, ascending
        self._apply()

    def _apply(self) -> None:
        view, f = self.frame, self.filters
        if f["show"] == "untagged":
            view = view[view["tag"] == ""]
        elif f["show"] == "tagged":
            view = view[view["tag"] != ""]
        elif f["show"] == "mine":
            view = view[view["id"].isin(set(db.queue(self.store, self.reviewer)))]
        if f["suggested"]:
            view = view[view["suggested"] == f["suggested"]]
        for word in f["text"].lower().split():
            haystack = view["claim"].str.lower() + " " + view["source"].str.lower() + " " + view["outlet"].str.lower()
            view = view[haystack.str.contains(word, regex=False)]
        keys = [self.sort_by, "position"] if self.sort_by != "position" else ["position"]
        self.view = view.sort_values(keys, ascending=[self.ascending] + [True] * (len(keys) - 1), kind="stable")
        self._draw()

    def _draw(self) -> None:
        pages = max((len(self.view) - 1) // self.page_size + 1, 1)
        self.page = min(max(self.page, 0), pages - 1)
        shown = self.view.iloc[self.page * self.page_size: (self.page + 1) * self.page_size]
        with self.table.hold_sync():
            keys = ["id"] + [c for c, _ in COLUMNS]
            self.table.rows = [dict(zip(keys, row)) for row in zip(*(shown[k].tolist() for k in keys))]
            self.table.checked = sorted(self.selected & set(shown["id"]))
            self.table.sort_by = "" if self.sort_by == "position" else self.sort_by
            self.table.ascending = self.ascending
        self.info.value = (f'<span class="wb-status">&nbsp;page {self.page + 1} of {pages} · '
                           f'{len(self.view)} claims shown · {len(self.selected)} selected</span>')

    def go_page(self, page: int) -> None:
        self.page = page
        self._draw()

    # -- selecting and tagging --------------------------------------------------------------
    def select(self, ids, on: bool = True) -> None:
        ids = set(ids)
        self.selected = self.selected | ids if on else self.selected - ids
        self._draw()

    def clear_selection(self) -> None:
        self.selected = set()
        self._draw()

    def tag_selected(self, tag: str, speculative: bool | None = None, note: str | None = None) -> dict:
        """Tag every selected claim (and set the flag unless None): one transaction, one undo."""
        if not self.selected:
            raise ValueError("select some claims first (tick their boxes)")
        ids = [i for i in self.frame["id"] if i in self.selected]  # reading order
        kwargs = {} if speculative is None else {"speculative": speculative}
        result = db.bulk_tag(self.store, ids, self.reviewer, tag=tag, note=note, overwrite=True, **kwargs)
        self.reload()
        self.selected = set()
        self._draw()
        if self.on_change:
            self.on_change({"tag": tag, "speculative": speculative, "ids": ids, "result": result})
        return result

    def refresh_claims(self, ids) -> None:
        """Re-read the reviewer's answers on a few claims (after a tag in the card): cheap."""
        cols = ["tag", "mine", "status"]
        rows = self.frame["id"].isin(set(ids))
        for i in self.frame.index[rows]:
            mine = db.current_tag(self.store, self.frame.at[i, "id"], self.reviewer) or {}
            values = [mine.get("tag") or "", _answer_text(mine.get("tag"), mine.get("speculative")),
                      mine.get("status") or ""]
            for frame in (self.frame, self.view) if i in self.view.index else (self.frame,):
                for col, value in zip(cols, values):
                    frame.at[i, col] = value
        if self.filters["show"] != "all" or self.sort_by in cols:
            self._apply()  # the row may leave the view or move
        else:
            self._draw()

    def reload(self) -> None:
        """Re-read all the reviewer's answers (after a bulk tag, or tags by someone else)."""
        self.frame = _with_answers(self.frame.drop(columns=["tag", "mine", "status"]), self.store, self.reviewer)
        self._apply()

    def _on_message(self, _widget, content, _buffers=None) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "sort":
            self.sort(str(content.get("column")))
        elif kind == "check":
            self.select([content.get("id")], on=bool(content.get("on")))
        elif kind == "check_page":
            shown = self.view.iloc[self.page * self.page_size: (self.page + 1) * self.page_size]
            self.select(shown["id"].tolist(), on=bool(content.get("on")))
