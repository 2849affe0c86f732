"""``annota completion bash|zsh|fish``: a shell completion script, made from the parser itself.

So it never goes stale: every command, sub-command and option the parser knows is in it.
Install with, e.g., ``annota completion bash > ~/.local/share/bash-completion/completions/annota``
(zsh: ``annota completion zsh > "${fpath[1]}/_annota"``; fish:
``annota completion fish > ~/.config/fish/completions/annota.fish``).
"""

from __future__ import annotations

import argparse
import shlex
from typing import TYPE_CHECKING

from annota.cli.context import Context

if TYPE_CHECKING:
    from annota.cli.context import Commands

SHELLS = ("bash", "zsh", "fish")


def register(commands: Commands, root: argparse.ArgumentParser) -> None:
    """Add ``annota completion``; its scripts describe ``root``, the whole command line."""
    parser = commands.add_parser("completion", help="print a shell completion script")
    parser.add_argument("shell", choices=SHELLS)
    # The root parser travels in the parsed arguments, so this module needs no import of the
    # package that builds it.
    parser.set_defaults(run=print_script, root_parser=root)


def _children(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {choice.dest: choice.help or "" for choice in action._choices_actions}
    return {}


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    return [
        (flag, action.help or "")
        for action in parser._actions
        for flag in action.option_strings
        if flag.startswith("--") and action.help != argparse.SUPPRESS
    ]


def _tree(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (command path, parser), the root first."""
    found = [(path, parser)]
    for name, child in _children(parser).items():
        found += _tree(child, (*path, name))
    return found


def bash(parser: argparse.ArgumentParser) -> str:
    """A bash completion function for ``annota``."""
    tree = _tree(parser)
    known = " | ".join(shlex.quote(" ".join(path)) for path, _ in tree if path)
    cases = []
    for path, node in tree:
        words = [*_children(node), *(flag for flag, _ in _options(node))]
        cases.append(
            f"        {shlex.quote(' '.join(path))}) words={shlex.quote(' '.join(words))} ;;"
        )
    body = "\n".join(cases)
    return f"""# bash completion for annota (made by `annota completion bash`)
_annota() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" path="" word words="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        case "${{path:+$path }}$word" in
            {known}) path="${{path:+$path }}$word" ;;
        esac
    done
    case "$path" in
{body}
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -o default -F _annota annota
"""


def zsh(parser: argparse.ArgumentParser) -> str:
    """The bash function, loaded through zsh's bash completion layer."""
    return (
        "#compdef annota\n# zsh completion for annota (made by `annota completion zsh`)\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash(parser)
    )


def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish(parser: argparse.ArgumentParser) -> str:
    """The ``complete`` lines of fish: commands, sub-commands, and options where they apply."""
    lines = ["# fish completion for annota (made by `annota completion fish`)"]
    lines.append("complete -c annota -f")
    for path, node in _tree(parser):
        children = _helps(node)
        if not path:
            condition = "__fish_use_subcommand"
        else:
            nested = " ".join(children)
            condition = f"__fish_seen_subcommand_from {path[-1]}"
            if len(path) > 1:
                condition = f"__fish_seen_subcommand_from {path[-2]}; and {condition}"
            if nested:
                condition += f"; and not __fish_seen_subcommand_from {nested}"
        when = _fish_text(condition)
        for name, help_text in children.items():
            lines.append(f"complete -c annota -n {when} -a {name} -d {_fish_text(help_text)}")
        for flag, help_text in _options(node):
            where = "" if not path else f" -n {_fish_text(condition)}"
            lines.append(f"complete -c annota{where} -l {flag[2:]} -d {_fish_text(help_text[:60])}")
    return "\n".join(lines) + "\n"


def print_script(ctx: Context) -> int:
    """Print the completion script of the chosen shell."""
    make = {"bash": bash, "zsh": zsh, "fish": fish}[ctx.args.shell]
    print(make(ctx.args.root_parser), end="", file=ctx.output.stdout)
    return 0
