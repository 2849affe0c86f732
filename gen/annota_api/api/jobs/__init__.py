"""Operations tagged `jobs`: one module each, with `sync()` and `sync_detailed()`."""
