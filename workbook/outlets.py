"""A registry of news outlets: canonical names, aliases and web domains.

The bundled list (``workbook/data/outlets.csv``) is extended by any CSV with the same columns
(``name,aliases,domains[,kind]``; aliases and domains separated by ``|``; kind ``wire`` marks a
news agency whose copy other outlets run): pass paths to
:func:`load_registry`, or set ``WORKBOOK_OUTLETS`` to a path (several joined by ``os.pathsep``).
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

# Aliases that are also ordinary words or too short to trust in running text; they still
# resolve through canonical() (a byline, a domain), but find_in() only takes them in
# reporting contexts that the extractor checks itself.
_AMBIGUOUS = {"AP", "FP", "TIME", "Time magazine", "the Times", "the Post", "the Journal", "the FT",
              "The Sun", "Vox", "Slate", "Wired", "People magazine", "Guardian", "Spiegel", "ABC",
              "CBS", "NBC", "The Hill"}


@dataclass
class OutletRegistry:
    by_key: dict[str, str] = field(default_factory=dict)  # casefolded alias or domain -> name
    aliases: dict[str, str] = field(default_factory=dict)  # alias as written -> name
    wires: set[str] = field(default_factory=set)  # canonical names of wire agencies (kind = wire)
    _pattern: re.Pattern | None = None

    def add(self, name: str, aliases: list[str] = (), domains: list[str] = ()) -> None:
        name = name.strip()
        for alias in [name, *aliases]:
            alias = alias.strip()
            if alias:
                self.by_key[alias.casefold()] = name
                self.aliases[alias] = name
                if alias.lower().startswith("the "):
                    self.by_key[alias[4:].casefold()] = name
        for domain in domains:
            domain = domain.strip().lower()
            if domain:
                self.by_key[domain] = name
        self._pattern = None

    def canonical(self, text: str | None) -> str | None:
        """The outlet's canonical name for an alias, a domain or a URL; None if unknown."""
        if not text:
            return None
        key = text.strip().strip(".,:;").casefold()
        if key in self.by_key:
            return self.by_key[key]
        if key.startswith("the ") and key[4:] in self.by_key:
            return self.by_key[key[4:]]
        try:
            host = urlparse(key if "//" in key else "//" + key).hostname or ""
        except ValueError:  # not a URL at all ("a[")
            return None
        while host:
            if host in self.by_key:
                return self.by_key[host]
            host = host.partition(".")[2] if host.count(".") >= 1 else ""
        return None

    def wire(self, text: str | None) -> str | None:
        """The wire agency's canonical name when ``text`` names one ("AP", "Reuters"), else None."""
        name = self.canonical(text)
        return name if name in self.wires else None

    def display_name(self, text: str | None) -> str | None:
        """A canonical name when known, else the text tidied (an unknown outlet is still an outlet)."""
        if not text:
            return None
        return self.canonical(text) or text.strip()

    @property
    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            safe = [a for a in self.aliases if a not in _AMBIGUOUS and len(a) > 2]
            safe.sort(key=len, reverse=True)
            # Grouped by first letter, with the word-start check after it, so that the regex
            # engine skips every position whose letter starts no alias (same matches, faster).
            by_first: dict[str, list[str]] = {}
            for a in safe:
                by_first.setdefault(a[0], []).append(re.escape(a[1:]))
            alternation = "|".join(f"{re.escape(c)}(?<![\\w-].)(?:{'|'.join(rests)})"
                                   for c, rests in by_first.items())
            self._pattern = re.compile(rf"(?:{alternation})(?![\w-])")
        return self._pattern

    def find_in(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Unambiguous outlet mentions in ``text[start:end]``: (start, end, canonical name)."""
        end = len(text) if end is None else end
        return [(m.start(), m.end(), self.aliases[m.group(0)])
                for m in self.pattern.finditer(text, start, end)]


def read_csv(registry: OutletRegistry, path) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not (row.get("name") or "").strip():
                continue
            registry.add(row["name"], (row.get("aliases") or "").split("|"),
                         (row.get("domains") or "").split("|"))
            if (row.get("kind") or "").strip().lower() == "wire":
                registry.wires.add(row["name"].strip())


def load_registry(*extra_paths: str | os.PathLike) -> OutletRegistry:
    registry = OutletRegistry()
    with resources.as_file(resources.files("workbook") / "data" / "outlets.csv") as bundled:
        read_csv(registry, bundled)
    env = os.environ.get("WORKBOOK_OUTLETS", "")
    for path in [*[p for p in env.split(os.pathsep) if p], *extra_paths]:
        if Path(path).is_file():
            read_csv(registry, path)
    return registry


@lru_cache(maxsize=1)
def default_registry() -> OutletRegistry:
    return load_registry()
