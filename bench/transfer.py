"""Transfers: uploading and downloading one large asset, annota against raw urllib3.

The file is a PNG of random pixels (it does not compress, so its size is its pixels'). Per
round (interleaved, order rotating), each variant moves the same file over the same keep-alive
connection to the shared SQLite server:

- upload: ``task.upload_assets([path])`` (streamed from disk, through the progress reader)
  against urllib3 ``request(fields=...)`` with the file read into memory, the usual way;
- download: ``asset.download(dir)`` (streamed to a temporary file, SHA-256 checked on a
  thread of its own, renamed) against urllib3 ``preload_content=False`` streamed to a file;
  the last round's files are deleted, untimed, before each download.

Each uploaded asset is deleted again, so storage does not grow with the rounds. Peak Python
memory (tracemalloc, one more untimed run each) shows what the SDK holds while moving the file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.harness import Context, Section, Target, interleaved, logger, median, num

NEEDS = {"server"}
SPEED_TARGET = 1.25  # annota's time per transfer, at most this many times raw urllib3's
MEMORY_TARGET = 0.05  # peak Python memory while moving the file, as a share of its size


def _image(path: Path, side: int) -> Path:
    from PIL import Image

    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, compress_level=0)
    return path


def _timed(call: Any, before: Any = None) -> float:
    if before is not None:
        before()  # untimed: e.g. delete the last round's output, which would cost both sides
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _peak(call: Any) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(ctx: Context) -> Section:
    import urllib3

    log = logger("transfer")
    client = ctx.client
    base = ctx.server.url
    headers = {"Authorization": f"Bearer {ctx.token}"}
    pool = urllib3.PoolManager()
    work = Path(tempfile.mkdtemp(prefix="annota-bench-transfer-"))
    path = _image(work / "noise.png", ctx.scale.transfer_side)
    size = path.stat().st_size
    log(f"{size / 2**20:.1f} MiB file")

    project = client.projects.create({"name": "transfer", "type": "detection"})
    task = client.tasks.create({"project": project.id, "name": "transfer"})
    (asset,) = task.upload_assets([path])
    out = work / "out"
    out.mkdir()

    def sdk_upload() -> None:
        (new,) = task.upload_assets([path])
        new.remove()

    def raw_upload() -> None:
        fields = {"files": (path.name, path.read_bytes(), "image/png")}
        answer = pool.request(
            "POST", f"{base}/api/tasks/{task.id}/assets", fields=fields, headers=headers
        )
        assert answer.status == 201, answer.data[:300]
        new_id = answer.json()["assets"][0]["id"]
        pool.request("DELETE", f"{base}/api/assets/{new_id}", headers=headers)

    def sdk_download(verify: bool = True) -> None:
        asset.download(out / "sdk.png", verify=verify)

    def clear_downloads() -> None:
        for name in ("sdk.png", "raw.png"):
            (out / name).unlink(missing_ok=True)

    def raw_download(verify: bool = False) -> None:
        answer = pool.request(
            "GET", f"{base}/api/assets/{asset.id}/content", headers=headers, preload_content=False
        )
        digest = hashlib.sha256()
        with (out / "raw.png").open("wb") as stream:
            for chunk in answer.stream(256 * 1024):
                stream.write(chunk)
                if verify:
                    digest.update(chunk)
        answer.release_conn()
        if verify:
            assert digest.hexdigest() == asset.sha256

    rounds = ctx.scale.transfer_rounds
    timed = interleaved(
        {
            "upload raw": lambda: _timed(raw_upload),
            "upload annota": lambda: _timed(sdk_upload),
            "download raw": lambda: _timed(raw_download, clear_downloads),
            "download raw + sha256": lambda: _timed(lambda: raw_download(True), clear_downloads),
            "download annota": lambda: _timed(sdk_download, clear_downloads),
            "download annota, verify=False": lambda: _timed(
                lambda: sdk_download(False), clear_downloads
            ),
        },
        rounds,
        log=log,
    )
    peaks = {"upload": _peak(sdk_upload), "download": _peak(sdk_download)}
    project.remove()

    section = Section("Transfers: one large asset up and down")
    section.para(
        f"A {size / 2**20:.1f} MiB PNG, {rounds} interleaved rounds, medians. "
        "Baseline: raw urllib3 on the same server and connection reuse."
    )
    rows = []
    default_note = {"download": " (verified, the default)"}
    for direction in ("upload", "download"):
        raw = median(timed[f"{direction} raw"])
        sdk = median(timed[f"{direction} annota"])
        speed = sdk / raw
        share = peaks[direction] / size
        rows.append(
            [
                direction,
                f"{size / raw / 2**20:.0f} MiB/s",
                f"{size / sdk / 2**20:.0f} MiB/s",
                f"{speed:.2f}x",
                f"{num(peaks[direction] / 1024)} KiB ({share:.1%})",
            ]
        )
        section.targets.append(
            Target(
                f"{direction} of a large asset{default_note.get(direction, '')}, x raw urllib3",
                f"{speed:.2f}x",
                f"<= {SPEED_TARGET}x",
                speed <= SPEED_TARGET,
            )
        )
        section.targets.append(
            Target(
                f"{direction} peak memory, share of the file",
                f"{share:.1%}",
                f"<= {MEMORY_TARGET:.0%}",
                share <= MEMORY_TARGET,
            )
        )
    section.table(
        ["direction", "raw urllib3", "annota", "annota time x raw", "annota peak memory"], rows
    )
    raw_download_time = median(timed["download raw"])
    checked = median(timed["download raw + sha256"])
    unverified = median(timed["download annota, verify=False"])
    like_for_like = median(timed["download annota"]) / checked
    section.targets.append(
        Target(
            "download, `verify=False`, x raw urllib3",
            f"{unverified / raw_download_time:.2f}x",
            f"<= {SPEED_TARGET}x",
            unverified / raw_download_time <= SPEED_TARGET,
        )
    )
    section.targets.append(
        Target(
            "download (verified), x raw urllib3 that checks the SHA-256 too",
            f"{like_for_like:.2f}x",
            f"<= {SPEED_TARGET}x",
            like_for_like <= SPEED_TARGET,
        )
    )
    content = path.read_bytes()
    hash_speed = size / median(
        _timed(lambda: hashlib.sha256(content).hexdigest()) for _ in range(3)
    )
    section.para(
        "The raw upload holds the whole file in memory (its peak is the file's size); annota "
        "streams it from disk. annota's download also checks the SHA-256 (on a thread of its "
        "own, overlapping the reads): raw urllib3 that checks it too, inline, moves "
        f"{size / checked / 2**20:.0f} MiB/s "
        f"({checked / raw_download_time:.2f}x plain raw), and annota with "
        f"`verify=False` moves {size / unverified / 2**20:.0f} MiB/s "
        f"({unverified / raw_download_time:.2f}x plain raw). On loopback the check is what "
        "separates annota from plain raw; a network slower than the hash "
        f"({hash_speed / 2**20:.0f} MiB/s here) hides it. The machine has "
        f"{os.cpu_count()} cores, shared by the server, the reads and the hashing thread."
    )
    return section
