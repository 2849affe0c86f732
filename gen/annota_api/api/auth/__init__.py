"""Operations tagged `auth`: one module each, with `sync()` and `sync_detailed()`."""
