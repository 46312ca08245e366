"""Input problems: what is wrong, where (file, row, column), and what was expected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Problem", "InputError"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input.

    ``row`` is the row as the user sees it in a spreadsheet (the header is
    row 1, the first contact row 2); for JSON and YAML it is the 1-based
    record number and ``row_label`` is ``"record"``.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    row_label: str = "row"

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{self.row_label} {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = f" {self.value!r}:" if self.value is not None else ""
        return f"{self.location()}:{value} {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


# an exception's message lists this many problems; ``problems`` holds them all
MESSAGE_PROBLEMS = 50


class InputError(ValueError):
    """The input cannot be used as it is; ``problems`` lists every reason at once."""

    reading: Any  # set by powermap.load when it got that far: what was read (a powermap.io.profiles.Reading)

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MESSAGE_PROBLEMS]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more problems")
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the input:\n" + "\n".join(lines))
