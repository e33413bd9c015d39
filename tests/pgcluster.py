"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a free port on
127.0.0.1, its unix socket in the same folder, fsync on (the crash tests rely on it), stopped
and removed at the end.

``initdb`` refuses to run as root, so as root every server command runs as the ``postgres``
user (``runuser -u postgres --``) on a folder that user owns; as anyone else it runs as you.
"""
from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import queue
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"
REQUIRE_ENV = "WORKBOOK_REQUIRE_POSTGRES"


class ClusterUnavailable(Exception):
    """PostgreSQL cannot run here (no binaries, no postgres user): skip, or fail in CI."""


def find_bin_dir() -> Path:
    """The newest Debian PostgreSQL's bin folder (e.g. /usr/lib/postgresql/15/bin)."""
    found = [Path(d) for d in glob.glob(BIN_GLOB) if (Path(d) / "initdb").is_file()]
    if not found:
        raise ClusterUnavailable(f"needs PostgreSQL server binaries in {BIN_GLOB} "
                                 "(apt-get install -y postgresql)")
    return max(found, key=lambda d: [int(n) for n in re.findall(r"\d+", d.parent.name)] or [0])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgCluster:
    """One server for a test session. ``url(dbname)`` names a database in it;
    ``create_database()`` makes a fresh, empty one."""

    def __init__(self, bin_dir: Path | None = None):
        self.bin_dir = bin_dir or find_bin_dir()
        self.as_postgres = os.geteuid() == 0
        self._owner = _postgres_user() if self.as_postgres else None
        self.root = Path(tempfile.mkdtemp(prefix="workbook-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self.user = "postgres" if self.as_postgres else _current_user()
        self._names = itertools.count(1)
        self._running = False

    # -- running the server's tools as its owner --------------------------------------------
    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.root)

    def _check(self, result: subprocess.CompletedProcess, what: str) -> None:
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{what} failed ({result.returncode}): {result.stderr.strip()}\n{log}")

    def start(self) -> "PgCluster":
        if self.as_postgres:
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        # --no-sync only skips syncing initdb's own files; the server runs with fsync on.
        self._check(self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust",
                              "--encoding=UTF8", "--no-locale", "--no-sync"), "initdb")
        for attempt in range(5):  # a free port can be taken between finding and binding it
            self.port = _free_port()
            result = self._launch()
            if result.returncode == 0:
                self._running = True
                atexit.register(self.stop)
                return self
        self._check(result, "pg_ctl start")
        return self

    def _launch(self) -> subprocess.CompletedProcess:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=on "
                   "-c synchronous_commit=on -c full_page_writes=on -c max_connections=60")
        return self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                         "-o", options)

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def restart(self, seconds: float = 60) -> None:
        """Start the server again on the same port after it was killed (crash recovery). Its old
        backends may hold the shared memory for a moment after the postmaster died: retry."""
        deadline = time.time() + seconds
        while True:
            result = self._launch()
            if result.returncode == 0 or time.time() > deadline:
                break
            time.sleep(0.5)
        self._check(result, "pg_ctl start after a crash")
        self._running = True

    def stop(self) -> None:
        """Stop the server and remove its folder; safe to call twice."""
        if self._running:
            self._running = False
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- databases -------------------------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def admin(self):
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def create_database(self) -> str:
        """A fresh empty database; returns its URL."""
        name = f"wb_{next(self._names)}"
        with self.admin() as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class DatabasePool:
    """Fresh databases for the tests, made (and dropped) ahead of need by one thread: CREATE
    DATABASE costs 0.1-0.7 s with fsync on, and a test need not wait for it."""

    def __init__(self, cluster: PgCluster, spare: int = 2):
        self.cluster = cluster
        self._jobs: queue.Queue = queue.Queue()
        self._ready: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="pg-databases", daemon=True)
        self._thread.start()
        for _ in range(spare):
            self._jobs.put(("create", None))

    def take(self) -> str:
        """The URL of a new, empty database (a replacement is made at once)."""
        self._jobs.put(("create", None))
        made = self._ready.get(timeout=300)
        if isinstance(made, BaseException):
            raise made
        return made

    def give_back(self, url: str) -> None:
        self._jobs.put(("drop", url))

    def close(self) -> None:
        self._jobs.put(("stop", None))
        self._thread.join(timeout=120)

    def _work(self) -> None:
        while True:
            job, url = self._jobs.get()
            if job == "stop":
                return
            try:
                if job == "create":
                    self._ready.put(self.cluster.create_database())
                else:
                    self.cluster.drop_database(url)
            except Exception as exc:  # handed to the test that waits, not lost in the thread
                if job == "create":
                    self._ready.put(exc)


def _postgres_user() -> pwd.struct_passwd:
    """As root, the server runs as Debian's postgres user (initdb refuses root)."""
    if shutil.which("runuser") is None:
        raise ClusterUnavailable("running as root needs runuser to start PostgreSQL as the postgres user")
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise ClusterUnavailable("running as root needs a 'postgres' user (Debian's postgresql "
                                 "package creates it)") from None


def _current_user() -> str:
    import getpass

    return getpass.getuser()


def start_cluster() -> PgCluster:
    """Start a cluster or raise ClusterUnavailable (the caller skips, or fails in CI)."""
    try:
        import psycopg  # noqa: F401  (the PostgreSQL store's driver)
    except ImportError:
        raise ClusterUnavailable("needs the psycopg package (pip install 'psycopg[binary]')") from None
    cluster = PgCluster()
    try:
        return cluster.start()
    except BaseException:
        cluster.stop()  # leave no half-made folder behind
        raise
