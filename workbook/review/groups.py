"""Group review in the notebook: check the claim groups one at a time, without writing Python.

``GroupPanel(store, reviewer)`` shows one claim group (largest first, or flagged first with
``order="flag"``): its member claims side by side with their outlets and sources, the match
evidence (score, shared entities and figures) and the independent origins with why. A reviewer
confirms the group, splits a claim off or merges it with another group; ``z`` undoes. Every
decision is one committed event in the append-only group log (``workbook.graph.db``); a
confirm, split or merge updates only the groups it touches (no matching over the whole store),
an undo or ``reload()`` matches again, honouring every decision in the log.

A thin view: every action is a plain method (``confirm``, ``split_off``, ``merge_with``,
``undo``, ``next``, ``previous``, ``handle_key``) that tests call without a browser.
"""
from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from ..graph import db as group_db
from ..graph.analyze import group_summary, independent_origins
from ..graph.build import build_graph, claim_rows
from ..graph.match import claim_groups
from ..store import Store
from .db import default_reviewer
from .keys import KeyCatcher

KEYS = {"c": "confirm", "j": "next", "ArrowRight": "next", "k": "previous", "ArrowLeft": "previous", "z": "undo"}
MEMBER_COLUMNS = ["claim_id", "outlet", "author_outlet", "via_outlet", "claim", "source", "tag"]


def _esc(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and value != value) else str(value))


