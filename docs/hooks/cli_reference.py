"""MkDocs hook: write the help of every `chainrule` command into the command-line page.

The page holds a marker, ``<!-- cli-reference -->``; this hook replaces it with each
command's ``--help`` as the program prints it, so the reference cannot drift from the code.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- cli-reference -->"


def cli_reference(width: int = 100) -> str:
    """``chainrule --help`` and ``chainrule COMMAND --help`` of every command, as Markdown."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from chainrule.cli import app

    runner = CliRunner()
    names = ["", *sorted(get_command(app).commands)]  # type: ignore[attr-defined]
    parts = []
    for name in names:
        args = [name, "--help"] if name else ["--help"]
        result = runner.invoke(app, args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
        if result.exit_code != 0:
            raise RuntimeError(f"`chainrule {' '.join(args)}` failed: {result.output}")
        title = f"chainrule {name}".strip()
        text = result.output.replace("Usage: root", "Usage: chainrule").rstrip()
        parts.append(f"## `{title}`\n\n```text\n{text}\n```\n")
    return "\n".join(parts)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Fill the marker of the page that has one."""
    return markdown.replace(MARKER, cli_reference()) if MARKER in markdown else markdown
