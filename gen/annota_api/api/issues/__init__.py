"""Operations tagged `issues`: one module each, with `sync()` and `sync_detailed()`."""
