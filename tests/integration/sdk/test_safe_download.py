"""``asset.download(directory)`` saves under a safe name whatever name the server holds.

Today's server refuses such names on upload, but a database written by an older one (or by
hand) may hold ``..`` or ``a/b``: the SDK, not the server, decides what touches the disk.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
import urllib3
from PIL import Image
from sqlalchemy.pool import NullPool
from support import ServerProcess, TestUser, create_project, create_task
from urllib3.fields import RequestField

import annota


def _uploaded_asset(user: TestUser) -> dict[str, object]:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "blue").save(buffer, "PNG")
    task = create_task(user.http, create_project(user.http, labels=["cat"])["id"])
    field = RequestField(name="files", data=buffer.getvalue(), filename="plain.png")
    field.make_multipart(content_type="image/png")
    body, content_type = urllib3.encode_multipart_formdata([field])
    response = user.http.post(
        f"/api/tasks/{task['id']}/assets", body=body, content_type=content_type
    )
    return response.expect(201).json()["assets"][0]  # type: ignore[no-any-return]


def _rename_in_database(server: ServerProcess, asset_id: int, name: str) -> None:
    engine = sa.create_engine(server.database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE assets SET name = :n WHERE id = :i"), {"n": name, "i": asset_id}
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("stored_name", "saved_name"),
    [("..", "asset-{id}"), (".", "asset-{id}"), ("../../escape.png", "escape.png"),
     ("dir\\x.png", "x.png"), ("bell\x07.png", "bell_.png")],
)  # fmt: skip
def test_a_server_chosen_name_is_saved_safely_inside_the_directory(
    server: ServerProcess, new_user: TestUser, tmp_path: Path, stored_name: str, saved_name: str
) -> None:
    asset = _uploaded_asset(new_user)
    _rename_in_database(server, int(asset["id"]), stored_name)  # type: ignore[call-overload]
    with annota.Client(server.url, token=new_user.token) as client:
        fetched = client.assets.retrieve(int(asset["id"]))  # type: ignore[call-overload]
        assert fetched.name == stored_name
        saved = fetched.download(f"{tmp_path / 'out'}/")
    assert saved == tmp_path / "out" / saved_name.format(id=asset["id"])
    assert saved.stat().st_size == asset["size"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["out", saved.name])
