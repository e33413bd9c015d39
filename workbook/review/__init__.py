"""Review: tag the sourcing of every claim, in JupyterLab or from Python; never lose a tag.

- ``ReviewPanel(store, reviewer)`` / ``open_review(db_path, reviewer)``: the ipywidgets panel.
- ``reviewed_table(store)``: the claim-and-source table with the final tag and agreement.
- ``agreement(store)``: Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha.
- ``db``: the writes (tag, bulk_tag, undo, correct_span, add_claim, reattach, reconcile) and reads.
- ``Vocabulary``: the tags, their definitions and keys (``<db>.vocabulary.json`` per project).
"""
from .agreement import agreement, cohen_kappa, disagreements, fleiss_kappa, format_agreement, krippendorff_alpha, reviewed_table
from .db import default_reviewer, orphans
from .vocabulary import DEFAULT_TAGS, TagDef, Vocabulary

__all__ = ["ReviewPanel", "open_review", "reviewed_table", "agreement", "format_agreement", "disagreements",
           "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "orphans", "default_reviewer", "Vocabulary",
           "TagDef", "DEFAULT_TAGS"]


def __getattr__(name):  # the panel imports ipywidgets; load it only when asked for
    if name in ("ReviewPanel", "open_review"):
        from . import panel

        return getattr(panel, name)
    raise AttributeError(name)
