"""annota.refs.id_of: the one place an id is taken from an int or an object carrying one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from annota.errors import InvalidRequestError
from annota.refs import id_of


@dataclass
class _Carrier:
    id: Any


def test_an_int_and_an_object_with_an_int_id_name_that_id() -> None:
    assert id_of(7) == 7
    assert id_of(_Carrier(9), "asset") == 9


@pytest.mark.parametrize("ref", [True, _Carrier("9"), _Carrier(None), _Carrier(False), "9", 1.0])
def test_anything_else_is_refused_naming_the_argument(ref: Any) -> None:
    with pytest.raises(InvalidRequestError, match="^shape: expected an id"):
        id_of(ref, "shape")
