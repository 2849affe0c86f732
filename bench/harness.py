"""What every benchmark shares: scale, interleaved timing, servers, PostgreSQL, machine facts.

Nothing here measures anything by itself. The benchmark modules use:

- :func:`interleaved` to alternate candidate and baseline rounds and :func:`median`;
- :class:`Server` to run annota-server on a free loopback port with a temporary data dir;
- :class:`Postgres` for a throwaway PostgreSQL cluster;
- :class:`Context` for what several benchmarks need once per run (the shared SQLite server with
  its data, the stock generated client, the cvat-sdk venv), prepared before any timing starts.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
PYTHON = sys.executable
CVAT_SDK_VERSION = "2.80.0"
CVAT_VENV = WORK / "cvat-venv"
STOCK_DIR = WORK / "stock"
ADMIN = "admin"

# --------------------------------------------------------------------------------------------
# scale


@dataclass(frozen=True)
class Scale:
    """How much each benchmark does. FULL is what RESULTS.md reports; QUICK is for debugging."""

    name: str = "full"
    per_call_calls: int = 2000  # per client, in total, split evenly over the rounds
    per_call_rounds: int = 8
    per_call_warmup: int = 30
    listing_sizes: tuple[int, int] = (10_000, 100_000)
    listing_rounds: int = 7
    listing_sdk_created: int = 1000  # projects created through the SDK; the rest are copies
    listing_traced: bool = True  # one more untimed walk per size under tracemalloc
    deser_items: int = 10_000
    deser_rounds: int = 11
    cvat_items: int = 10_000  # deserialized in total, in chunks of cvat_chunk per round
    cvat_chunk: int = 1000
    import_rounds: int = 9
    load_seconds: float = 5.0  # per scenario, in total over the rounds
    load_rounds: int = 7
    load_connections: int = 4
    load_projects: int = 150
    transfer_side: int = 4000  # a random-pixel PNG of side x side: about 48 MB
    transfer_rounds: int = 5


FULL = Scale()
QUICK = replace(
    FULL,
    name="quick",
    per_call_calls=200,
    per_call_rounds=4,
    per_call_warmup=10,
    listing_sizes=(2000, 6000),
    listing_rounds=3,
    listing_sdk_created=100,
    deser_items=1000,
    deser_rounds=3,
    cvat_items=300,
    cvat_chunk=100,
    import_rounds=3,
    load_seconds=1.5,
    load_rounds=3,
    load_projects=110,
    transfer_side=1200,
    transfer_rounds=3,
)

# --------------------------------------------------------------------------------------------
# results


@dataclass
class Target:
    """One goal from the brief, judged on figures measured in this run."""

    name: str
    measured: str
    goal: str
    met: bool | None  # None: could not be measured

    @property
    def verdict(self) -> str:
        return {True: "met", False: "**missed**", None: "not measured"}[self.met]


@dataclass
class Section:
    """One benchmark's part of RESULTS.md."""

    title: str
    lines: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def para(self, *text: str) -> None:
        self.lines.extend(text)
        self.lines.append("")

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        self.lines.append("| " + " | ".join(headers) + " |")
        self.lines.append("|" + "|".join("---" for _ in headers) + "|")
        for row in rows:
            self.lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
        self.lines.append("")


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "n/a"


def num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


# --------------------------------------------------------------------------------------------
# timing


def median(values: Iterable[float]) -> float:
    return float(statistics.median(list(values)))


