"""Operations tagged `users`: one module each, with `sync()` and `sync_detailed()`."""
