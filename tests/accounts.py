"""Small realistic accounts for the gap tests: a healthy one and one-change variants of it."""

import pandas as pd

import powermap

COLUMNS = [
    "id",
    "name",
    "title",
    "department",
    "level",
    "reports_to",
    "roles",
    "influence",
    "stance",
    "relationship",
    "owner",
    "last_contact",
    "competitor",
]

# A well-covered account at stage 5 (requirements & formal proposal): every role engaged and
# supportive, three mid-level allies, two owners, the CEO's assistant on our side, recent contact.
HEALTHY = [
    (
        "ceo",
        "Margaret Olsen",
        "Chief Executive Officer",
        "Executive Office",
        "executive",
        "",
        "decision maker",
        5,
        1,
        2,
        "Dana Ruiz",
        "2026-11-02",
        "",
    ),
    (
        "ea",
        "Joanne Pruitt",
        "Executive Assistant to the CEO",
        "Executive Office",
        "staff",
        "ceo",
        "gatekeeper",
        2,
        1,
        1,
        "Dana Ruiz",
        "2026-10-30",
        "",
    ),
    (
        "cfo",
        "Catherine Brandt",
        "Chief Financial Officer",
        "Finance",
        "executive",
        "ceo",
        "advisor; finance",
        4,
        1,
        2,
        "Tom Becker",
        "2026-10-20",
        "",
    ),
    (
        "cto",
        "Henrik Sato",
        "Chief Technology Officer",
        "IT",
        "executive",
        "ceo",
        "technical supporter",
        4,
        2,
        2,
        "Tom Becker",
        "2026-11-10",
        "",
    ),
    (
        "coo",
        "Victor Castellanos",
        "Chief Operating Officer",
        "Operations",
        "executive",
        "ceo",
        "",
        4,
        1,
        1,
        "Dana Ruiz",
        "2026-10-01",
        "",
    ),
    ("itm", "Lena Kowalski", "IT Manager", "IT", "mid", "cto", "initiator", 4, 2, 3, "Tom Becker", "2026-11-12", ""),
    (
        "opm",
        "Gary Lindholm",
        "Production Manager",
        "Operations",
        "mid",
        "coo",
        "key user",
        3,
        1,
        2,
        "Dana Ruiz",
        "2026-11-01",
        "",
    ),
    (
        "fim",
        "Priya Nair",
        "Finance Manager",
        "Finance",
        "mid",
        "cfo",
        "purchaser",
        3,
        1,
        1,
        "Dana Ruiz",
        "2026-10-15",
        "",
    ),
    (
        "ana",
        "Ravi Iyer",
        "Systems Analyst",
        "IT",
        "staff",
        "itm",
        "inside coach",
        2,
        2,
        3,
        "Tom Becker",
        "2026-11-14",
        "",
    ),
    ("eng", "Derek Han", "Process Engineer", "Operations", "staff", "opm", "", 1, 0, 1, "Dana Ruiz", "2026-09-20", ""),
]
FACTS = dict(name="Hartwell", stage=5, technicality="high", as_of="2026-11-15")


def frame(rows=HEALTHY, **changes) -> pd.DataFrame:
    """The account as a contacts frame; ``changes`` maps id -> {column: value}."""
    df = pd.DataFrame([list(r) for r in rows], columns=COLUMNS).astype(object)
    for person, values in changes.items():
        for column, value in values.items():
            df.loc[df["id"] == person, column] = value
    return df


def add(df: pd.DataFrame, *rows) -> pd.DataFrame:
    return pd.concat([df, pd.DataFrame([list(r) for r in rows], columns=COLUMNS)], ignore_index=True)


def build(df=None, links=None, **facts) -> powermap.PowerMap:
    return powermap.from_frame(frame() if df is None else df, links, **{**FACTS, **facts})


def gap(pm, code, detail=None):
    """The one gap of ``code`` (about the role or stage condition ``detail``, where given)."""
    rows = pm.gaps()
    rows = rows[rows["code"] == code]
    if detail is not None:
        rows = rows[(rows["condition"] == detail) | (rows["role"] == detail)]
    assert len(rows) == 1, (code, detail, rows)
    return rows.iloc[0]


def found(pm, policy=None) -> list[tuple]:
    """(code, role or condition, contacts) of every gap, sorted."""
    gaps = pm.gaps(policy)
    return sorted(
        (
            g.code,
            g.role if isinstance(g.role, str) else g.condition if isinstance(g.condition, str) else None,
            g.contacts,
        )
        for g in gaps.itertuples()
    )


def handled(df: pd.DataFrame) -> pd.DataFrame:
    """The account with its initiator, the IT manager, also tagged handler (经手人): the person who runs the
    project day to day, whom stages 1-3 need (an untagged account has no known handler)."""
    df = df.copy()
    df.loc[df["id"] == "itm", "roles"] = "initiator; handler"
    return df


def trusted(df: pd.DataFrame) -> pd.DataFrame:
    """The account with every evaluator at the personal layer raised to trust (3), as stage 6 asks."""
    df = df.copy()
    evaluators = df["roles"].str.contains("decision|advisor|technical|key user|initiator", regex=True)
    df.loc[evaluators & (df["relationship"] == 2), "relationship"] = 3
    return df
