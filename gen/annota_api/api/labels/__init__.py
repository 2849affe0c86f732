"""Operations tagged `labels`: one module each, with `sync()` and `sync_detailed()`."""
