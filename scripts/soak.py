"""`make soak`: mixed SDK traffic against a real server while its worker is killed at random.

Starts annota-server as two processes on loopback and a throwaway data directory (SQLite, or
``--database-url``): the API (``run --api-only``, with metrics) and one operation worker. Several
threads then create, upload, annotate, list, export, import and delete through the SDK, each in
a project of its own, and ``--shared-writers`` more threads (8) upload to one shared task, save
its job's annotations and rename it all at once, while the worker process is SIGKILLed and
restarted at random. Then the
traffic stops, the worker is restarted one last time, and the script checks and prints:

- requests made (the server's own count) and answers 5xx (must be 0), and the 5xx answers of
  the concurrent writers on the shared task (must be 0);
- operations stuck, not ended once the worker had time to recover them (must be 0);
- orphaned stored objects, files no row refers to once the sweep's grace period has passed,
  and missing files, rows whose file is gone (both must be 0);
- assets and shapes in the database against what the clients saw succeed (must be equal).

Exit status 0 when every check holds. Bounded: ``--seconds`` of traffic (default 120) plus
about half a minute of start, drain and checks.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ADMIN = ("admin", "Soak-Admin-Passw0rd!")
GRACE_SECONDS = 8
"""The orphan sweep's grace period in the soak (short, so that the checks need not wait long)."""


