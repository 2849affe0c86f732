"""mkdocs hook: fills the generated parts of the documentation at each build.

A page names a part with an HTML comment on a line of its own, ``<!-- generated: NAME -->``:

- ``cli``: every command and option of ``annota``, from its argparse parser.
- ``server-cli``: the same for ``annota-server``.
- ``settings``: the server's settings (environment variable, default, meaning), from
  ``annota_server.settings`` (the fields of ``Settings``, their docstrings and ``from_env``).
- ``public-names``: one mkdocstrings entry per name of ``annota.__all__``.
- ``http-operations``: the operations of ``openapi.yaml`` by tag.
- ``dataset-formats``: the dataset formats, their files and the shape kinds each keeps, from
  the format table the server exports and imports with (``annota_server.datasets.FORMATS``).
- ``webapp-keys``: the annotation page's keyboard shortcuts, from the table that drives them
  (``SHORTCUTS`` in the web app's ``annotate/keyboard.js``).

An unknown name, a setting without a docstring or a public name without one fails the build.

``404.html`` is rewritten so that its links work when the site is opened from disk as well as
when it is served (see :func:`on_post_template`).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import inspect
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
for folder in ("src", "gen"):
    if str(ROOT / folder) not in sys.path:
        sys.path.insert(0, str(ROOT / folder))

MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.M)
# A root-relative address in an attribute of the 404 page: href="/guide/data.html".
_ROOT_RELATIVE = re.compile(r'(\b(?:href|src)=")/(?!/)')
# Served, the 404 page answers for a missing address at any depth, so its relative links need a
# base at the site's root; opened from disk (file:), the page's own folder is that root.
_BASE_WHEN_SERVED = (
    # Single quotes in the written tag: nothing here reads as an href="..." of the page.
    '<script>if (location.protocol !== "file:") document.write("<base href=\'/\'>");</script>'
)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace each marker of the page by what it names."""

    def fill(found: re.Match[str]) -> str:
        generator = GENERATORS.get(found[1])
        if generator is None:
            raise PluginError(f"{page.file.src_path}: unknown generated part {found[1]!r}")
        return generator()

    return MARKER.sub(fill, markdown)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """Make ``404.html``'s root-relative links relative, with a base only when served.

    mkdocs writes them as ``/page.html`` (the page answers for any missing address), which a
    browser resolves to ``file:///page.html`` when the site is opened from disk.
    """
    if template_name != "404.html":
        return output
    output = _ROOT_RELATIVE.sub(r"\1", output)
    head = output.index("<head>") + len("<head>")
    return output[:head] + _BASE_WHEN_SERVED + output[head:]


# ---------------------------------------------------------------- the annota command


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _options_table(parser: argparse.ArgumentParser, skip: set[str]) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        if action.dest in skip and action.default is argparse.SUPPRESS:
            continue  # the global options, repeated on every command
        if action.option_strings:
            name = ", ".join(f"`{flag}`" for flag in action.option_strings)
            if action.nargs != 0:
                name += f" `{action.metavar or action.dest.upper()}`"
        else:
            name = f"`{action.metavar or action.dest}`"
            if action.nargs in ("*", "+"):
                name += " ..."
        meaning = action.help or ""
        if action.choices and not isinstance(action, argparse._SubParsersAction):
            meaning += " (one of " + ", ".join(f"`{c}`" for c in action.choices) + ")"
        default = action.default
        shown = default not in (None, False, argparse.SUPPRESS, [])
        if shown and action.option_strings and str(default) not in meaning:
            meaning += f" (default: `{default}`)"
        rows.append(f"| {_cell(name)} | {_cell(meaning) or '-'} |")
    if not rows:
        return []
    return ["| argument | meaning |", "|---|---|", *rows, ""]


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _commands(parser: argparse.ArgumentParser, words: list[str]) -> list[str]:
    """A section per command (``words`` starts with the program's name), recursively."""
    lines: list[str] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, child in action.choices.items():
            path = [*words, name]
            lines += [f"### {' '.join(path)}", ""]
            summary = helps.get(name) or child.description
            if summary:
                lines += [_sentence(summary), ""]
            usage = child.format_usage().removeprefix("usage: ").strip()
            lines += ["```text", re.sub(r"\s+", " ", usage), "```", ""]
            lines += _options_table(child, GLOBAL_DESTS)
            lines += _commands(child, path)
    return lines


GLOBAL_DESTS: set[str] = set()


def cli_reference() -> str:
    """The ``annota`` command: global options, then every command with its arguments."""
    from annota.cli import GLOBAL_OPTIONS, build_parser

    GLOBAL_DESTS.update(flags[-1].lstrip("-").replace("-", "_") for flags, _ in GLOBAL_OPTIONS)
    parser = build_parser()
    lines = ["## Global options", "", "Before or after the command's name:", ""]
    lines += _options_table(parser, set())
    lines += ["## Commands", ""]
    lines += _commands(parser, ["annota"])
    return "\n".join(lines)


def server_cli_reference() -> str:
    """The ``annota-server`` command: every command with its options."""
    from annota_server.cli import build_parser

    return "\n".join(_commands(build_parser(), ["annota-server"]))


# ---------------------------------------------------------------- server settings


def _field_docs(tree: ast.Module) -> dict[str, str]:
    """The docstring under each field of ``Settings`` (the string that follows it)."""
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Settings").body
    docs = {}
    for field, after in zip(body, body[1:], strict=False):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs


def _field_envs(tree: ast.Module, module: Any) -> dict[str, str]:
    """Which ``ENV_*`` variable ``Settings.from_env`` reads for each field."""
    envs = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "from_env":
            call = next(n for n in ast.walk(node) if isinstance(n, ast.Call) and n.keywords)
            for keyword in call.keywords:
                names = [
                    n.id
                    for n in ast.walk(keyword.value)
                    if isinstance(n, ast.Name) and n.id.startswith("ENV_")
                ]
                if keyword.arg and names:
                    envs[keyword.arg] = getattr(module, names[0])
    return envs


def _default(name: str, value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, int) and name.endswith(("_bytes", "_memory")):
        for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
            if value >= size and value % size == 0:
                return f"{value // size} {unit}"
    if isinstance(value, int) and name.endswith("_seconds") and value >= 3600:
        for unit, size in (("days", 86400), ("hours", 3600)):
            if value % size == 0:
                count = value // size
                return f"{count} {unit if count > 1 else unit[:-1]}"
    return str(value)


def settings_table() -> str:
    """Every field of the server's ``Settings``: variable, default, meaning."""
    from annota_server import settings

    tree = ast.parse(Path(settings.__file__).read_text(encoding="utf-8"))
    docs, envs = _field_docs(tree), _field_envs(tree, settings)
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for field in dataclasses.fields(settings.Settings):
        if field.name not in docs:
            raise PluginError(f"Settings.{field.name} has no docstring to document it with")
        if field.name not in envs:
            raise PluginError(f"Settings.{field.name} is read from no environment variable")
        default = _default(field.name, field.default)
        rows.append(f"| `{envs[field.name]}` | {default} | {_cell(docs[field.name])} |")
    return "\n".join(rows)


# ---------------------------------------------------------------- the annota package


def public_names() -> str:
    """One mkdocstrings entry per public name of ``annota``, in ``__all__``'s order."""
    import annota

    entries = []
    for name in annota.__all__:
        value = getattr(annota, name)
        if inspect.ismodule(value):
            continue  # a module has a page of its own (annota.errors: Errors)
        if (inspect.isclass(value) or callable(value)) and not inspect.getdoc(value):
            raise PluginError(f"annota.{name} has no docstring")
        entries += [f"::: annota.{name}", "    options:", "      heading_level: 2", ""]
    return "\n".join(entries)


# ---------------------------------------------------------------- the HTTP API


def http_operations() -> str:
    """The operations of ``openapi.yaml``, by tag: method, path, summary."""
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    by_tag: dict[str, list[str]] = {tag["name"]: [] for tag in spec.get("tags", [])}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            row = (
                f"| `{method.upper()}` | `{path}` | `{operation['operationId']}` | "
                f"{_cell(operation.get('summary', ''))} |"
            )
            by_tag.setdefault(operation["tags"][0], []).append(row)
    described = {tag["name"]: tag.get("description", "") for tag in spec.get("tags", [])}
    lines = []
    for tag, rows in by_tag.items():
        if not rows:
            continue
        lines += [f"### {tag}", "", described.get(tag, ""), ""]
        lines += ["| method | path | operationId | summary |", "|---|---|---|---|", *rows, ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- the web app

KEYBOARD_JS = ROOT / "src/annota_server/webapp/static/js/annotate/keyboard.js"
_SHORTCUT = re.compile(r'^\s*\["([^"]+)", "([^"]+)",', re.M)


def webapp_keys() -> str:
    """The shortcuts table of the annotation page: keys and what they do."""
    text = KEYBOARD_JS.read_text(encoding="utf-8")
    start = text.find("export const SHORTCUTS = [")
    end = text.find("];", start)
    found = _SHORTCUT.findall(text[start:end]) if start >= 0 else []
    if not found:
        raise PluginError(f"no SHORTCUTS table found in {KEYBOARD_JS.relative_to(ROOT)}")
    rows = ["| keys | what they do |", "|---|---|"]
    for keys, meaning in found:
        # "f, →": either key; "a / r": one key per meaning ("accept / reject").
        shown = ", ".join(
            " / ".join(f"`{key.strip()}`" for key in either.split(" / "))
            for either in keys.split(", ")
        )
        rows.append(f"| {_cell(shown)} | {_cell(meaning)} |")
    return "\n".join(rows)


def dataset_formats() -> str:
    """The format table: what each format's writer keeps, so that the docs cannot disagree."""
    from annota_server.datasets.formats import FORMATS, SHAPE_KINDS

    def kinds(keeps: frozenset[str]) -> str:
        return ", ".join(f"`{kind}`" for kind in SHAPE_KINDS if kind in keeps)

    rows = [
        "| format | name | files | shape kinds it keeps | left out (counted in `skipped`) |",
        "|---|---|---|---|---|",
    ]
    for name, fmt in FORMATS.items():
        if list(fmt.tasks) == [""]:
            kept = kinds(fmt.tasks[""])
        else:  # one task per export: each task's kinds
            kept = "; ".join(f"task `{task}`: {kinds(keeps)}" for task, keeps in fmt.tasks.items())
        every = frozenset().union(*fmt.tasks.values())
        left = kinds(frozenset(SHAPE_KINDS) - every) or "nothing"
        if len(fmt.tasks) > 1:
            left += "; and what the export's task does not keep"
        rows.append(f"| {fmt.title} | `{name}` | {_cell(fmt.layout)} | {kept} | {left} |")
    return "\n".join(rows) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "dataset-formats": dataset_formats,
    "cli": cli_reference,
    "server-cli": server_cli_reference,
    "settings": settings_table,
    "public-names": public_names,
    "http-operations": http_operations,
    "webapp-keys": webapp_keys,
}
