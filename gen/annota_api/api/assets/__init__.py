"""Operations tagged `assets`: one module each, with `sync()` and `sync_detailed()`."""