def free_port() -> int:
    """A free loopback port (bound to 0 first)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def png(width: int, height: int) -> bytes:
    """A small PNG of random colour."""
    from PIL import Image

    out = io.BytesIO()
    colour = tuple(random.randrange(256) for _ in range(3))
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def coco_archive(images: int) -> bytes:
    """A COCO zip of ``images`` images, one box each."""
    document = {
        "images": [
            {"id": i + 1, "file_name": f"s{i}.png", "width": 16, "height": 16}
            for i in range(images)
        ],
        "categories": [{"id": 1, "name": "thing"}],
        "annotations": [
            {"id": i + 1, "image_id": i + 1, "category_id": 1, "bbox": [1, 1, 4, 4]}
            for i in range(images)
        ],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("annotations/instances_default.json", json.dumps(document))
        for i in range(images):
            archive.writestr(f"images/s{i}.png", png(16, 16))
    return out.getvalue()


class Server:
    """The API process and the worker process on one data directory."""

    def __init__(self, directory: Path, database_url: str | None) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = ["--data-dir", str(directory)]
        if database_url:
            self.args += ["--database-url", database_url]
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "gen")]),
            "ANNOTA_METRICS": "1",
            "ANNOTA_OPERATION_STALE_SECONDS": "3",
            "ANNOTA_OPERATION_MAX_ATTEMPTS": "4",
            "ANNOTA_OPERATION_POLL_SECONDS": "0.2",
            "ANNOTA_ORPHAN_GRACE_SECONDS": str(GRACE_SECONDS),
            "ANNOTA_ORPHAN_SWEEP_SECONDS": "2",
            "ANNOTA_ADMIN_PASSWORD": ADMIN[1],
        }
        self.api: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def _spawn(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        out = (self.directory / log).open("ab")
        command = [sys.executable, "-m", "annota_server", *args, *self.args]
        return subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT)

    def start(self) -> None:
        """Migrate, create the admin, start both processes and wait for the API."""
        created = self._spawn("createadmin", "--username", ADMIN[0], log="setup.log")
        if created.wait(60) != 0:
            sys.exit((self.directory / "setup.log").read_text())
        self.api = self._spawn(
            "run", "--api-only", "--host", "127.0.0.1", "--port", str(self.port), log="api.log"
        )
        self.start_worker()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/api/server/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        sys.exit(f"the API did not start:\n{(self.directory / 'api.log').read_text()}")

    def start_worker(self) -> None:
        """Start (again) the operation worker."""
        self.worker = self._spawn("worker", log="worker.log")

    def kill_worker(self) -> None:
        """SIGKILL the worker: no shutdown, no re-queue."""
        if self.worker is not None and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGKILL)
            self.worker.wait()
            self.kills += 1

    def metrics(self) -> tuple[int, int]:
        """Requests the API answered and how many of them with 5xx (its own counters)."""
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=10) as response:
            text = response.read().decode()
        total = errors = 0
        for line in text.splitlines():
            if line.startswith("annota_http_requests_total{"):
                value = int(float(line.rsplit(" ", 1)[1]))
                total += value
                if 'status="5' in line:
                    errors += value
        return total, errors

    def stop(self) -> None:
        """Stop both processes."""
        for process in (self.worker, self.api):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()


@dataclass
class Tally:
    """What one client thread saw."""

    project_id: int = 0
    assets: int = 0
    shapes: int = 0
    calls: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    pending: list[tuple[int, int]] = field(default_factory=list)
    """Imports whose outcome the client did not see (operation id, images)."""


def client_loop(url: str, stop: threading.Event, tally: Tally, workdir: Path) -> None:
    """One client: a project of its own and a random mix of operations until ``stop``."""
    import annota
    from annota import shapes
    from annota.errors import (
        ApiError,
        OperationFailedError,
        OperationTimeoutError,
        ServerError,
    )

    host, port = url.removeprefix("http://").split(":")
    with annota.make_client(f"http://{host}", port=int(port), credentials=ADMIN) as client:
        name = f"soak-{threading.get_ident()}-{random.randrange(10**6)}"
        project = client.projects.create(
            {"name": name, "type": "detection", "labels": [{"name": "thing", "color": "#ff0000"}]}
        )
        tally.project_id = project.id
        label = project.labels[0]
        task = client.tasks.create({"project": project.id, "name": "own", "segment_size": 5})
        anchor_path = workdir / "anchor.png"
        anchor_path.write_bytes(png(16, 16))
        anchor = task.upload_assets([anchor_path])[0]
        tally.assets += 1
        others: list[Any] = []
        archive = workdir / "dataset.zip"
        archive.write_bytes(coco_archive(2))
        weights = {
            "upload": 4,
            "annotate": 3,
            "list": 4,
            "delete": 2,
            "export": 1,
            "import": 1,
        }
        actions, odds = zip(*weights.items(), strict=True)
        while not stop.is_set():
            action = random.choices(actions, odds)[0]
            tally.calls[action] += 1
            try:
                if action == "upload":
                    paths = []
                    for n in range(2):
                        path = workdir / f"u{n}.png"
                        path.write_bytes(png(12, 12))
                        paths.append(path)
                    others += task.upload_assets(paths)
                    tally.assets += 2
                elif action == "annotate":
                    count = random.randint(0, 3)
                    boxes = [shapes.bbox(anchor, label, 1, 1, 5 + i, 5 + i) for i in range(count)]
                    # Shapes live on the anchor only, which is never deleted.
                    before = len(task.get_annotations().shapes)
                    task.set_annotations(boxes)
                    tally.shapes += count - before
                elif action == "list":
                    project.get_tasks().to_list()
                    task.get_assets().to_list()
                elif action == "delete" and others:
                    others.pop(random.randrange(len(others))).remove()
                    tally.assets -= 1
                elif action == "export":
                    project.export_dataset("coco", workdir / "export.zip", timeout=60)
                elif action == "import":
                    operation = project.start_import("coco", archive)
                    try:
                        operation.wait(timeout=60, poll_interval=0.2)
                        tally.assets += 2
                        tally.shapes += 2
                    except OperationTimeoutError:
                        tally.pending.append((operation.id, 2))
                        raise
            except OperationFailedError:  # a kill can fail an operation for good: no rows
                tally.failures[action] += 1
            except OperationTimeoutError:
                tally.failures[f"{action} (timeout)"] += 1
            except ServerError as exc:
                tally.server_errors.append(f"{action}: {exc}")
            except ApiError as exc:
                tally.failures[f"{action} ({exc.status})"] += 1


def database_counts(server: Server, database_url: str | None, projects: list[int]) -> Any:
    """Assets and shapes per project, straight from the database."""
    import sqlalchemy as sa

    url = database_url or f"sqlite:///{server.directory / 'annota.db'}"
    engine = sa.create_engine(url)
    counts: dict[int, tuple[int, int]] = {}
    with engine.connect() as connection:
        for project in projects:
            assets = connection.scalar(
                sa.text("SELECT count(*) FROM assets WHERE project_id = :p"), {"p": project}
            )
            # Live shapes only: a replacement's staged or superseded rows are nobody's.
            live_shapes = (
                "SELECT count(*) FROM shapes JOIN jobs ON jobs.id = shapes.job_id "
                "WHERE shapes.project_id = :p AND shapes.generation = jobs.shapes_generation"
            )
            shapes = connection.scalar(sa.text(live_shapes), {"p": project})
            counts[project] = (int(assets or 0), int(shapes or 0))
        needed = set(connection.scalars(sa.text("SELECT storage_key FROM assets")))
        query = "SELECT result_key FROM operations WHERE result_key IS NOT NULL"
        needed |= set(connection.scalars(sa.text(query)))
        # An ended import's input_key still names its upload, deleted by then: not needed.
        query = "SELECT input_key FROM operations WHERE input_key IS NOT NULL"
        keys = needed | set(connection.scalars(sa.text(query)))
        live = connection.scalar(
            sa.text("SELECT count(*) FROM operations WHERE status IN ('queued', 'running')")
        )
        rows = connection.execute(sa.text("SELECT id, status FROM operations"))
        statuses = {int(row[0]): str(row[1]) for row in rows}
    engine.dispose()
    return counts, keys, needed, int(live or 0), statuses


def stored_keys(server: Server) -> set[str]:
    """Every file in the local storage, partial files included."""
    root = server.directory / "storage"
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def shared_writer(
    url: str, stop: threading.Event, tally: Tally, workdir: Path, shared: dict[str, int]
) -> None:
    """A writer on the one task every writer shares: uploads, job annotation saves, renames.

    Together they are the load that once deadlocked PostgreSQL (16 threads on one task): any
    5xx here counts against the soak.
    """
    import annota
    from annota import shapes
    from annota.errors import ApiError, ServerError

    host, port = url.removeprefix("http://").split(":")
    with annota.make_client(f"http://{host}", port=int(port), credentials=ADMIN) as client:
        task = client.tasks.retrieve(shared["task"])
        job = client.jobs.retrieve(shared["job"])
        path = workdir / "shared.png"
        path.write_bytes(png(16, 16))
        while not stop.is_set():
            action = random.choice(("shared upload", "shared annotate", "shared rename"))
            tally.calls[action] += 1
            try:
                if action == "shared upload":
                    task.upload_assets([path])
                    tally.assets += 1
                elif action == "shared annotate":
                    box = shapes.bbox(shared["anchor"], shared["label"], 1, 1, 4, 4)
                    job.update_annotations(create=[box])
                    tally.shapes += 1
                else:
                    task.update(name=f"shared-{random.randrange(10**6)}")
            except ServerError as exc:
                tally.server_errors.append(f"{action}: {exc}")
            except ApiError as exc:
                tally.failures[f"{action} ({exc.status})"] += 1


def shared_task(url: str, workdir: Path) -> dict[str, int]:
    """The project and task the shared writers all write to, with one asset to draw on."""
    import annota

    host, port = url.removeprefix("http://").split(":")
    with annota.make_client(f"http://{host}", port=int(port), credentials=ADMIN) as client:
        project = client.projects.create(
            {"name": f"soak-shared-{random.randrange(10**6)}", "type": "detection",
             "labels": [{"name": "thing"}]}
        )  # fmt: skip
        task = client.tasks.create(
            {"project": project.id, "name": "shared", "segment_size": 100_000}
        )
        path = workdir / "anchor.png"
        path.write_bytes(png(16, 16))
        anchor = task.upload_assets([path])[0]
        return {
            "project": project.id,
            "task": task.id,
            "job": anchor.job,
            "anchor": anchor.id,
            "label": project.labels[0].id,
        }


def soak(
    seconds: float, threads: int, database_url: str | None, workdir: Path, shared_writers: int = 0
) -> int:
    """Run the soak; print the figures; return the exit status (0: every check holds)."""
    server = Server(workdir, database_url)
    server.start()
    stop = threading.Event()
    tallies = [Tally() for _ in range(threads)]
    clients = []
    try:
        for n, tally in enumerate(tallies):
            folder = workdir / f"client{n}"
            folder.mkdir()
            thread = threading.Thread(
                target=client_loop, args=(server.url, stop, tally, folder), daemon=True
            )
            thread.start()
            clients.append(thread)
        shared: dict[str, int] = {}
        shared_tallies = [Tally() for _ in range(shared_writers)]
        if shared_writers:
            folder = workdir / "shared"
            folder.mkdir()
            shared = shared_task(server.url, folder)
            for n, tally in enumerate(shared_tallies):
                tally.project_id = shared["project"]
                folder = workdir / f"shared{n}"
                folder.mkdir()
                thread = threading.Thread(
                    target=shared_writer,
                    args=(server.url, stop, tally, folder, shared),
                    daemon=True,
                )
                thread.start()
                clients.append(thread)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(random.uniform(1.0, 3.0))
            server.kill_worker()
            time.sleep(random.uniform(0.0, 1.0))
            server.start_worker()
        stop.set()
        for thread in clients:
            thread.join(120)
        # One clean restart: it recovers what the last kill left, and sweeps at start.
        server.kill_worker()
        server.start_worker()
        drain = time.monotonic() + max(30, GRACE_SECONDS * 3)
        projects = [tally.project_id for tally in tallies if tally.project_id]
        if shared:
            projects.append(shared["project"])
        while True:
            counts, referenced, needed, live, statuses = database_counts(
                server, database_url, projects
            )
            orphans = stored_keys(server) - referenced
            if (not live and not orphans) or time.monotonic() > drain:
                break
            time.sleep(1)
        requests, server_5xx = server.metrics()
    finally:
        stop.set()
        server.stop()
    missing = needed - stored_keys(server)
    for tally in tallies:  # imports the clients stopped waiting for: count them if they ended
        for operation_id, images in tally.pending:
            if statuses.get(operation_id) == "finished":
                tally.assets += images
                tally.shapes += images
    mismatched = [
        f"project {t.project_id}: database {counts.get(t.project_id)} != seen ({t.assets}, "
        f"{t.shapes})"
        for t in tallies
        if counts.get(t.project_id) != (t.assets, t.shapes)
    ]
    if shared:  # the anchor, and what every shared writer saw succeed
        seen = (
            1 + sum(t.assets for t in shared_tallies),
            sum(t.shapes for t in shared_tallies),
        )
        if counts.get(shared["project"]) != seen:
            mismatched.append(
                f"shared project {shared['project']}: database "
                f"{counts.get(shared['project'])} != seen {seen}"
            )
    everyone = [*tallies, *shared_tallies]
    client_5xx = [error for tally in everyone for error in tally.server_errors]
    shared_5xx = [error for tally in shared_tallies for error in tally.server_errors]
    calls = sum((tally.calls for tally in everyone), Counter())
    failures = sum((tally.failures for tally in everyone), Counter())
    print(f"soak: {seconds:.0f} s, {threads} client threads, worker killed {server.kills} times")
    print(f"requests made: {requests} (SDK calls: {dict(calls)})")
    print(f"answers 5xx: {server_5xx} (seen by clients: {len(client_5xx)})")
    print(f"concurrent writers on one task: {shared_writers}; their answers 5xx: {len(shared_5xx)}")
    print(f"operations failed or timed out after kills (no rows, allowed): {dict(failures)}")
    print(f"operations stuck: {live}")
    print(f"orphaned stored objects: {len(orphans)}; missing files: {len(missing)}")
    total_assets = sum(c[0] for c in counts.values())
    total_shapes = sum(c[1] for c in counts.values())
    print(
        f"rows: {total_assets} assets, {total_shapes} shapes; "
        f"differing from what clients saw: {len(mismatched)}"
    )
    for line in [*client_5xx[:5], *sorted(orphans)[:5], *sorted(missing)[:5], *mismatched]:
        print(f"  {line}")
    ok = not (server_5xx or client_5xx or live or orphans or missing or mismatched)
    print("soak: OK" if ok else "soak: FAILED")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the soak in a temporary directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="traffic time (120)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (4)")
    parser.add_argument("--database-url", help="a PostgreSQL URL; default: SQLite")
    parser.add_argument("--seed", type=int, help="random seed, to repeat a run")
    parser.add_argument(
        "--shared-writers", type=int, default=8, help="concurrent writers on one shared task (8)"
    )
    args = parser.parse_args(argv)
    random.seed(args.seed)
    with tempfile.TemporaryDirectory(prefix="annota-soak-") as directory:
        return soak(
            args.seconds, args.threads, args.database_url, Path(directory), args.shared_writers
        )


if __name__ == "__main__":
    raise SystemExit(main())
