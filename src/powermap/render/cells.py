"""Terminal table columns that never break a word: the narrowest a column may be is its longest word."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["longest_word", "share_width", "column_widths"]


def longest_word(cells: Iterable[str], cap: int = 20, wide: int = 10) -> int:
    """The display width of the longest word in ``cells`` (at most ``cap``), for a column's ``min_width``.

    A word is what lies between spaces (or between the items of a Chinese list, "、"). Chinese and other wide
    text has no spaces and may break between any two characters; it asks for ``wide`` cells at most (five
    characters), so a name (two to four) and a role ("核心决策者") stay on one line.

    >>> longest_word(["Catherine Brandt", "Chief Financial Officer"])
    9
    >>> longest_word(["许宏伟", "管网管理所所长"])
    10
    >>> longest_word(["核心决策者、技术支持者"])
    10
    """
    from rich.cells import cell_len

    widest = 1
    for cell in cells:
        for word in str(cell).replace("、", " ").split():
            width = cell_len(word)
            widest = max(widest, min(width, wide) if width != len(word) else width)
    return min(widest, cap)


def share_width(lowest: list[int], wanted: list[int], room: int) -> list[int]:
    """Column widths within ``room``: each at least its ``lowest`` (its longest word), then the room left
    shared out one cell at a time to the column furthest below what it ``wanted`` (its longest text).

    Rich's own sharing shrinks every column alike, short ones too, and cuts a header ("influen"); widths
    set here keep every word and header whole whenever the lowest widths fit.

    >>> share_width([9, 14, 10], [19, 35, 18], 40)
    [9, 21, 10]
    >>> share_width([9, 14, 10], [19, 35, 18], 60)
    [15, 31, 14]
    >>> share_width([5, 5], [6, 30], 40)
    [6, 30]
    """
    widths = list(lowest)
    left = room - sum(widths)
    while left > 0:
        short = [wanted[k] - widths[k] for k in range(len(widths))]
        k = max(range(len(widths)), key=lambda k: short[k])
        if short[k] <= 0:
            break
        widths[k] += 1
        left -= 1
    return widths


def column_widths(columns: list[list[str]], wraps: list[bool], room: int) -> list[int]:
    """Widths for table columns (each a list of its header and cells) within ``room`` display cells: a column
    that ``wraps`` gets at least its longest word, one that does not its longest cell; the rest is shared.

    >>> column_widths([["#", "1"], ["name", "Catherine Brandt"]], [False, True], 12)
    [1, 11]
    """
    from rich.cells import cell_len

    whole = [max(cell_len(cell) for cell in cells) for cells in columns]
    # a header's words stay whole, Chinese ones too ("之后的覆盖度"): a header folded mid-word reads as two
    lowest = [
        max(longest_word(cells[1:], cap=30), longest_word(cells[:1], cap=30, wide=30)) if wrap else w
        for cells, wrap, w in zip(columns, wraps, whole)
    ]
    return share_width(lowest, whole, room)
