"""MkDocs hook: the command line reference is each command's ``--help``, generated at build time, never copied.

A page holding the line ``<!-- cli-reference -->`` (alone on its line) gets, in its place, one section per command of
``powermap`` with the text ``powermap COMMAND --help`` prints (80 columns, no colour).
"""

from __future__ import annotations

MARKER = "<!-- cli-reference -->"


def help_text(args: list[str]) -> str:
    """What ``powermap ARGS`` prints, as plain text."""
    from typer.testing import CliRunner

    from powermap.cli import app

    result = CliRunner().invoke(
        app, args, prog_name="powermap", env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}, color=False
    )
    if result.exit_code != 0:
        raise RuntimeError(f"powermap {' '.join(args)} exited {result.exit_code}: {result.output}")
    return result.output.rstrip()


def reference() -> str:
    """One section per command, in the order ``powermap --help`` lists them."""
    import typer

    from powermap.cli import app

    group = typer.main.get_command(app)
    parts = ["## powermap", "", "```text", help_text(["--help"]), "```", ""]
    for name in group.list_commands(None):  # type: ignore[attr-defined]
        parts += [f"## powermap {name}", "", "```text", help_text([name, "--help"]), "```", ""]
    return "\n".join(parts)


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ARG001 - MkDocs' hook signature
    """The marker on a line of its own becomes the reference (a mention of it in running text stays as it is)."""
    lines = markdown.split("\n")
    if MARKER not in lines:
        return markdown
    return "\n".join(reference() if line == MARKER else line for line in lines)