def interleaved(
    variants: dict[str, Callable[[], Any]], rounds: int, *, log: Callable[[str], None] | None = None
) -> dict[str, list[Any]]:
    """Run every variant once per round, rotating the order each round; return each's results.

    Rotating means each variant runs first, second, ... equally often, so a slow drift of the
    machine (or the server warming up) does not favour whichever always runs first.
    """
    names = list(variants)
    results: dict[str, list[Any]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(variants[name]())
        if log:
            log(f"round {index + 1}/{rounds} done")
    return results


def profile_top(call: Callable[[], Any], count: int = 12) -> list[tuple[str, str, str]]:
    """cProfile ``call()`` in CPU time; the functions with the most own time.

    Rows are (where, share of own time, share cumulative). CPU time (``time.process_time``)
    leaves out the time spent waiting for the server. Used when a target is missed, so that
    RESULTS.md names where the client's time goes.
    """
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(call)
    stats = pstats.Stats(profiler)
    total = max(sum(row[2] for row in stats.stats.values()), 1e-12)  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])  # type: ignore[attr-defined]
    top = []
    for (filename, line, function), (_, _, own, cumulative, _) in rows[:count]:
        where = filename.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "")
        top.append(
            (f"`{where}:{line}({function})`", f"{own / total:.0%}", f"{cumulative / total:.0%}")
        )
    return top


def logger(prefix: str) -> Callable[[str], None]:
    start = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - start:7.1f}s] {prefix}: {message}", flush=True)

    return log


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every process the harness starts.

    Byte-code caches always on, in bench/.work/pycache: a machine (like this one) may set
    PYTHONDONTWRITEBYTECODE, and then the editable ``annota`` would be compiled from source on
    every import while pip-installed packages (urllib3, cvat_sdk) load their .pyc files, which
    is neither fair nor what a user who installs a wheel gets.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env.update(extra)
    return env


