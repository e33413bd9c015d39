"""Read brat standoff attribution files (PolNeAR layout: text/*.txt + attributions/*.ann)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GoldAttribution:
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None
    source_text: str = ""
    cue_text: str = ""


def _span(offsets: str) -> tuple[int, int] | None:
    """'10 20' or discontinuous '10 20;25 30' -> the covering (start, end)."""
    try:
        pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
        return min(p[0] for p in pieces), max(p[1] for p in pieces)
    except (ValueError, IndexError):
        return None


def parse_ann(ann_text: str) -> list[GoldAttribution]:
    """Attributions (E lines) with their Source/Cue/Content spans."""
    spans: dict[str, tuple[str, tuple[int, int] | None, str]] = {}
    events: list[dict[str, str]] = []
    for line in ann_text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue  # continuation of a multi-line span text, or junk
        ident = parts[0]
        if ident.startswith("T"):
            typ, _, offsets = parts[1].partition(" ")
            spans[ident] = (typ, _span(offsets), parts[2] if len(parts) > 2 else "")
        elif ident.startswith("E"):
            roles = {}
            for arg in parts[1].split()[1:]:
                role, _, ref = arg.partition(":")
                if ref:
                    roles[role.rstrip("0123456789")] = ref
            events.append(roles)
    out = []
    for roles in events:
        def get(role):
            ref = roles.get(role)
            return spans[ref] if ref in spans else (None, None, "")
        _, src, src_text = get("Source")
        _, cue, cue_text = get("Cue")
        _, content, _ = get("Content")
        out.append(GoldAttribution(src, cue, content, src_text, cue_text))
    return out


def iter_documents(directory, limit: int | None = None):
    """(name, text, gold attributions, ann file name) for each text with an .ann; first .ann in
    sorted order when there are several (as source_types.tsv does)."""
    directory = Path(directory)
    anns = sorted((directory / "attributions").glob("*.ann"))
    by_doc: dict[str, Path] = {}
    for ann in anns:
        doc = ann.stem.rsplit("_", 1)[0]
        by_doc.setdefault(doc, ann)
    count = 0
    for txt in sorted((directory / "text").glob("*.txt")):
        ann = by_doc.get(txt.stem)
        if ann is None:
            continue
        if limit is not None and count >= limit:
            break
        count += 1
        text = txt.read_text(encoding="utf-8")
        yield txt.name, text, parse_ann(ann.read_text(encoding="utf-8")), ann.name
