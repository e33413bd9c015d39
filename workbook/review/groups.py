"""Group review in the notebook: check the claim groups one at a time, without writing Python.

``GroupPanel(store, reviewer)`` shows one claim group (largest first, or flagged first with
``order="flag"``): its member claims side by side with their outlets and sources, the match
evidence (score, shared entities and figures) and the independent origins with why. A reviewer
confirms the group, splits a claim off or merges it with another group; ``z`` undoes. Every
decision is one committed event in the append-only group log (``workbook.graph.db``).

Fast at 20,000 claims: matching, the graph and the group summary are computed once when the
panel opens (or on ``reload()``). A decision then moves claims between groups in the panel's
rows and rebuilds only the groups it touched (:func:`workbook.graph.build.regroup`,
:func:`workbook.graph.analyze.summary_record`), which gives the same graph and summary as a
full rebuild; undoing a decision made in this panel moves the claims back the same way.

A thin view: every action is a plain method (``confirm``, ``split_off``, ``merge_with``,
``undo``, ``next``, ``previous``, ``handle_key``) that tests call without a browser.
"""
from __future__ import annotations

import html
from collections import defaultdict

import ipywidgets as w
import pandas as pd

from ..graph import db as group_db
from ..graph.analyze import groups, independent_origins, summary_context, summary_frame, summary_record
from ..graph.build import build_graph, claim_rows, group_node, regroup
from ..graph.match import claim_groups
from ..store import Store
from .db import default_reviewer
from .keys import KeyCatcher

