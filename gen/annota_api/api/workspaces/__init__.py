"""Operations tagged `workspaces`: one module each, with `sync()` and `sync_detailed()`."""
