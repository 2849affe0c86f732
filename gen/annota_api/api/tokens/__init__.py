"""Operations tagged `tokens`: one module each, with `sync()` and `sync_detailed()`."""
