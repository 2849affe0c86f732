"""Operations tagged `projects`: one module each, with `sync()` and `sync_detailed()`."""