KEYS = {"c": "confirm", "j": "next", "ArrowRight": "next", "k": "previous", "ArrowLeft": "previous", "z": "undo"}
MEMBER_COLUMNS = ["claim_id", "outlet", "author_outlet", "via_outlet", "claim", "source", "tag", "speculative_final"]
PICK = ""  # the merge list's first entry: no group picked yet, so a stray click merges nothing
MERGE_CHOICES = 30  # groups offered to merge with: the most similar first, then the next largest


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
        """Match again (honouring every decision so far), rebuild the graph and the list of
        groups; stay on the group ``keep`` (a group id or a member claim id) when it is still there."""
        self.matching = claim_groups(self.store)
        self.rows = claim_rows(self.store, self.matching)
        self._group_of = dict(zip(self.rows["claim_id"], self.rows["group_id"]))
        self._similar = self._similar_claims(self.matching.pairs)
        self._history: list[tuple[int, dict[str, str], set[str]]] = []  # (event, groups before, touched)
        self.graph = build_graph(self.rows, self.store.propagation())
        self.context = summary_context(self.graph)
        self.records = {}
        for gid in groups(self.graph):
            self._summarise(gid)
        self._show(keep)

    @staticmethod
    def _similar_claims(pairs: pd.DataFrame) -> dict[str, list[tuple[str, float]]]:
        """claim -> [(a claim the matcher scored against it, score)]: where a claim of another
        group is, is read when asked (decisions move claims)."""
        out = defaultdict(list)
        for a, b, score in zip(pairs["claim_a"], pairs["claim_b"], pairs["similarity"]):
            out[a].append((b, float(score)))
            out[b].append((a, float(score)))
        return out

    def _summarise(self, gid: str) -> None:
        """The group's summary row, or none when it is gone or has too few outlets."""
        self.records.pop(gid, None)
        if group_node(gid) in self.graph:
            record = summary_record(self.graph, gid, self.context, self.min_outlets)
            if record is not None:
                self.records[gid] = record

    def _show(self, keep: str | None = None) -> None:
        """The ordered list of groups from the summary rows; then the view."""
        summary = summary_frame(self.records.values())
        if self.order == "flag":
            flagged = summary["circular"].astype(bool) | summary["only_weak_support"].astype(bool)
            summary = summary.assign(_f=~flagged).sort_values("_f", kind="stable").drop(columns="_f")
        self.summary = summary.reset_index(drop=True)
        self.group_ids = self.summary["group_id"].tolist()
        if keep is not None:
            target = keep if keep in self.records else self._group_of.get(keep)
            if target in self.records:
                self.index = self.group_ids.index(target)
        self.index = min(self.index, max(len(self.group_ids) - 1, 0))
        self.refresh()

    @property
    def decided(self) -> set[str]:
        """Groups reshaped by this panel's decisions since matching: the matcher's evidence is
        not theirs."""
        return set().union(*(touched for _, _, touched in self._history))

    @property
    def group_id(self) -> str | None:
        return self.group_ids[self.index] if self.group_ids else None

    def members(self, group_id: str | None = None) -> pd.DataFrame:
        """The group's claims: claim_id, outlet, author_outlet, via_outlet, claim, source, tag
        (the sourcing) and speculative_final (the speculation flag)."""
        gid = group_id or self.group_id
        frame = self.rows.loc[self.rows["group_id"] == gid]
        return frame.reindex(columns=MEMBER_COLUMNS).reset_index(drop=True)

    def evidence(self, group_id: str | None = None) -> dict:
        """The matcher's evidence for the group (score, shared entities and figures); {} when
        there is none (one claim, or a group a reviewer reshaped since matching)."""
        gid = group_id or self.group_id
        if gid in self.decided:
            return {}
        try:
            return self.matching.evidence_of(gid)
        except KeyError:
            return {}

    def merge_candidates(self, limit: int = MERGE_CHOICES) -> list[str]:
        """Groups to offer for a merge: those holding claims the matcher scored against this
        group's claims (most similar first), then the next groups of the list."""
        mine = self.group_id
        best: dict[str, float] = {}
        for claim_id in self.members()["claim_id"]:
            for other, score in self._similar.get(claim_id, ()):
                gid = self._group_of.get(other)
                if gid and gid != mine:
                    best[gid] = max(score, best.get(gid, 0.0))
        ranked = sorted(best, key=lambda g: (-best[g], g))[:limit]
        for gid in self.group_ids[self.index + 1:] + self.group_ids[:self.index]:
            if len(ranked) >= limit:
                break
            if gid not in best and gid != mine:
                ranked.append(gid)
        return ranked

    # -- decisions (each one committed event; only the groups it touches are rebuilt) -------
    def confirm(self) -> int | None:
        ids = self.members()["claim_id"].tolist()
        if len(ids) < 2:
            return self._say("a group of one claim has nothing to confirm")
        event = group_db.confirm(self.store, ids, self.reviewer, group_id=self.group_id)
        self._history.append((event, {}, set()))  # nothing moves: the claims are one group already
        self._after(f"confirmed: these {len(ids)} claims are one group", keep=self.group_id)
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
        self._move(event, {claim_id: alone, **({c: "g_" + rest[0] for c in rest} if alone == self.group_id else {})})
        self._after("split off: that claim is not the same claim as the rest", keep=rest[0])
        return event

    def merge_with(self, other_group_id: str) -> int | None:
        if other_group_id == self.group_id:
            return self._say("pick another group to merge with")
        mine, theirs = self.members()["claim_id"].tolist(), self.members(other_group_id)["claim_id"].tolist()
        if not theirs:
            raise KeyError(f"no group {other_group_id}")
        event = group_db.merge(self.store, mine, theirs, self.reviewer, group_id=self.group_id)
        self._move(event, {cid: self.group_id for cid in theirs})
        self._after("merged: the two groups are one", keep=mine[0])
        return event

    def undo(self) -> int | None:
        target = group_db.undoable(self.store, self.reviewer)
        event = group_db.undo(self.store, self.reviewer)
        if event is None:
            return self._say("nothing to undo")
        if self._history and self._history[-1][0] == target:  # made in this panel: move the claims back
            _, before, _ = self._history.pop()
            self._move(None, before)
            self._after("undone", keep=next(iter(before), self.group_id))
        else:  # a decision from before the panel opened: match again
            self.message = "undone"
            self.reload(keep=self.group_id)
        return event

    def _move(self, event: int | None, to_group: dict[str, str]) -> None:
        """Put claims into other groups, as the decision just logged says, and rebuild the
        groups touched (their graph nodes and summary rows) only."""
        before = {cid: self._group_of[cid] for cid in to_group}
        touched = set(before.values()) | set(to_group.values())
        if event is not None:
            self._history.append((event, before, touched))
        moving = self.rows["claim_id"].isin(list(to_group))
        self.rows.loc[moving, "group_id"] = self.rows.loc[moving, "claim_id"].map(to_group)
        self.rows["group_size"] = self.rows.groupby("group_id")["claim_id"].transform("size")
        self._group_of.update(to_group)
        regroup(self.graph, self.rows, touched)
        for gid in touched:
            self._summarise(gid)

    def _after(self, message: str, keep: str | None) -> None:
        self.message = message
        self._show(keep=keep)

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
        self.merge_button.on_click(lambda _b: self.merge_with(self.merge_target.value) if self.merge_target.value
                                   else self._say("pick a group to merge with first"))
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
        origins = int(row["n_origins"])
        self.header.value = (f"<div class='wb-group-head'>Group {self.index + 1} of {len(self.group_ids)}: "
                             f"<b>{int(row['n_reporting'])} reporting outlets</b>, {int(row['claims'])} claims, "
                             f"<b>{origins} independent origin{'' if origins == 1 else 's'}</b></div>")
        self.claims_box.children = tuple(self._member_row(m) for m in self.members().to_dict("records"))
        self.evidence_html.value = self._evidence_html()
        self.merge_target.options = [("(pick a group)", PICK)] + [(self._choice_label(gid), gid)
                                                                   for gid in self.merge_candidates()]
        self.merge_target.value = PICK
        self.status.value = f"<span class='wb-group-status'>{_esc(self.message)}</span>"

    def _choice_label(self, gid: str) -> str:
        record = self.records.get(gid)
        if record is not None:
            return f"{str(record['claim'])[:90]} ({record['n_reporting']} outlets)"
        claim = self.rows.loc[self.rows["group_id"] == gid, "claim"]
        return f"{str(claim.iloc[0])[:90] if len(claim) else gid} (1 outlet)"

    def _member_row(self, m: dict) -> w.HBox:
        outlet = _esc(m["outlet"]) + (f" (copy of {_esc(m['author_outlet'])})"
                                      if m["author_outlet"] and m["author_outlet"] != m["outlet"] else "")
        if isinstance(m["via_outlet"], str) and m["via_outlet"]:
            outlet += f", reporting {_esc(m['via_outlet'])}'s report"
        flag = " · <i>flagged speculative</i>" if m.get("speculative_final") in (True,) else ""
        text = w.HTML(f"<div class='wb-group-claim'><b>{outlet}</b> · source: {_esc(m['source']) or '(none)'} "
                      f"({_esc(m['tag'])}){flag}<br>{_esc(m['claim'])}</div>", layout=w.Layout(width="760px"))
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
        origins = independent_origins(self.graph, self.group_id, self.context["copy_of"])
        why = "".join(f"<li><b>{_esc(' + '.join(o['outlets']))}</b>: {_esc('; '.join(o['evidence']))}</li>"
                      for o in origins)
        match = " · ".join(parts) if parts else "no match evidence (a reviewer's group, or one claim)"
        return f"<div class='wb-group-evidence'>Match: {match}<br>Independent origins:<ul>{why}</ul></div>"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
