"""The outlet finder: whole aliases at word starts, the longest alias first."""
from workbook.outlets import OutletRegistry


def _registry() -> OutletRegistry:
    registry = OutletRegistry()
    registry.add("Northern Gazette", ["Gazette News", "the Gazette"])
    registry.add("Riverside Wire", ["RWire"])
    return registry


def _found(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[s:e] for s, e, _ in _registry().find_in(text, start, end)]


def test_longest_alias_wins_at_the_same_start():
    assert _found("A reporter for Gazette News wrote it.") == ["Gazette News"]


def test_alias_inside_a_word_or_after_a_hyphen_is_not_an_outlet():
    assert _found("xRWire and pre-RWire and RWires") == []


def test_alias_at_text_start_and_after_punctuation():
    assert _found("RWire said so (the Gazette agreed).") == ["RWire", "the Gazette"]


def test_word_start_is_judged_on_the_whole_text_not_the_window():
    text = "xRWire said so."
    assert _found(text, 1) == []
    assert _found("a RWire b", 2) == ["RWire"]


def test_canonical_names_are_returned():
    names = [n for _, _, n in _registry().find_in("Gazette News and RWire")]
    assert names == ["Northern Gazette", "Riverside Wire"]
