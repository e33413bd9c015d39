"""Editing a .txt article's title, date or site line: the id follows outlet + title + date, so
the edited file loads under a new id; the load warns, retires the old copy (claims inactive,
nothing deleted) and moves every tag to the claim with the same wording in the new copy."""
from __future__ import annotations

from workbook.pipeline import load_into

HEADER = "Harbour Courier\n\n{title}\n\nBy Ann Writer | Harbour Courier | {date}\n\n"
BODY = ("Officials said the harbour would stay closed for a week. "
        "The harbour master told reporters that the sea wall was damaged.\n")


def write(path, title="Harbour closed", date="May 3, 2024"):
    path.write_text(HEADER.format(title=title, date=date) + BODY, encoding="utf-8")


def tag_everything(store):
    claims = store.claims()
    for claim_id in claims["claim_id"]:
        store.record_tag(claim_id, "ana", "anonymous", note="checked")
    return dict(zip(claims["claim"], claims["claim_id"]))


def test_edited_title_and_date_keep_every_tag_on_the_new_copy(store, tmp_path):
    path = tmp_path / "story.txt"
    write(path)
    load_into(store, [path])
    before = tag_everything(store)
    assert before
    write(path, title="Harbour closed for a week", date="May 4, 2024")
    summary = load_into(store, [path])
    assert any("title, date or site line changed" in w and f"{len(before)} tag(s) moved" in w
               for w in summary.warnings), summary.warnings
    active = store.claims()
    assert set(active["article_id"]) == {summary.article_ids[0]}  # only the new copy is active
    tags = store.tags()
    on_active = tags[tags["claim_id"].isin(active["claim_id"])]
    assert sorted(active.set_index("claim_id").loc[on_active["claim_id"], "claim"]) == sorted(before)
    assert (on_active["note"] == "checked").all()
    assert len(store.articles()) == 2  # the old copy is kept, not deleted


def test_reloading_an_unedited_file_warns_nothing(store, tmp_path):
    path = tmp_path / "story.txt"
    write(path)
    load_into(store, [path])
    tag_everything(store)
    summary = load_into(store, [path])
    assert not summary.warnings and summary.unchanged == 1


def test_a_copy_under_another_name_is_not_an_edit(store, tmp_path):
    write(tmp_path / "a.txt")
    load_into(store, [tmp_path / "a.txt"])
    write(tmp_path / "b.txt", title="Another story entirely")
    summary = load_into(store, [tmp_path / "b.txt"])
    assert not summary.warnings
    assert len(set(store.claims()["article_id"])) == 2
