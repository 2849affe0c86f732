"""Users filtered by email and by name, through the SDK's list filters."""

from __future__ import annotations

import pytest
from support import unique

import annota
from annota.errors import ValidationError


def test_users_filter_by_email_and_name(client: annota.Client) -> None:
    surname = unique("Lovelace").replace("-", "")
    ada = client.users.create(
        {"username": unique("ada"), "password": "long-enough-1", "email": f"{surname}@Example.com",
         "first_name": "Ada", "last_name": surname},
    )  # fmt: skip
    client.users.create(
        {"username": unique("bob"), "password": "long-enough-1", "first_name": "Bob",
         "last_name": surname + "x"},
    )  # fmt: skip
    by_email = client.users.list(email=f"{surname.upper()}@example.COM").to_list()
    assert [u.id for u in by_email] == [ada.id]
    assert len(client.users.list(name=f"ada {surname.lower()}")) == 1
    assert len(client.users.list(name=surname)) == 2
    assert len(client.users.list(name=f"%{surname}")) == 0, "% is a character, not a wildcard"
    with pytest.raises(ValidationError) as refused:
        client.users.list(email="x" * 300).first()
    assert any(e.field == "email" for e in refused.value.errors)
