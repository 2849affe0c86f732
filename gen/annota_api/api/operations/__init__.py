"""Operations tagged `operations`: one module each, with `sync()` and `sync_detailed()`."""
