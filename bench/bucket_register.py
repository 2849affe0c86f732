"""Registering objects of a bucket as assets: annota against listing the prefix with boto3.

moto's standalone S3 server (a process of its own, on loopback) holds ``N`` tiny PNGs under a
prefix. Per round (interleaved, order rotating):

- boto3 list: ``list_objects_v2`` over the prefix, 1,000 keys a page (the floor of finding
  the objects at all);
- boto3 list + headers: the same listing, then a ranged GET of each object's first 64 KiB
  from 16 threads (what reading each image's size from its header costs at the least);
- annota: ``task.add_assets_from(storage, prefix=...)`` into a fresh task: the server lists
  the prefix, reads each header (ranged GETs, 16 at once), and stores the assets.

Each round's task is deleted untimed afterwards.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench.harness import ROOT, Context, Section, interleaved, logger, median

if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from support.s3 import CREDENTIALS, S3Endpoint, s3_client  # noqa: E402

NEEDS = {"server"}
READERS = 16  # as the server's bucket_sources.READERS
HEADER_BYTES = 64 * 1024


def _tiny_png(index: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8 + index % 7, 6), (index % 256, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def run(ctx: Context) -> Section:
    import annota

    log = logger("bucket_register")
    quick = ctx.scale.name == "quick"
    count = 1000 if quick else 100_000
    rounds = 3 if quick else 1
    section = Section(f"Bucket registration: {count:,} objects from a prefix (moto)")
    with contextlib.ExitStack() as stack:
        endpoint = stack.enter_context(S3Endpoint())
        bucket = endpoint.new_bucket("register")
        boto = s3_client(endpoint.url, max_pool_connections=READERS)
        images = [_tiny_png(i) for i in range(64)]

        def put(index: int) -> None:
            boto.put_object(
                Bucket=bucket, Key=f"set/img-{index:06d}.png", Body=images[index % len(images)]
            )

        started = time.perf_counter()
        with ThreadPoolExecutor(8) as threads:
            list(threads.map(put, range(count)))
        log(f"{count} objects put in {time.perf_counter() - started:.0f} s")

        # One call registers every object: its answer takes long at full scale.
        client = stack.enter_context(
            annota.make_client(
                ctx.server.url,
                credentials=ctx.server.credentials,
                config=annota.Config(timeout=3600, retries=0),
            )
        )
        project = client.projects.create({"name": "bucket register", "type": "detection"})
        storage = client.storages.create(
            {
                "name": "register",
                "bucket": bucket,
                "endpoint_url": endpoint.url,
                "access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
                "secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            }
        )

        def listing() -> list[str]:
            pages = boto.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="set/")
            return [item["Key"] for page in pages for item in page.get("Contents", [])]

        def boto_list() -> float:
            start = time.perf_counter()
            assert len(listing()) == count
            return time.perf_counter() - start

        def head(key: str) -> int:
            answer = boto.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{HEADER_BYTES - 1}")
            return len(answer["Body"].read())

        def boto_headers() -> float:
            start = time.perf_counter()
            with ThreadPoolExecutor(READERS) as threads:
                assert all(threads.map(head, listing()))
            return time.perf_counter() - start

        def annota_register() -> float:
            task = client.tasks.create({"project": project.id, "name": "bucket"})
            start = time.perf_counter()
            added = task.add_assets_from(storage, prefix="set")
            took = time.perf_counter() - start
            assert len(added.assets) == count, len(added.assets)
            assert not added.skipped, added.skipped[:3]
            client.tasks.retrieve(task.id).remove()
            return took

        timed = interleaved(
            {
                "boto3 list": boto_list,
                "boto3 list + header reads": boto_headers,
                "annota add_assets_from": annota_register,
            },
            rounds,
            log=log,
        )
        project.remove()  # the storage row stays (storages have no delete in the SDK)
        section.versions["moto"] = _version("moto")

    floor = median(timed["boto3 list"])
    rows = []
    for name in ("boto3 list", "boto3 list + header reads", "annota add_assets_from"):
        took = median(timed[name])
        rows.append(
            [name, f"{took:.2f} s", f"{count / took:,.0f} objects/s", f"{took / floor:.1f}x"]
        )
    section.para(
        f"{count:,} PNG objects of about {len(images[0])} bytes under one prefix of a bucket on "
        f"moto's S3 server, {rounds} interleaved round(s), medians. The floor: listing the "
        f"prefix with boto3 alone; 'list + header reads': the listing and a ranged GET of each "
        f"object's first {HEADER_BYTES // 1024} KiB from {READERS} threads, what reading each "
        "image's size costs at the least. annota: `task.add_assets_from(storage, "
        "prefix='set')` into a fresh task (listing, ranged header reads 16 at once, the rows)."
    )
    section.table(["client", "time", "rate", "x listing alone"], rows)
    return section


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"
