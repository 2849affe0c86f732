"""Operations tagged `webhooks`: one module each, with `sync()` and `sync_detailed()`."""
