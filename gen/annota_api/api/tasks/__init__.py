"""Operations tagged `tasks`: one module each, with `sync()` and `sync_detailed()`."""
