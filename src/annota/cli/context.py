"""What every command gets: the parsed arguments, the output and a client made on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annota.cli.output import Output
from annota.connect import Credentials, resolve_credentials
from annota.errors import ConfigurationError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    from annota.client import Client

    # What add_subparsers() returns: where each module adds its commands.
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]


@dataclass
class Context:
    """One run of the command.

    The client is made on first use from ``--host``/``--token``/``--workspace``, then the
    places :mod:`annota.connect` looks (the environment, ``.annota`` files, ...).
    """

    args: argparse.Namespace
    output: Output
    _client: Client | None = field(default=None, init=False)
    _credentials: Credentials | None = field(default=None, init=False)

    @property
    def credentials(self) -> Credentials:
        """Host, token and workspace, and where each came from."""
        if self._credentials is None:
            try:
                self._credentials = resolve_credentials(
                    host=self.args.host, token=self.args.token, workspace=self.args.workspace
                )
            except ConfigurationError as exc:
                raise ConfigurationError(
                    f"{exc}\nRun `annota login HOST` first, or pass --host and --token."
                ) from exc
        return self._credentials

    @property
    def client(self) -> Client:
        """The client of the resolved credentials (connected on first use)."""
        if self._client is None:
            from annota.client import make_client

            found = self.credentials
            assert found.host is not None  # resolve_credentials raises without one
            self._client = make_client(found.host, token=found.token)
            self._client.workspace = found.workspace
        return self._client

    def close(self) -> None:
        """Release the connections."""
        if self._client is not None:
            self._client.close()


class EnumChoices:
    """An API enum's values as argparse ``choices``, read from ``annota_api.models`` on use.

    The generated package loads its transport on import; a parser that only shows the
    commands (``annota --help``) or is never used (``annota --version``) need not pay for it.
    """

    __slots__ = ("_model", "_values")

    def __init__(self, model: str) -> None:
        self._model = model
        self._values: list[str] | None = None

    def _load(self) -> list[str]:
        if self._values is None:
            import annota_api.models

            enum = getattr(annota_api.models, self._model)
            self._values = [member.value for member in enum]
        return self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __contains__(self, value: object) -> bool:
        return value in self._load()

    def __len__(self) -> int:
        return len(self._load())

    def __repr__(self) -> str:
        return f"EnumChoices({self._model!r})"
