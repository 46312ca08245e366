"""Ids that look the same but are different letters: a Cyrillic or Greek letter in place of a Latin one.

``ceo`` written with a Cyrillic ``о`` (U+043E) is another id than the Latin
``ceo`` although no one can see it: two people where the user meant one, or a
``reports_to`` that names nobody. Such ids are legal (a Russian or Greek team
writes its own letters), so they are warned about, not refused.

>>> import pandas as pd
>>> contacts = pd.DataFrame({"id": ["ceo", "c\\u0435o", "cfo"], "row": [2, 3, 4]})
>>> lookalike_warnings(contacts)
["ids 'ceo' (row 2) and 'cеo' (row 3) look the same but are written in different alphabets (Cyrillic, Latin): check that they are two people"]
"""

from __future__ import annotations

import unicodedata

import pandas as pd

__all__ = ["skeleton", "lookalike_warnings"]

# Cyrillic and Greek letters drawn like a Latin one (Unicode's confusables, the letters that matter in ids)
_LATIN_LOOKS = str.maketrans(
    "аеорсухіјѕԁԛԝАВЕКМНОРСТХУІЈЅονΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwABEKMHOPCTXYIJSovABEZHIKMNOPTYX",
)
SHOWN = 10  # look-alike pairs named; more are counted


def skeleton(text: str) -> str:
    """``text`` with every Cyrillic or Greek letter that looks Latin written as that Latin letter.

    >>> skeleton("Маrk") == skeleton("Mark") == "Mark"
    True
    """
    return unicodedata.normalize("NFC", text).translate(_LATIN_LOOKS)


def _alphabets(text: str) -> set[str]:
    return {unicodedata.name(c, "?").split(" ")[0] for c in text if c.isalpha()}


def lookalike_warnings(contacts: pd.DataFrame) -> list[str]:
    """A warning for each pair of ids (in one account) that differ but look the same (see the module)."""
    ids = contacts["id"].astype(str)
    keys = ids.map(skeleton)
    if "account" in contacts:
        keys = contacts["account"].astype(str) + "\x1f" + keys
    groups = pd.DataFrame({"key": keys.to_numpy(), "id": ids.to_numpy(), "row": contacts["row"].to_numpy()})
    groups = groups.drop_duplicates("id").loc[lambda g: g["key"].duplicated(keep=False)]
    warnings: list[str] = []
    for _, group in groups.groupby("key", sort=False):
        first = group.iloc[0]
        for other in group.iloc[1:].itertuples(index=False):
            alphabets = ", ".join(a.capitalize() for a in sorted(_alphabets(first["id"]) | _alphabets(other.id)))
            warnings.append(
                f"ids {first['id']!r} (row {first['row']}) and {other.id!r} (row {other.row}) look the same but are "
                f"written in different alphabets ({alphabets}): check that they are two people"
            )
    if len(warnings) > SHOWN:
        warnings = warnings[:SHOWN] + [f"... and {len(warnings) - SHOWN} more pairs of look-alike ids"]
    return warnings
