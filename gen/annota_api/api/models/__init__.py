"""Operations tagged `models`: one module each, with `sync()` and `sync_detailed()`."""
