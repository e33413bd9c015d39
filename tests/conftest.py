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


# Every store test runs on both backends; `-m "not postgres"` runs the SQLite half only.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for the session (see tests/pgcluster.py). Skips when
    PostgreSQL is not installed, but FAILS in CI (WORKBOOK_REQUIRE_POSTGRES=1)."""
    from pgcluster import REQUIRE_ENV, ClusterUnavailable, start_cluster

    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but PostgreSQL cannot run: {exc}")
        pytest.skip(str(exc))
    from pgcluster import DatabasePool

    cluster.pool = DatabasePool(cluster)
    yield cluster
    cluster.pool.close()
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster):
    """A fresh, empty database (CREATE DATABASE wb_<n>) in the session's cluster, dropped
    after the test; made ahead by a thread so the test does not wait for it."""
    url = pg_cluster.pool.take()
    yield url
    pg_cluster.pool.give_back(url)


@pytest.fixture(params=BACKENDS)
def db_target(request, tmp_path):
    """What Store() takes: a SQLite file in tmp, or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_target):
    from workbook.store import Store

    with Store(db_target) as s:
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
