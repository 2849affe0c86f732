"""S3 storage: asset transfers through annota-server against boto3 alone, exports and imports.

moto's standalone S3 server runs in a process of its own on a loopback port (it is slow: a
pure-Python S3, so every figure here is dominated by it, and reported as it is). Three
annota-servers on SQLite: one storing on S3 (a bucket of that moto), one the same with
``ANNOTA_STORAGE_REDIRECT=1``, and one on a local directory.

- transfers: a random-pixel PNG (S and L MiB), per interleaved round (order rotating):
  ``task.upload_assets([path])`` / ``asset.download(path)`` through annota-server on S3,
  against boto3's own ``upload_file`` / ``download_file`` of the same bytes to the same moto
  (the floor: what any S3 client pays). Downloads also through the 307 redirect (the SDK
  fetches the presigned URL from moto itself). The server's resident memory (VmRSS, sampled
  every 20 ms from /proc) is reported as its peak during each transfer over its value just
  before, for both sizes: flat means the same at S and at L.
- datasets: an annota-format export with images of a project of ``ASSETS`` images and its
  shapes, and the import of that archive into a new project, on S3 against on a local
  directory, interleaved rounds; time from the request to the end (the export's download
  included).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.harness import ROOT, Context, Section, Server, Target, interleaved, logger, median

if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from support.s3 import CREDENTIALS, S3Endpoint  # noqa: E402

NEEDS: set[str] = set()
SPEED_TARGET = 1.3  # time through annota-server on S3, at most this many times boto3's alone
MEMORY_TARGET = 0.05  # the server's extra RSS at L over S, as a share of the extra file size


def _sizes(ctx: Context) -> tuple[int, int]:
    """Image sides of the small and the large file: about 16 and 250 MiB (quick: 1, 16)."""
    return (600, 2400) if ctx.scale.name == "quick" else (2365, 9400)


def _image(path: Path, side: int) -> Path:
    from PIL import Image

    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, compress_level=0)
    return path


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    """Set environment variables while a server starts (the harness passes on os.environ)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _RssPeak:
    """Samples a process's VmRSS on a thread while a transfer runs; its peak over ``baseline``."""

    def __init__(self, pid: int, baseline: int = 0) -> None:
        self._status = Path(f"/proc/{pid}/status")
        self.peak = 0
        self.baseline = baseline
        self._stop = threading.Event()

    def rss(self) -> int:
        for line in self._status.read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) * 1024
        return 0

    def __enter__(self) -> _RssPeak:
        self.peak = self.rss()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


