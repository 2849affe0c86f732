"""Operations tagged `events`: one module each, with `sync()` and `sync_detailed()`."""
