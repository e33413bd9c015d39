"""Review: tag the sourcing of every claim, in JupyterLab or from Python; never lose a tag.

- ``ReviewPanel(store, reviewer)`` / ``open_review(db_path, reviewer)``: the ipywidgets panel.
- ``reviewed_table(store)``: the claim-and-source table with the final tag, flag and agreement.
- ``agreement(store)``: Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha, for the
  sourcing type and (under "speculation") the speculation flag.
- ``db``: the writes (tag, flag, accept, mark, set_note, bulk_tag, undo, assign, correct_span,
  add_claim, reattach, reconcile) and reads (current_tag, claim_ids, queue, orphans, ...).
- ``Vocabulary``: the tags, their definitions and keys (``<db>.vocabulary.json`` per project).
"""
# The one final-tag rule is ``agreement.decide`` (one claim) / ``final_decisions(store)`` (every
# claim); ``reviewed_table(store)`` carries its outcome as ``final_tag``, ``final_speculative``
# and ``final_status``. The graph (graph/build.py) and the report read these columns; nothing
# else decides what a claim's final tag is.
from .agreement import (Decision, agreement, cohen_kappa, decide, disagreements, final_decisions, fleiss_kappa,
                        format_agreement, krippendorff_alpha, reviewed_table)
from .db import default_reviewer, orphans
from .vocabulary import DEFAULT_TAGS, TagDef, Vocabulary

__all__ = ["ReviewPanel", "open_review", "reviewed_table", "decide", "final_decisions", "Decision", "agreement",
           "format_agreement", "disagreements", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "orphans",
           "default_reviewer", "Vocabulary", "TagDef", "DEFAULT_TAGS"]


def __getattr__(name):  # the panel imports ipywidgets; load it only when asked for
    if name in ("ReviewPanel", "open_review"):
        from . import panel

        return getattr(panel, name)
    raise AttributeError(name)