def _timed(call: Any, before: Any = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _client(server: Server) -> Any:
    import annota

    return annota.make_client(server.url, credentials=server.credentials)


def run(ctx: Context) -> Section:
    import boto3

    log = logger("s3_transfer")
    work = Path(tempfile.mkdtemp(prefix="annota-bench-s3-"))
    quick = ctx.scale.name == "quick"
    rounds = 3 if quick else 5
    section = Section("S3 storage: transfers against boto3, datasets against a local directory")
    with contextlib.ExitStack() as stack:
        endpoint = stack.enter_context(S3Endpoint())
        log(f"moto S3 server on {endpoint.url}")
        floor_bucket = endpoint.new_bucket("floor")
        servers: dict[str, Server] = {}
        for label, extra in (("s3", {}), ("s3-redirect", {"ANNOTA_STORAGE_REDIRECT": "1"})):
            env = endpoint.server_env(endpoint.new_bucket(label), "annota", **extra)
            with _environ(**env):
                servers[label] = stack.enter_context(Server(label=label))
        servers["local"] = stack.enter_context(Server(label="local"))
        clients = {label: stack.enter_context(_client(server)) for label, server in servers.items()}
        boto = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint.url,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
        )
        section.versions["boto3"] = boto3.__version__
        section.versions["moto"] = _version("moto")

        # ------------------------------------------------------------------ transfers
        rows: list[list[str]] = []
        memory: dict[str, dict[str, int]] = {}
        file_sizes: dict[str, int] = {}
        ratios: dict[str, dict[str, float]] = {}
        server_pid = servers["s3"].process.pid if servers["s3"].process else 0
        out = work / "out"
        out.mkdir()

        def clear() -> None:
            for leftover in out.iterdir():
                leftover.unlink()

        def boto_get(target: Path) -> None:
            """One streamed GET, as the server does it (download_file splits it in ranges)."""
            body = boto.get_object(Bucket=floor_bucket, Key="kept.png")["Body"]
            with target.open("wb") as stream:
                for chunk in body.iter_chunks(1024 * 1024):
                    stream.write(chunk)

        # The server's resident memory after a first small transfer each way: every later
        # peak is measured over it, so a peak that grew with the file would show at L.
        warm = clients["s3"].tasks.create(
            {"project": clients["s3"].projects.create({"name": "w", "type": "detection"}).id,
             "name": "w"}
        )  # fmt: skip
        (tiny,) = warm.upload_assets([_image(work / "tiny.png", 64)])
        tiny.download(out / "tiny.png")
        clear()
        baseline = _RssPeak(server_pid).rss()

        for name, side in zip(("S", "L"), _sizes(ctx), strict=True):
            path = _image(work / f"noise-{name}.png", side)
            size = file_sizes[name] = path.stat().st_size
            log(f"{name}: {size / 2**20:.1f} MiB")
            projects = {
                label: clients[label].projects.create({"name": f"s3-{name}", "type": "detection"})
                for label in ("s3", "s3-redirect")
            }
            tasks = {
                label: clients[label].tasks.create({"project": project.id, "name": "t"})
                for label, project in projects.items()
            }
            (asset,) = tasks["s3"].upload_assets([path])
            (redirected,) = tasks["s3-redirect"].upload_assets([path])
            boto.upload_file(str(path), floor_bucket, "kept.png")

            def annota_upload(task: Any = tasks["s3"], path: Path = path) -> None:
                (new,) = task.upload_assets([path])
                new.remove()

            def boto_upload(path: Path = path) -> None:
                boto.upload_file(str(path), floor_bucket, "up.png")

            variants = {
                "upload boto3": lambda f=boto_upload: _timed(f),
                "upload annota": lambda f=annota_upload: _timed(f),
                "download boto3": lambda: _timed(
                    lambda: boto.download_file(floor_bucket, "kept.png", str(out / "b.png")),
                    clear,
                ),
                "download boto3 get_object": lambda: _timed(lambda: boto_get(out / "g.png"), clear),
                "download annota": lambda a=asset: _timed(lambda: a.download(out / "a.png"), clear),
                "download annota, 307": lambda a=redirected: _timed(
                    lambda: a.download(out / "r.png"), clear
                ),
                "download annota, verify=False": lambda a=asset: _timed(
                    lambda: a.download(out / "n.png", verify=False), clear
                ),
                "download annota, 307, verify=False": lambda a=redirected: _timed(
                    lambda: a.download(out / "m.png", verify=False), clear
                ),
            }
            timed = interleaved(variants, rounds, log=log)
            with _RssPeak(server_pid, baseline) as up:
                annota_upload()
            clear()
            with _RssPeak(server_pid, baseline) as down:
                asset.download(out / "a.png")
            memory[name] = {"upload": up.growth, "download": down.growth}
            ratios[name] = {}
            # The floor is boto3's faster way: on moto, a single GET beats ranged ones.
            floors = {
                "upload": median(timed["upload boto3"]),
                "download": min(
                    median(timed["download boto3"]), median(timed["download boto3 get_object"])
                ),
            }
            for direction in ("upload", "download"):
                floor = floors[direction]
                ours = median(timed[f"{direction} annota"])
                ratios[name][direction] = ours / floor
                rows.append(
                    [
                        f"{direction}, {size / 2**20:.0f} MiB",
                        f"{floor:.2f} s ({size / floor / 2**20:.0f} MiB/s)",
                        f"{ours:.2f} s ({size / ours / 2**20:.0f} MiB/s)",
                        f"{ours / floor:.2f}x",
                        f"{memory[name][direction] / 2**20:.1f} MiB",
                    ]
                )
            floor = floors["download"]
            for label, key in (
                ("download, verify=False", "download annota, verify=False"),
                ("download via 307", "download annota, 307"),
                ("download via 307, verify=False", "download annota, 307, verify=False"),
            ):
                took = median(timed[key])
                ratios[name][label] = took / floor
                rows.append(
                    [
                        f"{label}, {size / 2**20:.0f} MiB",
                        f"{floor:.2f} s",
                        f"{took:.2f} s ({size / took / 2**20:.0f} MiB/s)",
                        f"{took / floor:.2f}x",
                        "" if "307" not in label else "(not through the server)",
                    ]
                )
            for project in projects.values():
                project.remove()
            path.unlink()
        section.para(
            f"PNG files of random pixels, {rounds} interleaved rounds, medians. Floor: boto3 "
            "alone on the same moto server: `upload_file` (8 MiB parts, up to 10 threads), and "
            "the faster of `download_file` (ranged GETs, 10 threads) and one streamed "
            "`get_object`. annota: the SDK through annota-server, which starts a multipart upload "
            "to S3 as soon as a file has one 8 MiB part and sends the parts while the rest "
            "arrives (4 at a time, each read back from the spooled file), checks the image "
            "from that spooled copy, "
            "then completes the upload; it serves each download from one streamed GET; "
            "the SDK checks the SHA-256 of every download (boto3 does not: `verify=False` is the "
            "like-for-like row). Server RSS: its peak during one more "
            "upload and download of the file, over its resident size after a first small "
            "transfer each way."
        )
        section.table(
            ["transfer", "boto3 alone (floor)", "through annota-server", "x floor", "server RSS +"],
            rows,
        )
        for direction in ("upload", "download", "download, verify=False"):
            measured = ratios["L"][direction]
            section.targets.append(
                Target(
                    f"S3: {direction} of a large asset through annota-server, x boto3 alone",
                    f"{measured:.2f}x",
                    f"<= {SPEED_TARGET}x",
                    measured <= SPEED_TARGET,
                )
            )
            if direction not in memory["L"]:
                continue
            small, large = memory["S"][direction], memory["L"][direction]
            slope = max(0, large - small) / (file_sizes["L"] - file_sizes["S"])
            section.targets.append(
                Target(
                    f"S3: server RSS during a {direction}, growth per byte of file (L vs S)",
                    f"{slope:.1%} ({large / 2**20:.1f} vs {small / 2**20:.1f} MiB)",
                    f"<= {MEMORY_TARGET:.0%}",
                    slope <= MEMORY_TARGET,
                )
            )

        # ------------------------------------------------------------------ datasets
        assets = 8 if quick else 40
        sources: dict[str, Any] = {}
        for label in ("s3", "local"):
            client = clients[label]
            project = client.projects.create(
                {"name": "dataset", "type": "detection", "labels": [{"name": "cat"}]}
            )
            task = client.tasks.create({"project": project.id, "name": "t"})
            paths = [_image(work / f"d{i}.png", 256) for i in range(assets)]
            uploaded = task.upload_assets(paths)
            from annota import shapes

            cat = project.labels[0]
            task.set_annotations(
                [shapes.bbox(a, cat, 1, 2, 30 + i % 50, 40) for i, a in enumerate(uploaded)]
            )
            sources[label] = project
        archives: dict[str, Path] = {}

        # Polled every 20 ms: the SDK's default second would swamp the difference.
        def export(label: str) -> None:
            target = work / f"export-{label}.zip"
            target.unlink(missing_ok=True)
            operation = sources[label].start_export("annota", include_images=True)
            operation.wait(poll_interval=0.02)
            archives[label] = operation.download_result(target)

        def import_(label: str) -> None:
            client = clients[label]
            made = client.projects.create({"name": "imported", "type": "detection"})
            made.start_import("annota", archives[label]).wait(poll_interval=0.02)
            made.remove()

        for label in ("s3", "local"):
            export(label)  # warm up, and an archive for the first import
        timed = interleaved(
            {
                "export s3": lambda: _timed(lambda: export("s3")),
                "export local": lambda: _timed(lambda: export("local")),
                "import s3": lambda: _timed(lambda: import_("s3")),
                "import local": lambda: _timed(lambda: import_("local")),
            },
            rounds,
            log=log,
        )
        size = archives["s3"].stat().st_size
        rows = []
        for kind in ("export", "import"):
            s3 = median(timed[f"{kind} s3"])
            local = median(timed[f"{kind} local"])
            rows.append([kind, f"{local:.2f} s", f"{s3:.2f} s", f"{s3 / local:.2f}x"])
        section.para(
            f"Datasets: a project of {assets} images (256x256 random PNG) and a box on each; "
            f"the annota format with images ({size / 2**20:.1f} MiB archive): its export (request "
            "to downloaded file) and its import into a new project (upload to finished), "
            f"{rounds} interleaved rounds, medians."
        )
        section.table(["dataset", "local directory", "S3 (moto)", "S3 x local"], rows)
    return section


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"
