"""Operations tagged `server`: one module each, with `sync()` and `sync_detailed()`."""