def run_json(
    command: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Any:
    """Run a worker process and return the JSON it prints on its last line of output."""
    done = subprocess.run(
        list(command),
        cwd=cwd or ROOT,
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{command[:4]} failed with exit code {done.returncode}:\n{done.stderr[-3000:]}"
        )
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"{command[:4]} printed nothing:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


def worker_command(module: str, args: dict[str, Any]) -> list[str]:
    return [PYTHON, "-m", f"bench.{module}", "--worker", json.dumps(args)]


class SteppedWorker:
    """A worker process (``worker_command(module, args)``) that prints one JSON line when it is
    ready and one more each time it is sent a line: a benchmark steps it round by round."""

    def __init__(self, module: str, args: dict[str, Any]) -> None:
        self.module = module
        self.process = subprocess.Popen(
            worker_command(module, args),
            cwd=ROOT,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.ready = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            assert self.process.stderr is not None
            self.process.wait(timeout=30)
            tail = self.process.stderr.read()[-3000:]
            raise RuntimeError(f"{self.module} worker failed:\n{tail}")
        result: dict[str, Any] = json.loads(line)
        return result

    def step(self) -> dict[str, Any]:
        """Ask for one more round; return what the worker printed."""
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        return self._read()

    def close(self, *, wait: float = 0.0) -> None:
        """End the worker: closing its input asks it to stop, and after ``wait`` seconds it is
        killed."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


# --------------------------------------------------------------------------------------------
# machine and versions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def os_name() -> str:
    with contextlib.suppress(OSError):
        text = Path("/etc/os-release").read_text()
        found = re.search(r'^PRETTY_NAME="?([^"\n]*)"?', text, re.M)
        if found:
            return f"{found.group(1)}, Linux {platform.release()}"
    return platform.platform()


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "n/a"


def memory_total() -> str:
    with contextlib.suppress(OSError):
        found = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        if found:
            return f"{int(found.group(1)) / 1024**2:.0f} GiB"
    return "n/a"


def machine_info() -> dict[str, str]:
    cores = os.cpu_count() or 0
    with contextlib.suppress(AttributeError):
        cores = len(os.sched_getaffinity(0))
    return {
        "CPU": cpu_model(),
        "cores": str(cores),
        "memory": memory_total(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": os_name(),
    }


def dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


# --------------------------------------------------------------------------------------------
# annota-server


def _get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return int(answer.status)


class Server:
    """annota-server in a subprocess on a free loopback port, with its own temporary data dir.

    The administrator ``admin`` is created with a random password before the server starts.
    """

    def __init__(
        self, *, database_url: str | None = None, workers: int = 1, label: str = ""
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        self.label = label or ("postgresql" if database_url else "sqlite")
        self.password = secrets.token_urlsafe(16)
        self.data_dir = Path(tempfile.mkdtemp(prefix="annota-bench-server-"))
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log = self.data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def credentials(self) -> tuple[str, str]:
        return (ADMIN, self.password)

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "annota.db"

    def _storage(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def start(self, timeout: float = 90.0) -> Server:
        subprocess.run(
            [PYTHON, "-m", "annota_server", "createadmin", "--username", ADMIN, "--password-stdin"]
            + self._storage(),
            input=self.password + "\n",
            text=True,
            check=True,
            capture_output=True,
            timeout=timeout,
            env=child_env(),
        )
        for _attempt in range(3):
            self.port = free_port()
            command = [PYTHON, "-m", "annota_server", "run", "--host", "127.0.0.1"]
            command += ["--port", str(self.port), "--workers", str(self.workers)]
            with self._log.open("ab") as log:
                self.process = subprocess.Popen(
                    command + self._storage(),
                    env=child_env(),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                with contextlib.suppress(OSError):
                    if _get(self.url + "/api/server/about") == 200:
                        return self
                time.sleep(0.1)
            if self.process.poll() is None:
                break  # running but not answering: a real failure, not a port race
            # The port was taken between free_port() and uvicorn's bind: try another.
        tail = self._log.read_text(errors="replace")[-3000:] if self._log.exists() else ""
        self.stop()
        raise RuntimeError(f"annota-server ({self.label}) did not start:\n{tail}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            # The server runs in its own session: signal its process group (uvicorn workers).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------------------------
# PostgreSQL


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb, or initdb on PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Postgres:
    """A throwaway PostgreSQL cluster in a temporary directory, on a free loopback port."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="annota-bench-pg-"))
        self.port = 0
        self.running = False

    def _run(self, *args: str) -> str:
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr or done.stdout}")
        return done.stdout

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://annota@127.0.0.1:{self.port}/postgres"

    def version(self) -> str:
        if self.bin is None:
            return "not installed"
        done = subprocess.run(
            [str(self.bin / "postgres"), "--version"], capture_output=True, text=True, check=False
        )
        return done.stdout.strip().replace("postgres (PostgreSQL) ", "PostgreSQL ")

    def start(self) -> Postgres:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.dir / "db"), "-A", "trust", "-U", "annota")
        self.port = free_port()
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", "-D", str(self.dir / "db"), "-o", options, "-l", str(self.dir / "log"),
            "-w", "start",
        )  # fmt: skip
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "-D", str(self.dir / "db"), "-m", "fast", "-w", "stop")
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Postgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------------------------
# data

LABEL_NAMES = (
    "car", "pedestrian", "cyclist", "truck", "bus", "traffic light", "traffic sign", "dog",
    "motorcycle", "stroller",
)  # fmt: skip
KINDS = ("bbox", "polygon", "points", "polyline", "tag", "any")
TYPES = ("detection", "segmentation", "classification", "keypoints")


def project_spec(index: int, prefix: str = "project") -> dict[str, Any]:
    """A realistic project to create: a description, 4 to 6 labels with colors and kinds."""
    count = 4 + index % 3
    labels = [
        {
            "name": LABEL_NAMES[(index + k) % len(LABEL_NAMES)],
            "color": f"#{(index * 40503 + k * 2654435) % 0xFFFFFF:06x}",
            "kind": KINDS[(index + k) % len(KINDS)],
        }
        for k in range(count)
    ]
    return {
        "name": f"{prefix} {index:06d} street scenes",
        "type": TYPES[index % len(TYPES)],
        "description": (
            f"Capture campaign {index % 97}: dash-cam frames from city and highway drives, "
            "day and night. Draw a tight box or polygon around every road user."
        ),
        "labels": labels,
    }


