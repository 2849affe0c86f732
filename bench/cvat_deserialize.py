"""Time cvat-sdk's deserialization of ProjectRead lists; runs INSIDE bench/.work/cvat-venv.

    bench/.work/cvat-venv/bin/python bench/cvat_deserialize.py '{"items": 10000, "chunk": 1000}'

Standalone on purpose (the cvat venv has neither annota nor the harness). Prints one line of
JSON: per round, the seconds of ``json.loads`` of a chunk and of
``ApiClient.deserialize(response, ([ProjectRead],), _check_type=True)`` of the same bytes (what
``ProjectsApi.list`` does with a page by default: decode, json.loads, validate and convert).
The two alternate, each going first every other round; ``items`` are split into chunks of
``chunk`` items, one chunk per round, so every item is deserialized once.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from typing import Any


def project_read(index: int) -> dict[str, Any]:
    """A cvat ProjectRead with every field filled, about the size of an annota Project."""
    user = {
        "url": f"http://localhost:8080/api/users/{index % 50 + 1}",
        "id": index % 50 + 1,
        "username": f"annotator{index % 50 + 1}",
        "first_name": "Ann",
        "last_name": "Otator",
    }
    storage = {"id": index, "location": "local", "cloud_storage_id": None}
    return {
        "url": f"http://localhost:8080/api/projects/{index}",
        "id": index,
        "name": f"project {index:06d} street scenes",
        "owner": user,
        "assignee": user,
        "guide_id": index,
        "bug_tracker": f"https://issues.example.com/vision/{index}",
        "task_subsets": ["train", "validation", "test"],
        "created_date": "2026-11-21T10:11:12.123456Z",
        "updated_date": "2026-11-22T08:09:10.654321Z",
        "status": "annotation",
        "dimension": "2d",
        "organization": 3,
        "organization_id": 3,
        "target_storage": storage,
        "source_storage": storage,
        "assignee_updated_date": "2026-11-22T07:00:00.000001Z",
        "tasks": {"count": 12, "url": f"http://localhost:8080/api/tasks?project_id={index}"},
        "labels": {"url": f"http://localhost:8080/api/labels?project_id={index}"},
    }


class _Response:
    """What ApiClient.deserialize reads from a urllib3 response."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.headers = {"content-type": "application/json"}


def main(args: dict[str, Any]) -> dict[str, Any]:
    from cvat_sdk.api_client import ApiClient, Configuration
    from cvat_sdk.api_client.model.project_read import ProjectRead
    from cvat_sdk.version import VERSION

    items, chunk = int(args["items"]), int(args["chunk"])
    client = ApiClient(Configuration(host="http://localhost:8080"))
    schema = ([ProjectRead],)

    # Warm-up: lazy imports and caches of the generated models.
    warm = json.dumps([project_read(i) for i in range(20)]).encode()
    client.deserialize(_Response(warm), schema, _check_type=True)

    def loads(payload: bytes) -> float:
        gc.collect()
        start = time.perf_counter()
        json.loads(payload)
        return time.perf_counter() - start

    def cvat(payload: bytes) -> float:
        gc.collect()
        start = time.perf_counter()
        objects = client.deserialize(_Response(payload), schema, _check_type=True)
        elapsed = time.perf_counter() - start
        if len(objects) != chunk or objects[-1].owner.username is None:
            raise RuntimeError("cvat-sdk did not deserialize the chunk")
        return elapsed

    rounds = []
    total_bytes = 0
    for index in range(items // chunk):
        payload = json.dumps(
            [project_read(i) for i in range(index * chunk, (index + 1) * chunk)]
        ).encode()
        total_bytes += len(payload)
        if index % 2:
            cvat_seconds = cvat(payload)
            loads_seconds = loads(payload)
        else:
            loads_seconds = loads(payload)
            cvat_seconds = cvat(payload)
        rounds.append({"loads": loads_seconds, "cvat": cvat_seconds})
    return {
        "version": VERSION,
        "python": sys.version.split()[0],
        "chunk": chunk,
        "bytes_per_item": total_bytes / (items // chunk * chunk),
        "rounds": rounds,
    }


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
