from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = DATA / "000_be3c3d0c321bae5b.txt"
CORPORA = ROOT.parent / "shared" / "corpora"


def require_corpora(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared corpora at {path} (present in CI and the team's machines, "
                    "not in a user's clone)")
    return path


@pytest.fixture
def store(tmp_path):
    from workbook.store import Store

    with Store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def seed_article():
    from workbook.load import load

    articles, errors = load(SEED)
    assert not errors
    return articles[0]


@pytest.fixture(autouse=True)
def _no_user_db(monkeypatch, tmp_path):
    # A test that forgets --db must not write into the repository.
    monkeypatch.setenv("WORKBOOK_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("MPLBACKEND", "Agg")


def require_chromium() -> str:
    """Path to Debian's chromium; in CI (WORKBOOK_REQUIRE_BROWSER=1) its absence fails the test
    instead of skipping it, so a browser test is never silently counted as passed."""
    path = "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER"):
            pytest.fail("WORKBOOK_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)")
    return path