def create_projects(
    client: Any, count: int, *, prefix: str = "project", threads: int = 3
) -> list[int]:
    """Create projects through the SDK (a few threads: the server answers them one by one)."""

    def one(index: int) -> int:
        return int(client.projects.create(project_spec(index, prefix)).id)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, range(count)))


def copy_projects(db_path: Path, workspace_id: int, total: int) -> int:
    """Bring a workspace to ``total`` projects by copying its projects (and their labels).

    Used for the listing data: only the first projects are created through the SDK (each is a
    POST); the rest are copies of those rows made with sqlite3 in the server's database file,
    with a new id and a distinct name. Returns how many were copied.
    """
    con = sqlite3.connect(db_path, timeout=30)
    try:
        with con:
            columns = "workspace_id, owner_id, name, description, type, status, created_at, "
            columns += "updated_at, version"
            templates = con.execute(
                f"SELECT id, {columns} FROM projects WHERE workspace_id = ? ORDER BY id",
                (workspace_id,),
            ).fetchall()
            if not templates:
                raise RuntimeError(f"workspace {workspace_id} has no project to copy")
            missing = total - len(templates)
            if missing <= 0:
                return 0
            labels: dict[int, list[tuple[Any, ...]]] = {}
            for row in con.execute(
                "SELECT project_id, workspace_id, name, color, kind, version FROM labels "
                "WHERE workspace_id = ? ORDER BY id",
                (workspace_id,),
            ):
                labels.setdefault(row[0], []).append(row[1:])
            first_id = int(con.execute("SELECT COALESCE(MAX(id), 0) FROM projects").fetchone()[0])
            project_rows = []
            label_rows = []
            for k in range(missing):
                source = templates[k % len(templates)]
                new_id = first_id + 1 + k
                project_rows.append(
                    (new_id, source[1], source[2], f"{source[3]} copy {k}", *source[4:])
                )
                label_rows.extend((new_id, *label) for label in labels.get(source[0], ()))
            con.executemany(
                f"INSERT INTO projects (id, {columns}) VALUES (?,?,?,?,?,?,?,?,?,?)", project_rows
            )
            con.executemany(
                "INSERT INTO labels (project_id, workspace_id, name, color, kind, version) "
                "VALUES (?,?,?,?,?,?)",
                label_rows,
            )
        return missing
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# the run's shared state


@dataclass
class ListingData:
    workspaces: dict[int, str]  # item count -> workspace slug
    sdk_created: int
    copied: int
    seconds: float


