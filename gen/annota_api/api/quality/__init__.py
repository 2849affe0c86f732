"""Operations tagged `quality`: one module each, with `sync()` and `sync_detailed()`."""
