"""A PostgreSQL primary with its streaming standby and Lectern app servers, on loopback.

Used by tests/deploy/test_loopback.py and bench/search_backends.py. Clusters listen on
unix sockets in temporary directories (run as the ``postgres`` user when we are root,
as scripts/with-postgres does); app servers are gunicorn on free loopback ports, each
with its own var directory, so nothing but the database is shared.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1] if found else None


def _run_as() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One PostgreSQL data directory and its server, reachable on a unix socket."""

    def __init__(self, root: Path, name: str):
        self.bindir = pg_bindir()
        self.dir = root / name
        self.dir.mkdir(parents=True)
        self.data = self.dir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.dir.chmod(0o755)

    @property
    def url(self) -> str:
        return f"postgres://lectern@/lectern?host={self.dir}&port={self.port}"

    def pg(self, program: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        argv = [*_run_as(), str(self.bindir / program), *args]
        return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs)

    def initdb(self) -> None:
        self.pg("initdb", "-D", str(self.data), "-U", "lectern", "--auth=trust", "-E", "UTF8", "-N")

    def start(self) -> None:
        options = f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=off"
        self.pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-o",
            options,
            "start",
            timeout=60,
        )

    def stop(self) -> None:
        subprocess.run(
            [
                *_run_as(),
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )

    def sql(self, statement: str, database: str = "lectern") -> str:
        return self.pg(
            "psql",
            "-h",
            str(self.dir),
            "-p",
            str(self.port),
            "-U",
            "lectern",
            "-d",
            database,
            "-Atc",
            statement,
        ).stdout.strip()

    def standby(self, root: Path, name: str) -> Cluster:
        """A streaming standby of this cluster (``pg_basebackup -R``), started."""
        standby = Cluster(root, name)
        self.pg(
            "pg_basebackup",
            "-D",
            str(standby.data),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",  # not a spread checkpoint: minutes on an idle primary
            "--no-sync",
            "-h",
            str(self.dir),
            "-p",
            str(self.port),
            "-U",
            "lectern",
            timeout=120,
        )
        standby.start()
        return standby

    def wait_streaming(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.sql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "0":
            if time.monotonic() > deadline:
                raise TimeoutError("the standby never started streaming")
            time.sleep(0.1)

    def synchronous(self) -> None:
        """Commits return once the standby has applied them: its readers never lag."""
        self.sql("ALTER SYSTEM SET synchronous_standby_names = '*'")
        self.sql("ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
        self.sql("SELECT pg_reload_conf()")


class AppServer:
    """``gunicorn portal.wsgi`` with its own var directory, on a free loopback port."""

    def __init__(self, root: Path, name: str, env: dict[str, str]):
        self.var = root / name
        self.var.mkdir(parents=True)
        self.port = free_port()
        self.env = {
            **os.environ,
            **env,
            "LECTERN_VAR_DIR": str(self.var),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """``manage.py`` with this server's settings (its database, its var directory)."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}: {result.stderr[-2000:]}")
        return result

    def start(self, timeout: float = 60) -> None:
        log = open(self.var / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "portal.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.get("/healthz")[0] in (200, 503):
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {self.log()[-2000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def log(self) -> str:
        return (self.var / "gunicorn.log").read_text(errors="replace")

    def get(self, path: str, timeout: float = 30) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def search(self, q: str) -> dict:
        status, body = self.get("/api/search?" + urllib.parse.urlencode({"q": q}))
        assert status == 200, body[:500]
        return json.loads(body)


def write_document(path: Path, title: str, words: str) -> Path:
    """A small Markdown document: two sections, a footnote, ``words`` in the first."""
    path.write_text(
        f"# {title}\n\n## Findings\n\nThe mission found {words} in the archive.[^1]\n\n"
        "## Method\n\nInterviews and records, read twice.\n\n[^1]: Archive note on the findings.\n"
    )
    return path


@contextmanager
def two_servers():
    """(root, A, B): a primary, its synchronous streaming standby, two app servers on them."""
    # Not pytest's tmp_path: its parent is private to us, and the postgres user must enter.
    root = Path(tempfile.mkdtemp(prefix="lectern-loopback."))
    root.chmod(0o755)
    primary = Cluster(root, "primary")
    primary.initdb()
    primary.start()
    clusters, apps = [primary], []
    try:
        primary.sql("CREATE DATABASE lectern", database="postgres")
        env = {
            "DATABASE_URL": primary.url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "STATIC_ROOT": str(root / "static"),
            "WEB_CONCURRENCY": "2",
        }
        first = AppServer(root, "setup", env)
        first.manage("migrate", "--noinput")
        first.manage("collectstatic", "--noinput", "--verbosity", "0")
        clusters.append(primary.standby(root, "standby"))
        primary.wait_streaming()
        primary.synchronous()
        env["DATABASE_REPLICA_URL"] = clusters[1].url
        apps = [AppServer(root, "a", env), AppServer(root, "b", env)]
        for app in apps:
            app.start()
        yield root, apps[0], apps[1]
    finally:
        for app in apps:
            app.stop()
        for cluster in reversed(clusters):
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def searches_and_reader_pages(slugs) -> tuple[str, ...]:
    """Searches (API and page, scoped, phrases, a facet) and reader pages of ``slugs``."""
    return (
        "/",
        "/api/search?q=cleansing",
        '/api/search?q="ethnic+cleansing"&in=notes',
        "/api/search?q=self-determination&type=report",
        "/api/search?q=secesion",  # a misspelling: the correction path
        "/search/?q=secession",
        '/search/?q="right+to+self-determination"',
        "/healthz",
        *(f"/d/{slug}/" for slug in slugs),
        *(f"/d/{slug}/notes/1/" for slug in slugs),
    )


@dataclass
class LoadReport:
    """What a load did: statuses, connection errors, latencies (ms), requests per kind."""

    seconds: float
    clients: int
    statuses: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> dict[int, int]:
        return {s: n for s, n in self.statuses.items() if s >= 500}

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[int(fraction * (len(ordered) - 1))] if ordered else float("nan")

    def __str__(self) -> str:
        return (
            f"{self.total:,} requests in {self.seconds:.0f} s by {self.clients} clients "
            f"({self.total / self.seconds:.1f}/s); per kind {dict(sorted(self.kinds.items()))}; "
            f"statuses {dict(sorted(self.statuses.items()))}; latency p50 "
            f"{self.percentile(0.5):.0f} ms, p95 {self.percentile(0.95):.0f} ms; "
            f"connection errors {len(self.errors)}; "
            f"server errors {sum(self.server_errors.values())}"
        )


def _kind(path: str) -> str:
    if "search" in path:
        return "search"
    return "reader" if path.startswith("/d/") else "other"


def load(servers, seconds: float, clients: int, paths, during=None) -> LoadReport:
    """``clients`` threads requesting ``paths`` of random servers for ``seconds``, while
    ``during()`` runs (once, from this thread)."""
    report = LoadReport(seconds, clients)
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            server, path = rng.choice(servers), rng.choice(paths)
            started = time.perf_counter()
            try:
                status, error = server.get(path)[0], None
            except OSError as exc:
                status, error = None, f"{server.base}{path}: {exc}"
            with lock:
                report.latencies.append((time.perf_counter() - started) * 1000)
                if error:
                    report.errors.append(error)
                else:
                    report.statuses[status] += 1
                    report.kinds[_kind(path)] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    if during:
        during()
    for thread in threads:
        thread.join()
    return report