class GroupPanel:
    """``GroupPanel(store, reviewer)``; ``.widget`` is the ipywidgets box (it displays itself)."""

    def __init__(self, store: Store, reviewer: str | None = None, order: str = "size", min_outlets: int = 2):
        if order not in ("size", "flag"):
            raise ValueError(f"order must be 'size' or 'flag', not {order!r}")
        self.store = store
        self.reviewer = (reviewer or default_reviewer()).strip()
        if not self.reviewer:
            raise ValueError("the group review needs a reviewer name")
        self.order = order
        self.min_outlets = min_outlets
        self.index = 0
        self.message = ""
        self._build()
        self.reload()

    # -- data -------------------------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        """Match again (honouring every decision so far) and rebuild the list of groups; stay on
        the group ``keep`` (a group id or a member claim id) when it is still there."""
        self.matching = claim_groups(self.store)
        self.rows = claim_rows(self.store, self.matching)
        self._regroup(keep)

    def _regroup(self, keep: str | None = None) -> None:
        """Rebuild the graph and the list of groups from ``self.rows`` (no matching)."""
        self.graph = build_graph(self.rows, self.store.propagation())
        summary = group_summary(self.graph, min_outlets=self.min_outlets)
        if self.order == "flag":
            flagged = summary["circular"] | summary["only_weak_support"]
            summary = summary.assign(_f=~flagged).sort_values("_f", kind="stable").drop(columns="_f")
        self.summary = summary.reset_index(drop=True)
        self.group_ids = self.summary["group_id"].tolist()
        if keep is not None:
            target = keep if keep in self.group_ids else self._group_of_claim(keep)
            if target in self.group_ids:
                self.index = self.group_ids.index(target)
        self.index = min(self.index, max(len(self.group_ids) - 1, 0))
        self.refresh()

    def _group_of_claim(self, claim_id: str) -> str | None:
        hit = self.rows.loc[self.rows["claim_id"] == claim_id, "group_id"]
        return hit.iloc[0] if len(hit) else None

    @property
    def group_id(self) -> str | None:
        return self.group_ids[self.index] if self.group_ids else None

    def members(self, group_id: str | None = None) -> pd.DataFrame:
        """The group's claims: claim_id, outlet, author_outlet, via_outlet, claim, source, tag."""
        gid = group_id or self.group_id
        frame = self.rows.loc[self.rows["group_id"] == gid]
        return frame.reindex(columns=MEMBER_COLUMNS).reset_index(drop=True)

    def evidence(self, group_id: str | None = None) -> dict:
        """The matcher's evidence for the group (score, shared entities and figures), {} if none."""
        try:
            return self.matching.evidence_of(group_id or self.group_id)
        except KeyError:
            return {}

    # -- decisions (each one committed event, then matched again) ---------------------------
    def confirm(self) -> int | None:
        ids = self.members()["claim_id"].tolist()
        if len(ids) < 2:
            return self._say("a group of one claim has nothing to confirm")
        event = group_db.confirm(self.store, ids, self.reviewer, group_id=self.group_id)
        self._after(f"confirmed: these {len(ids)} claims are one group", keep=self.group_id, local=True)
        return event

    def split_off(self, claim_id: str) -> int | None:
        ids = self.members()["claim_id"].tolist()
        if claim_id not in ids:
            raise KeyError(f"claim {claim_id} is not in group {self.group_id}")
        rest = [c for c in ids if c != claim_id]
        if not rest:
            return self._say("a claim on its own cannot be split off")
        event = group_db.split(self.store, [claim_id], rest, self.reviewer, group_id=self.group_id)
        alone = "g_" + claim_id
        self._move({claim_id: alone, **({c: "g_" + rest[0] for c in rest} if alone == self.group_id else {})})
        self._after("split off: that claim is not the same claim as the rest", keep=rest[0], local=True)
        return event

    def merge_with(self, other_group_id: str) -> int | None:
        if other_group_id == self.group_id:
            return self._say("pick another group to merge with")
        mine, theirs = self.members()["claim_id"].tolist(), self.members(other_group_id)["claim_id"].tolist()
        if not theirs:
            raise KeyError(f"no group {other_group_id}")
        event = group_db.merge(self.store, mine, theirs, self.reviewer, group_id=self.group_id)
        self._move({cid: self.group_id for cid in theirs})
        self._after("merged: the two groups are one", keep=mine[0], local=True)
        return event

    def undo(self) -> int | None:
        event = group_db.undo(self.store, self.reviewer)
        if event is None:
            return self._say("nothing to undo")
        self._after("undone", keep=self.group_id)
        return event

    def _move(self, to_group: dict[str, str]) -> None:
        """Put claims into other groups in ``self.rows``, as the decision just logged says."""
        moving = self.rows["claim_id"].isin(list(to_group))
        self.rows.loc[moving, "group_id"] = self.rows.loc[moving, "claim_id"].map(to_group)
        self.rows["group_size"] = self.rows.groupby("group_id")["claim_id"].transform("size")

    def _after(self, message: str, keep: str | None, local: bool = False) -> None:
        """After a decision: a confirm, split or merge changes only the groups it touches, so
        the rows are updated in place (no matching over the whole store); an undo matches again."""
        self.message = message
        if local:
            self._regroup(keep=keep)
        else:
            self.reload(keep=keep)

    def _say(self, message: str) -> None:
        self.message = message
        self.refresh()
        return None

    # -- moving and keys --------------------------------------------------------------------
    def next(self) -> None:
        self.index = min(self.index + 1, max(len(self.group_ids) - 1, 0))
        self.message = ""
        self.refresh()

    def previous(self) -> None:
        self.index = max(self.index - 1, 0)
        self.message = ""
        self.refresh()

    def handle_key(self, key: str) -> None:
        action = KEYS.get(key)
        if action:
            getattr(self, action)()

    # -- view -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = w.HTML()
        self.claims_box = w.VBox()
        self.evidence_html = w.HTML()
        self.status = w.HTML()
        buttons = [("previous", "◀ previous (k)"), ("next", "next ▶ (j)"), ("confirm", "confirm (c)"), ("undo", "undo (z)")]
        self.buttons = {}
        for name, text in buttons:
            button = w.Button(description=text)
            button.add_class(f"wb-group-{name}")
            button.on_click(lambda _b, name=name: getattr(self, name)())
            self.buttons[name] = button
        self.merge_target = w.Dropdown(description="merge with", options=[], layout=w.Layout(width="520px"))
        self.merge_button = w.Button(description="merge")
        self.merge_button.add_class("wb-group-merge")
        self.merge_button.on_click(lambda _b: self.merge_target.value and self.merge_with(self.merge_target.value))
        self.keys = KeyCatcher(on_key=self.handle_key, shortcut_keys=list(KEYS),
                               label="⌨ Keys go to JupyterLab: click in the panel for j k c z",
                               active_label="⌨ Keys go to the group panel")
        self.widget = w.VBox([self.keys, self.header, self.claims_box, self.evidence_html,
                              w.HBox(list(self.buttons.values())), w.HBox([self.merge_target, self.merge_button]),
                              self.status])
        self.widget.add_class("wb-review-panel")  # the key catcher's root
        self.widget.add_class("wb-group-panel")

    def refresh(self) -> None:
        if not self.group_ids:
            self.header.value = "<b>No claim groups carried by two or more outlets.</b>"
            self.claims_box.children = ()
            self.evidence_html.value = ""
            self.status.value = _esc(self.message)
            return
        row = self.summary.iloc[self.index]
        self.header.value = (f"<div class='wb-group-head'>Group {self.index + 1} of {len(self.group_ids)}: "
                             f"<b>{int(row['n_reporting'])} reporting outlets</b>, {int(row['claims'])} claims, "
                             f"<b>{int(row['n_origins'])} independent origins</b></div>")
        self.claims_box.children = tuple(self._member_row(m) for m in self.members().to_dict("records"))
        self.evidence_html.value = self._evidence_html()
        others = [(f"{_esc(r['claim'])[:90]} ({r['n_reporting']} outlets)", r["group_id"])
                  for r in self.summary.to_dict("records") if r["group_id"] != self.group_id]
        self.merge_target.options = others
        self.status.value = f"<span class='wb-group-status'>{_esc(self.message)}</span>"

    def _member_row(self, m: dict) -> w.HBox:
        outlet = _esc(m["outlet"]) + (f" (copy of {_esc(m['author_outlet'])})"
                                      if m["author_outlet"] and m["author_outlet"] != m["outlet"] else "")
        if isinstance(m["via_outlet"], str) and m["via_outlet"]:
            outlet += f", reporting {_esc(m['via_outlet'])}'s report"
        text = w.HTML(f"<div class='wb-group-claim'><b>{outlet}</b> · source: {_esc(m['source']) or '(none)'} · "
                      f"{_esc(m['tag'])}<br>{_esc(m['claim'])}</div>", layout=w.Layout(width="760px"))
        button = w.Button(description="split off", layout=w.Layout(width="90px"))
        button.add_class("wb-group-split")
        button.on_click(lambda _b, cid=m["claim_id"]: self.split_off(cid))
        return w.HBox([text, button])

    def _evidence_html(self) -> str:
        ev = self.evidence()
        parts = []
        for key in ("score", "score_min", "lexical", "semantic"):
            if isinstance(ev.get(key), (int, float)) and ev[key] == ev[key]:
                parts.append(f"{key.replace('_', ' ')} {ev[key]:.2f}")
        for key in ("shared_entities", "shared_figures"):
            if ev.get(key):
                values = ev[key] if isinstance(ev[key], str) else ", ".join(map(str, ev[key]))
                parts.append(f"{key.replace('_', ' ')}: {_esc(values)}")
        origins = independent_origins(self.graph, self.group_id)
        why = "".join(f"<li><b>{_esc(' + '.join(o['outlets']))}</b>: {_esc('; '.join(o['evidence']))}</li>"
                      for o in origins)
        match = " · ".join(parts) if parts else "no match evidence (a reviewer's group, or one claim)"
        return f"<div class='wb-group-evidence'>Match: {match}<br>Independent origins:<ul>{why}</ul></div>"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
