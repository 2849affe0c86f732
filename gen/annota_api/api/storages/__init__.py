"""Operations tagged `storages`: one module each, with `sync()` and `sync_detailed()`."""
