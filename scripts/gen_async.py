"""Render the asyncio twins of the SDK's resources from the blocking ones (`make gen`).

The resources in ``src/annota/proxies/`` are the one definition. For each module with entities
or repositories this writes ``src/annota/aio/<module>.py``: every ``Entity``/``Repo`` class
again as ``Async<Name>``, on the asyncio bases, with

- the class attributes (operations, request models, ``_entity``) as they are;
- the ``*_steps`` generators (what a method does, see ``annota.proxies.steps``) as they are;
- each public method whose body is ``return self._run(...)`` as ``async def ...: return await
  self._run(...)`` (the same steps, run by the asyncio client);
- each method that returns a ``PagedList`` from ``._list(...)`` as the same method returning an
  ``AsyncPagedList`` (``async for``);

with every resource name mapped to its twin (``Label`` to ``AsyncLabel``). Other methods are
not twinned yet; the twin's docstring names them. ``src/annota/aio/_repos.py`` gets the
repositories of ``AsyncClient`` from ``Client``'s. ``--check`` fails when the files differ
from what the sources give (``make check-gen`` runs it).

    python scripts/gen_async.py [--check]
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROXIES = ROOT / "src" / "annota" / "proxies"
OUT = ROOT / "src" / "annota" / "aio"
HEADER = '''"""The asyncio twins of ``annota.proxies.{name}`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/{name}.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncCreatable,
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
)
'''
# Bases of a blocking resource and their asyncio twins (None: not part of the twin).
BASES = {
    "Entity": "AsyncEntity",
    "Repo": "AsyncRepo",
    "Retrievable": "AsyncRetrievable",
    "Listable": "AsyncListable",
    "Creatable": "AsyncCreatable",
    "Removable": "AsyncRemovable",
    "Updatable": "Updatable",
    "_Fields": "_Fields",
}
SKIPPED_MODULES = {"base", "seam", "steps", "security", "__init__"}


def _resource_classes(tree: ast.Module) -> list[ast.ClassDef]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            heads = {ast.unparse(base).split("[")[0] for base in node.bases}
            if heads & {"Entity", "Repo"}:
                found.append(node)
    return found


def _modules() -> dict[str, tuple[str, ast.Module]]:
    modules = {}
    for path in sorted(PROXIES.glob("*.py")):
        if path.stem in SKIPPED_MODULES:
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        if _resource_classes(tree):
            modules[path.stem] = (source, tree)
    return modules


def _mapper(twins: dict[str, str]) -> re.Pattern[str]:
    names = sorted([*twins, "PagedList"], key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, names)) + r")\b")


def _rename(text: str, pattern: re.Pattern[str], twins: dict[str, str]) -> str:
    return pattern.sub(lambda m: twins.get(m.group(1), "AsyncPagedList"), text)


def _rewrite_import(
    node: ast.stmt, twins: dict[str, str], owners: dict[str, str]
) -> list[ast.stmt]:
    """An import with every twinned resource imported from its twin module instead."""
    if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
        "annota.proxies."
    ):
        return [node]
    kept = [alias for alias in node.names if alias.name not in twins]
    moved = [alias for alias in node.names if alias.name in twins]
    result: list[ast.stmt] = []
    if kept:
        result.append(ast.ImportFrom(module=node.module, names=kept, level=0))
    for alias in moved:
        module = f"annota.aio.{owners[alias.name]}"
        result.append(ast.ImportFrom(module=module, names=[ast.alias(twins[alias.name])], level=0))
    return result


def _body_lines(source: str, node: ast.AST) -> str:
    lines = source.splitlines()
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return "\n".join(lines[start - 1 : node.end_lineno])  # type: ignore[attr-defined]


def _statements(node: ast.FunctionDef) -> list[ast.stmt]:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body


def _is_run(node: ast.FunctionDef) -> bool:
    body = _statements(node)
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return False
    value = body[0].value
    return (
        isinstance(value, ast.Call)
        and ast.unparse(value.func) == "self._run"
        and not node.decorator_list
    )


def _is_listing(node: ast.FunctionDef) -> bool:
    body = _statements(node)
    if not body or not isinstance(body[-1], ast.Return) or body[-1].value is None:
        return False
    # What comes before the return only prepares the filters: no request, no steps.
    before = " ".join(ast.unparse(stmt) for stmt in body[:-1])
    if any(name in before for name in (".sync", "_run(", "_steps(", "yield")):
        return False
    value = body[-1].value
    return (
        isinstance(value, ast.Call)
        and ast.unparse(value.func).endswith("._list")
        and node.returns is not None
        and ast.unparse(node.returns).startswith("PagedList[")
        and not node.decorator_list
    )


def _class_twin(
    source: str,
    node: ast.ClassDef,
    module: str,
    twins: dict[str, str],
    pattern: re.Pattern[str],
) -> str:
    bases = []
    for base in node.bases:
        text = ast.unparse(base)
        head = text.split("[")[0]
        if head in BASES:
            twin = BASES[head] + text[len(head) :]
            bases.append(_rename(twin, pattern, twins))
    lines = [f"class {twins[node.name]}({', '.join(bases)}):"]
    members: list[str] = []
    skipped: list[str] = []
    for item in node.body:
        if isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant):
            continue  # the docstring: the twin has its own
        if isinstance(item, ast.Assign | ast.AnnAssign):
            members.append(_rename(_body_lines(source, item), pattern, twins))
        elif isinstance(item, ast.FunctionDef):
            text = _rename(_body_lines(source, item), pattern, twins)
            if item.name.endswith("_steps"):
                members.append(text)
            elif _is_run(item):
                text = text.replace(f"def {item.name}(", f"async def {item.name}(", 1)
                members.append(text.replace("return self._run(", "return await self._run(", 1))
            elif _is_listing(item) or item.name == "__repr__":  # __repr__ sends nothing
                members.append(text)
            elif not item.name.startswith("_"):
                skipped.append(item.name)
    doc = f"The asyncio twin of :class:`annota.proxies.{module}.{node.name}`."
    if skipped:
        listed = ", ".join(f"``{name}``" for name in skipped)
        text = f"Blocking only so far (use the :class:`~annota.Client`): {listed}."
        wrapped = textwrap.fill(text, 92, initial_indent="    ", subsequent_indent="    ")
        doc += f"\n\n{wrapped}\n    "
    lines.append(f'    """{doc}"""')
    lines.append("")
    for member in members:
        is_function = member.lstrip().startswith(("def ", "async def ", "@"))
        lines.append(("\n" if is_function else "") + member)
    return "\n".join(lines).rstrip() + "\n"


def render() -> dict[str, str]:
    """The generated files' text by file name."""
    modules = _modules()
    twins: dict[str, str] = {}
    owners: dict[str, str] = {}
    for name, (_, tree) in modules.items():
        for node in _resource_classes(tree):
            twins[node.name] = f"Async{node.name}"
            owners[node.name] = name
    pattern = _mapper(twins)
    files: dict[str, str] = {}
    for name, (source, tree) in modules.items():
        parts = [HEADER.format(name=name)]
        local = {node.name for node in _resource_classes(tree)}
        helpers = []
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                    continue
                parts += [ast.unparse(stmt) for stmt in _rewrite_import(node, twins, owners)]
            elif isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                body: list[ast.stmt] = []
                for stmt in node.body:
                    body += _rewrite_import(stmt, twins, owners)
                for stmt in body:
                    if isinstance(stmt, ast.ImportFrom) and stmt.module == f"annota.aio.{name}":
                        body.remove(stmt)
                parts.append(ast.unparse(ast.If(test=node.test, body=body, orelse=node.orelse)))
            elif isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name not in local:
                helpers.append(node.name)
            elif isinstance(node, ast.Assign):
                helpers += [t.id for t in node.targets if isinstance(t, ast.Name)]
        if helpers:
            parts.append(f"from annota.proxies.{name} import {', '.join(sorted(set(helpers)))}")
        parts.append("")
        for node in _resource_classes(tree):
            parts.append("\n" + _class_twin(source, node, name, twins, pattern))
        files[f"{name}.py"] = "\n".join(parts)
    files["_repos.py"] = _repos(twins, owners)
    return files


def _repos(twins: dict[str, str], owners: dict[str, str]) -> str:
    """``AsyncRepos``: the repositories of ``Client`` that have twins, for ``AsyncClient``."""
    source = (ROOT / "src" / "annota" / "client.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
    lines = [
        '"""The repositories of ``AsyncClient`` (generated from ``Client``\'s; see '
        'scripts/gen_async.py)."""',
        "",
        "from __future__ import annotations",
        "",
        "from functools import cached_property",
        "from typing import TYPE_CHECKING",
        "",
        "if TYPE_CHECKING:",
    ]
    properties: list[str] = []
    for item in client.body:
        if not isinstance(item, ast.FunctionDef) or item.returns is None:
            continue
        if [ast.unparse(d) for d in item.decorator_list] != ["cached_property"]:
            continue
        repo = ast.unparse(item.returns)
        if repo not in twins:
            continue
        twin = twins[repo]
        lines.append(f"    from annota.aio.{owners[repo]} import {twin}")
        doc = ast.get_docstring(item) or ""
        properties.append(
            f"    @cached_property\n    def {item.name}(self) -> {twin}:\n"
            f'        """{doc}"""\n'
            f"        from annota.aio.{owners[repo]} import {twin}\n\n"
            f"        return {twin}(self)\n"
        )
    lines += [
        "",
        "",
        "class AsyncRepos:",
        '    """The repositories of an ``AsyncClient`` (``client.projects``, ...)."""',
        "",
        "\n".join(properties),
    ]
    return "\n".join(lines)


def _format(files: dict[str, str], directory: Path) -> None:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    ruff = Path(sys.executable).parent / "ruff"
    paths = [str(directory / name) for name in files]
    # The same settings wherever the files are written (the check writes to a temporary dir).
    common = [
        "--config",
        str(ROOT / "pyproject.toml"),
        "--config",
        "lint.isort.known-first-party=['annota']",
    ]
    subprocess.run(
        [str(ruff), "check", "--fix-only", "--select", "F401,I,UP", "-q", *common, *paths],
        check=True,
    )
    subprocess.run([str(ruff), "format", "-q", *common, *paths], check=True)


def main() -> int:
    """Write the twins, or with --check compare them with what is there."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    files = render()
    if not args.check:
        OUT.mkdir(exist_ok=True)
        _format(files, OUT)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        _format(files, Path(tmp))
        stale = [
            name
            for name in files
            if not (OUT / name).exists()
            or (OUT / name).read_text(encoding="utf-8")
            != (Path(tmp) / name).read_text(encoding="utf-8")
        ]
    if stale:
        print(f"gen_async: src/annota/aio/{', '.join(stale)} out of date; run make gen")
        return 1
    print("gen_async: src/annota/aio is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
