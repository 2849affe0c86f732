"""Operations tagged `evaluations`: one module each, with `sync()` and `sync_detailed()`."""
