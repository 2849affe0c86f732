"""Operations tagged `memberships`: one module each, with `sync()` and `sync_detailed()`."""
