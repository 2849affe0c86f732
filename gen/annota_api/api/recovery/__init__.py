"""Operations tagged `recovery`: one module each, with `sync()` and `sync_detailed()`."""