class Context:
    """What several benchmarks share, made once per run before any timing starts."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self.log = logger("setup")
        self._server: Server | None = None
        self._client: Any = None
        self.token = ""
        self.project_id = 0  # the realistic project that per-call and first-request retrieve
        self.listing: ListingData | None = None
        self.stock_error: str | None = None
        self.stock_ready = False
        self.cvat_python: Path | None = None
        self.cvat_error: str | None = None
        self.cvat_versions = ""
        self.notes: list[str] = []

    # -- the shared SQLite server --------------------------------------------------------------

    @property
    def server(self) -> Server:
        if self._server is None:
            self.log("starting annota-server on SQLite")
            self._server = Server(label="sqlite").start()
            import annota

            self._client = annota.make_client(
                self._server.url, credentials=self._server.credentials
            )
            self.token = self._client.api.token
            self.project_id = int(self._client.projects.create(project_spec(1, "retrieve")).id)
        return self._server

    @property
    def client(self) -> Any:
        _ = self.server
        return self._client

    def listing_data(self) -> ListingData:
        """Two workspaces holding exactly the listing sizes' numbers of projects."""
        if self.listing is None:
            start = time.perf_counter()
            sizes = self.scale.listing_sizes
            per_workspace = max(1, self.scale.listing_sdk_created // len(sizes))
            workspaces: dict[int, str] = {}
            copied = created = 0
            for size in sizes:
                slug = f"bench-{size}"
                workspace = self.client.workspaces.create(
                    {"slug": slug, "name": f"{size} projects"}
                )
                scoped = self.client.with_workspace(slug)
                count = min(size, per_workspace)
                self.log(f"creating {count} projects through the SDK in workspace {slug}")
                create_projects(scoped, count, prefix=slug)
                copied += copy_projects(self.server.sqlite_path, int(workspace.id), size)
                created += count
                workspaces[size] = slug
            self.listing = ListingData(workspaces, created, copied, time.perf_counter() - start)
            self.log(f"listing data ready in {self.listing.seconds:.1f}s ({copied} copied rows)")
        return self.listing

    # -- the stock openapi-python-client output ------------------------------------------------

    def _generate_stock(self) -> None:
        target = STOCK_DIR / "stock_api"
        shutil.rmtree(target, ignore_errors=True)
        STOCK_DIR.mkdir(parents=True, exist_ok=True)
        generator = Path(PYTHON).parent / "openapi-python-client"
        env = dict(
            os.environ, PATH=f"{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        )
        done = subprocess.run(
            [str(generator), "generate", "--path", "openapi.yaml", "--meta", "none"]
            + ["--output-path", str(target.relative_to(ROOT))],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0 or not (target / "__init__.py").exists():
            self.stock_error = f"generation failed: {(done.stderr or done.stdout)[-500:]}"
            return
        self.stock_ready = True

    # -- cvat-sdk, in a venv of its own --------------------------------------------------------

    def _cvat_venv(self) -> None:
        python = CVAT_VENV / "bin" / "python"
        check = [str(python), "-c", "import cvat_sdk.version as v; print(v.VERSION)"]
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            found = subprocess.run(check, capture_output=True, text=True, timeout=60, check=False)
            if found.returncode == 0 and found.stdout.strip() == CVAT_SDK_VERSION:
                self.cvat_python = python
                return
        shutil.rmtree(CVAT_VENV, ignore_errors=True)
        base = shutil.which("python3") or PYTHON
        steps = [
            [base, "-m", "venv", str(CVAT_VENV)],
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
             f"cvat-sdk=={CVAT_SDK_VERSION}"],
        ]  # fmt: skip
        for step in steps:
            try:
                done = subprocess.run(
                    step, capture_output=True, text=True, timeout=240, check=False
                )
            except (OSError, subprocess.SubprocessError) as exc:
                self.cvat_error = f"{' '.join(step[:4])}: {exc}"
                return
            if done.returncode != 0:
                lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
                self.cvat_error = f"`{' '.join(step[2:6])}` failed: {lines[-1][:300]}"
                return
        self.cvat_python = python

    # -- preparing ------------------------------------------------------------------------------

    def prepare(self, needs: set[str]) -> None:
        """Make what the selected benchmarks need; cvat/stock set-up overlaps the seeding."""
        background: list[threading.Thread] = []
        if "cvat" in needs:
            self.log(f"installing cvat-sdk=={CVAT_SDK_VERSION} into {CVAT_VENV}")
            background.append(threading.Thread(target=self._cvat_venv, daemon=True))
        if "stock" in needs:
            self.log("generating the stock openapi-python-client package")
            background.append(threading.Thread(target=self._generate_stock, daemon=True))
        for thread in background:
            thread.start()
        if needs & {"server", "listing"}:
            _ = self.server
        if "listing" in needs:
            self.listing_data()
        for thread in background:
            thread.join()
        if "cvat" in needs:
            self.log(f"cvat-sdk: {self.cvat_python or self.cvat_error}")
        if "stock" in needs:
            self.log(f"stock client: {'ready' if self.stock_ready else self.stock_error}")

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close()
        if self._server is not None:
            self._server.stop()
