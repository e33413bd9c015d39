"""The reviewer's tag vocabulary: tags, one-line definitions and keyboard keys.

The default vocabulary is below. A project can replace it with a file next to its database,
``<db>.vocabulary.json`` (or ``<db>.vocabulary.toml``)::

    {"tags": [{"tag": "anonymous", "definition": "...", "key": "a"}, ...]}

Tags are stored as plain strings, so changing the vocabulary never invalidates tags already
given: a stored tag the vocabulary no longer lists is still shown (marked as unknown).

These are the *sourcing* answers. Speculation is a second, separate answer (a flag toggled with
``s``), so a tag named "speculative" in an older project file is skipped here.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

# Keys the panel keeps for its own actions (see panel.ACTION_KEYS); a vocabulary may not use them.
RESERVED_KEYS = frozenset({"j", "k", "z", "x", "0", "s", "y", "p", "e", "?", "ArrowLeft", "ArrowRight",
                           "Enter", "Backspace", " "})
SPECULATIVE = "speculative"  # the flag's name; not a sourcing tag
SPECULATIVE_DEFINITION = ("Conjecture, not a report: may, might, could, \"what if\", \"I think\", "
                          "whoever says it. A second answer, given with any sourcing.")


@dataclass(frozen=True)
class TagDef:
    tag: str
    definition: str = ""
    key: str | None = None  # a letter; digits 1-9 are given by position


DEFAULT_TAGS = (
    TagDef("anonymous", "The source is not identified: \"officials\", \"a senior official\", "
                        "\"people familiar with the matter\".", "a"),
    TagDef("named", "A person or organisation identified by name: \"Rasim Musabayov\", \"the FBI\".", "n"),
    TagDef("outlet", "Another news outlet is the source: \"Foreign Policy reported\", \"told Reuters\".", "o"),
    TagDef("document", "A document, dataset or record: a report, a poll, a court filing, a statement.", "d"),
    TagDef("unsourced", "The writer's own assertion; no source is given.", "u"),
)


class Vocabulary:
    def __init__(self, tags=DEFAULT_TAGS, path: str | None = None):
        tags = (t if isinstance(t, TagDef) else TagDef(**t) for t in tags)
        self.tags: tuple[TagDef, ...] = tuple(t for t in tags if t.tag != SPECULATIVE)
        self.path = path
        names = [t.tag for t in self.tags]
        if len(set(names)) != len(names):
            raise ValueError(f"vocabulary {path or ''}: a tag is listed twice: {names}")
        if not names or any(not n or not n.strip() for n in names):
            raise ValueError(f"vocabulary {path or ''}: tags must be non-empty strings")
        self.keys: dict[str, str] = {}
        for i, t in enumerate(self.tags[:9], 1):
            self.keys[str(i)] = t.tag
        for t in self.tags:
            if t.key:
                if t.key in RESERVED_KEYS or t.key in self.keys:
                    raise ValueError(f"vocabulary {path or ''}: key {t.key!r} of tag {t.tag!r} is "
                                     f"reserved or used twice")
                self.keys[t.key] = t.tag

    @property
    def names(self) -> list[str]:
        return [t.tag for t in self.tags]

    def __contains__(self, tag: str) -> bool:
        return tag in self.names

    def __iter__(self):
        return iter(self.tags)

    def __len__(self) -> int:
        return len(self.tags)

    def definition(self, tag: str) -> str:
        for t in self.tags:
            if t.tag == tag:
                return t.definition
        return "(not in this project's vocabulary; kept as given)"

    def keys_for(self, tag: str) -> list[str]:
        return [k for k, v in self.keys.items() if v == tag]

    @classmethod
    def load(cls, path: str | Path) -> Vocabulary:
        path = Path(path)
        if path.suffix == ".toml":
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
        tags = data["tags"] if isinstance(data, dict) else data
        return cls([TagDef(str(t["tag"]), str(t.get("definition", "")), t.get("key")) for t in tags], str(path))

    @classmethod
    def for_db(cls, db_path: str | None) -> Vocabulary:
        """The project's vocabulary: ``<db>.vocabulary.json`` or ``.toml`` if present, else the default."""
        if db_path and db_path != ":memory:":
            for suffix in (".vocabulary.json", ".vocabulary.toml"):
                candidate = Path(str(db_path) + suffix)
                if candidate.exists():
                    return cls.load(candidate)
        return cls()

    def to_json(self) -> str:
        return json.dumps({"tags": [{"tag": t.tag, "definition": t.definition, "key": t.key} for t in self.tags]},
                          ensure_ascii=False, indent=1)
