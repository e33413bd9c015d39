"""Resolving pronoun and short-name sources to the person or group they refer to.

Heuristics from the GUIDE: "he"/"she" go to the last singular speaker (or, failing that, the
nearest preceding full name); "Musabayov" goes to the last full name ending in "Musabayov";
"who" goes to the noun phrase before ", who".
"""
from __future__ import annotations

import bisect
import re

# "Rasim Musabayov", "Harry M. Reid", "Hillary Rodham Clinton"
FULL_NAME = re.compile(r"\b([A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+){1,2})\b")
NOT_FIRST_NAMES = frozenset("""The A An He She It They We I In On At For From With But And Or
So If When While After Before This That These Those There Here Mr Mrs Ms Dr Sen Rep Gov New
North South East West United Supreme White Democratic Republican Senate House Congress State
Department National American Foreign Defense Justice Washington According Last Next Monday Tuesday
Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December Prime Vice Former Presidential Presumptive""".split())
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Rev)\.?\s+", re.IGNORECASE)


class NameIndex:
    """Full person-like names in a text, by position, for surname and pronoun fallback."""

    def __init__(self, text: str):
        self.positions: list[int] = []
        self.names: list[str] = []
        self.by_surname: dict[str, list[int]] = {}  # surname -> indices into names
        for m in FULL_NAME.finditer(text):
            name = m.group(1)
            first = name.split()[0]
            if first in NOT_FIRST_NAMES:
                continue
            self.by_surname.setdefault(name.split()[-1], []).append(len(self.names))
            self.positions.append(m.start())
            self.names.append(name)

    def surname_owner(self, surname: str, before: int) -> str | None:
        """The last full name before ``before`` whose last word is ``surname``."""
        owners = self.by_surname.get(surname, [])
        k = bisect.bisect_left(owners, bisect.bisect_left(self.positions, before))
        return self.names[owners[k - 1]] if k else None

    def nearest_before(self, before: int) -> str | None:
        i = bisect.bisect_left(self.positions, before)
        return self.names[i - 1] if i else None


def short_name(source: str) -> str | None:
    """"Musabayov" / "Mr. Trump" -> the surname to look up; None for anything longer."""
    s = _HONORIFIC.sub("", source.strip())
    if re.fullmatch(r"[A-Z][\w’'-]+", s):
        return s
    return None
