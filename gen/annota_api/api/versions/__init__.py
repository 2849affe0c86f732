"""Operations tagged `versions`: one module each, with `sync()` and `sync_detailed()`."""
