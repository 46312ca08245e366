"""Export profiles: the contact exports of Salesforce, HubSpot, Dynamics 365 and Blue Sheet tables, as data.

A profile says which headers of an export mean which powermap column and what
its picklist values mean in powermap's vocabulary. :func:`prepare` turns a raw
export into the contacts table that :mod:`powermap.load` validates, and says
what it read (a :class:`Reading`: the profile, a column-by-column mapping,
every value it could not map with the nearest known one, and notes). Nothing
here validates: ids, names and reporting lines are checked by ``load`` as for
any file.

Profiles are tables, not code paths: adding a CRM or a picklist value is a
change of data below. ``docs/crm-exports.md`` cites each vendor's pages.

Examples
--------
>>> import pandas as pd
>>> from powermap.io.read import RawTable
>>> raw = RawTable("hubspot.csv", pd.DataFrame({
...     "Record ID": ["101", "102"], "First Name": ["Ana", "Bo"], "Last Name": ["Ruiz", "Lee"],
...     "Buying Role": ["Decision Maker;Budget Holder", "Blocker"], "Email": ["a@x.com", "b@x.com"]}), [2, 3])
>>> table, reading, problems = prepare(raw)
>>> reading.profile, problems
('hubspot', [])
>>> table.frame[["id", "name", "roles", "stance"]].values.tolist()
[['101', 'Ana Ruiz', 'decision_maker;finance', ''], ['102', 'Bo Lee', '', '-2']]
>>> reading.mapping["Buying Role"], reading.mapping["Email"]
('roles (+stance)', 'kept, not used')
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.errors import InputError, Problem
from powermap.io.dates import read_dates
from powermap.io.read import RawTable

__all__ = ["Profile", "PROFILES", "ReadOptions", "Reading", "prepare", "detect", "read_users", "sf15"]

N = vocab.normalize_word

# Picklist values that CRMs ship as defaults and that name no buying role (issue: "Other", Zoho's "-None-").
NO_ROLE: tuple[str, ...] = (
    "other",
    "employee",
    "stakeholder",
    "unknown",
    "none",
    "-none-",
    "n/a",
    "na",
    "not set",
    "no role",
    "tbd",
    "product management",
    "project manager",
)

# Header aliases every profile (plain included) accepts beyond powermap's own (load.CONTACT_COLUMNS):
# labels seen in CRM exports.
COMMON_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Record Id", "Record ID", "Contact Id", "(Do Not Modify) Contact", "Person - ID", "Contact ID (18)"),
    "name": ("Person - Name", "Full Name", "Contact Name"),
    "first_name": ("First Name", "FirstName", "Given Name"),
    "last_name": ("Last Name", "LastName", "Surname", "Family Name"),
    "title": ("Job Title", "Person - Job title"),
    "reports_to": (
        "REPORTSTOID",
        "Reports To Id",
        "Reporting To",
        "Reports To: Full Name",
        "Manager Name",
        "Parent Contact",
    ),
    "owner": (
        "Owner ID",
        "Owner Id",
        "OwnerId",
        "Contact Owner Id",
        "Contact Owner Name",
        "Person - Owner",
        "Owner Name",
        "Owner",
    ),
    "last_contact": (
        "Last Activity Time",
        "Last Activity Date",
        "LastActivityDate",
        "Person - Last activity date",
        "Last Contacted",
    ),
    "notes": ("Description", "Contact Description"),
    "roles": ("Buying Role", "Contact Role", "Connection Role"),
    "account": (
        "Account Name",
        "AccountId",
        "Account ID",
        "Company Name",
        "Associated Company",
        "Person - Organization",
        "Organization",
    ),
    "email": ("Email", "E-mail", "Email Address", "Person - Email"),
}

ROLE_TARGETS = {"roles"}

# When a record was created or last edited: never an activity, whatever the CRM's export calls it. Said so in
# validate's mapping, so that nobody reads an edit of the record as a contact with the person.
EDIT_DATES: tuple[str, ...] = (
    "Modified On",
    "(Do Not Modify) Modified On",
    "Created On",
    "Created Date",
    "CreatedDate",
    "Created Time",
    "Last Modified",
    "Last Modified Date",
    "LastModifiedDate",
    "Last Modified Time",
    "Modified Time",
    "Update time",
    "Person - Update time",
    "Person - Person created",
)
# Custom fields carry the CRM's object name before their label ("Person - Buying role", Pipedrive): the label
# after it is matched as any header is.
FIELD_PREFIX = re.compile(r"^\s*(?:person|contact|contacts|people|lead)\s*[-:]\s*(.+)$", re.IGNORECASE)

# Zoho CRM's standard contact roles (Setup > Customization > Contact Roles), read in every profile; a role that
# names no buying role (Product Management) is in NO_ROLE. docs/crm-exports.md lists each.
ZOHO_ROLES: dict[str, tuple[str, ...]] = {
    "Developer/Evaluator": ("technical_supporter",),
    "Purchasing": ("purchaser",),
    "Legal": ("legal",),
    "Economic Decision Maker": ("decision_maker",),
    "Executive Sponsor": ("initiator",),
    "Technical Buyer": ("technical_supporter",),
    "Influencer": ("influencer",),
    "Decision Maker": ("decision_maker",),
}


@dataclass(frozen=True)
class Profile:
    """One CRM's export: header aliases, picklist values and how ids compare.

    ``columns``: powermap column -> the export's headers for it, preferred first.
    ``signature``: headers that only this export writes (detection counts them).
    ``roles``: picklist value -> powermap role and tag ids (``()``: no role).
    ``role_stance``: picklist value -> stance (-2..2) set when the row gives none.
    ``values``: powermap column -> {export value: powermap value}.
    ``salesforce_ids``: ids compare case-sensitively on their first 15 characters.
    """

    name: str
    label: str
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    signature: tuple[str, ...] = ()
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    role_stance: Mapping[str, int] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    salesforce_ids: bool = False


SALESFORCE = Profile(
    "salesforce",
    "Salesforce contacts export",
    columns={
        "id": ("Id", "Contact ID", "Contact Id", "ContactId", "Contact ID (18)"),
        "name": ("Name", "Full Name", "Contact Name"),
        "first_name": ("FirstName", "First Name"),
        "last_name": ("LastName", "Last Name"),
        "title": ("Title",),
        "department": ("Department",),
        "reports_to": ("ReportsToId", "Reports To ID", "Reports To Id", "Reports To", "REPORTSTOID"),
        "owner": ("OwnerId", "Contact Owner", "Owner Name", "Contact Owner Name", "Contact Owner Alias"),
        "last_contact": ("LastActivityDate", "Last Activity", "Last Activity Date"),
        "notes": ("Description", "Contact Description"),
        "roles": ("Role", "Contact Role", "Contact Roles"),
        "account": ("AccountId", "Account ID", "Account Name"),
        "email": ("Email",),
    },
    signature=(
        "ReportsToId",
        "OwnerId",
        "LastActivityDate",
        "AccountId",
        "Contact ID",
        "Contact Owner",
        "Last Activity",
        "Account Name",
        "Reports To",
        "Contact Owner Alias",
        "Mailing City",
    ),
    roles={
        "Business User": ("key_user",),
        "Decision Maker": ("decision_maker",),
        "Economic Buyer": ("decision_maker",),
        "Economic Decision Maker": ("decision_maker",),
        "Evaluator": ("technical_supporter",),
        "Executive Sponsor": ("initiator",),
        "Influencer": ("influencer",),
        "Technical Buyer": ("technical_supporter",),
        "Other": (),
    },
    salesforce_ids=True,
)

HUBSPOT = Profile(
    "hubspot",
    "HubSpot contacts export",
    columns={
        "id": ("Record ID", "Record Id", "hs_object_id", "Contact ID"),
        "first_name": ("First Name", "firstname"),
        "last_name": ("Last Name", "lastname"),
        "title": ("Job Title", "jobtitle"),
        "department": ("Department", "Job function"),
        "reports_to": ("Reports To", "Manager"),
        "roles": ("Buying Role", "hs_buying_role"),
        "owner": ("Contact owner", "hubspot_owner_id", "HubSpot Owner"),
        "last_contact": ("Last Activity Date", "notes_last_updated", "Last Contacted", "Last Engagement Date"),
        "notes": ("Description", "Notes"),
        "account": ("Associated Company", "Company Name", "Associated Company Primary"),
        "email": ("Email",),
    },
    signature=(
        "Record ID",
        "Buying Role",
        "Job Title",
        "Contact owner",
        "Last Activity Date",
        "hs_buying_role",
        "hubspot_owner_id",
        "Lifecycle Stage",
        "Lead Status",
        "Associated Company",
    ),
    roles={
        "Decision Maker": ("decision_maker",),
        "Budget Holder": ("finance",),
        "Champion": ("initiator",),
        "End User": ("key_user",),
        "Executive Sponsor": ("initiator",),
        "Influencer": ("influencer",),
        "Legal and Compliance": ("legal",),
        "Blocker": (),
        "Other": (),
    },
    role_stance={"Champion": 2, "Blocker": -2},
)

DYNAMICS = Profile(
    "dynamics",
    "Dynamics 365 Sales contacts export",
    columns={
        "id": ("(Do Not Modify) Contact", "Contact", "contactid"),
        "name": ("Full Name", "fullname"),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "title": ("Job Title", "jobtitle"),
        "department": ("Department",),
        "reports_to": ("Parent Contact", "Reporting To", "Manager", "Manager Name", "parentcontactid"),
        "roles": ("Connection Role", "Connection Roles", "Role", "Role (Connection)", "As this role"),
        "owner": ("Owner", "Owning User", "ownerid"),
        "last_contact": ("Last Activity", "Last Activity Date", "Last Activity Time"),
        "notes": ("Description",),
        "account": ("Company Name", "Account Name", "Parent Customer", "parentcustomerid"),
        "email": ("Email",),
    },
    signature=(
        "(Do Not Modify) Contact",
        "(Do Not Modify) Row Checksum",
        "(Do Not Modify) Modified On",
        "Connection Role",
        "Parent Contact",
        "parentcustomerid",
        "Company Name",
    ),
    roles={
        "Decision Maker": ("decision_maker",),
        "Economic": ("decision_maker",),
        "Economic Buyer": ("decision_maker",),
        "Influencer": ("influencer",),
        "Technical": ("technical_supporter",),
        "Technical Buyer": ("technical_supporter",),
        "Champion": ("initiator",),
        "Executive Sponsor": ("initiator",),
        "End User": ("key_user",),
        "User": ("key_user",),
        "Stakeholder": (),
        "Blocker": (),
        "Other": (),
    },
    role_stance={"Blocker": -2},
)

BLUESHEET = Profile(
    "bluesheet",
    "Blue Sheet buying influences",
    columns={
        "id": ("Id", "#", "No."),
        "name": ("Buying Influence", "Buying Influences", "Name"),
        "title": ("Title", "Position"),
        "roles": ("Role", "Buying Influence Role", "Buying role"),
        "influence": ("Degree of Influence", "Influence"),
        "mode": ("Mode",),
        "rating": ("Rating",),
        "coverage": ("Coverage", "Covered by"),
        "reports_to": ("Reports To",),
        "last_contact": ("Last Contact", "Last Contacted"),
        "notes": ("Notes", "Basis for Rating"),
    },
    signature=(
        "Degree of Influence",
        "Mode",
        "Rating",
        "Coverage",
        "Buying Influence",
        "Buying Influences",
        "Basis for Rating",
    ),
    roles={
        "Economic": ("decision_maker",),
        "Economic Buyer": ("decision_maker",),
        "User": ("key_user",),
        "User Buyer": ("key_user",),
        "Technical": ("technical_supporter",),
        "Technical Buyer": ("technical_supporter",),
        "Coach": ("inside_coach",),
    },
    values={
        # Miller Heiman modes: Growth and Trouble are receptive to a change, Even Keel is not moved, Overconfident
        # sees no need and resists. Used for stance only where the row has no Rating.
        "mode": {"Growth": "1", "Trouble": "1", "Even Keel": "0", "Overconfident": "-1"},
        "coverage": {
            "Yes": "1",
            "Y": "1",
            "Covered": "1",
            "True": "1",
            "X": "1",
            "No": "0",
            "N": "0",
            "Not covered": "0",
            "False": "0",
        },
    },
)

PLAIN = Profile("plain", "powermap contacts table")

PROFILES: dict[str, Profile] = {p.name: p for p in (SALESFORCE, HUBSPOT, DYNAMICS, BLUESHEET, PLAIN)}

# A Blue Sheet Rating (-5..+5) as a stance (-2..2).
RATING_STANCE = {-5: -2, -4: -2, -3: -1, -2: -1, -1: -1, 0: 0, 1: 1, 2: 1, 3: 1, 4: 2, 5: 2}


@dataclass(frozen=True)
class ReadOptions:
    """How to read an export (the CLI's ``--from``, ``--contact-roles``, ``--opportunity``, ``--dayfirst``,
    ``--users``, ``--lenient``, ``--account``, ``--activities``)."""

    profile: str | None = None
    contact_roles: str | Path | None = None
    opportunity: str | None = None
    dayfirst: bool | None = None
    users: str | Path | None = None
    lenient: bool = False
    account: str | None = None
    activities: tuple[str | Path, ...] = ()  # activity exports and calendars (powermap.io.activities)


@dataclass
class Unmapped:
    column: str
    value: str
    rows: list[int]
    nearest: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.column, "value": self.value, "rows": self.rows, "nearest": self.nearest}


@dataclass
class Reading:
    """What :func:`prepare` read: profile, column mapping, unmapped values, notes and warnings."""

    profile: str
    label: str
    detected: bool
    evidence: list[str] = field(default_factory=list)  # the headers that gave the profile away
    mapping: dict[str, str] = field(default_factory=dict)  # header -> what it became
    unmapped: list[Unmapped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # column in the prepared table -> header in the file

    @property
    def unused(self) -> list[str]:
        """Headers of the file that powermap does not use (kept as extra columns)."""
        return [h for h, what in self.mapping.items() if what.startswith("kept")]

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "label": self.label,
            "detected": self.detected,
            "evidence": self.evidence,
            "columns": [{"column": h, "read_as": w} for h, w in self.mapping.items()],
            "unused_columns": self.unused,
            "unmapped_values": [u.to_dict() for u in self.unmapped],
            "notes": list(self.notes),
            "warnings": list(self.warnings),
        }

    def relocate(self, problems: list[Problem]) -> list[Problem]:
        """Problems found in the prepared table, pointed back at the file's own headers."""
        return [
            dataclasses.replace(p, column=self.renamed.get(p.column, p.column)) if p.column else p for p in problems
        ]


def sf15(value: str) -> str:
    """A Salesforce record id's case-sensitive 15-character form (an 18-character id adds a checksum).

    >>> sf15("0035e00000AbCdEFGH"), sf15("0035e00000AbCdE")
    ('0035e00000AbCdE', '0035e00000AbCdE')
    """
    return value[:15] if len(value) == 18 and value.isalnum() else value


def _index(columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for target, headers in columns.items():
        for h in headers:
            index.setdefault(N(h), target)
    return index


def detect(headers: list[str]) -> tuple[Profile, list[str]]:
    """The profile whose signature headers the file carries most (at least two), else plain.

    Headers that are powermap's own column names (``id``, ``reports_to``, ...) do not count.

    >>> detect(["Id", "FirstName", "LastName", "ReportsToId", "OwnerId"])[0].name
    'salesforce'
    >>> detect(["id", "name", "roles"])[0].name
    'plain'
    """
    from powermap.io.validate import CONTACT_COLUMNS

    canonical = {N(c) for c in CONTACT_COLUMNS}  # a table in powermap's own words is plain, whatever else it has
    normal = {N(h): h for h in headers if N(h) not in canonical}
    seen: list[str]
    best, seen = PLAIN, []
    for profile in PROFILES.values():
        hits = [normal[N(s)] for s in profile.signature if N(s) in normal]
        if len(hits) >= 2 and len(hits) > len(seen):
            best, seen = profile, hits
    return best, seen


def _load_aliases() -> dict[str, str]:
    from powermap.io.validate import CONTACT_COLUMNS

    return {N(a): canon for canon, aliases in CONTACT_COLUMNS.items() for a in [canon, *aliases]}


def _match(headers: list[str], profile: Profile) -> dict[str, str]:
    """powermap column -> the file's header, by the profile's aliases, then the common ones, then powermap's own."""
    found: dict[str, str] = {}
    used: set[str] = set()
    normal = {h: N(h) for h in headers}
    for table in (profile.columns, COMMON_COLUMNS):
        for target, aliases in table.items():
            if target in found:
                continue
            for alias in aliases:
                header = next((h for h in headers if normal[h] == N(alias) and h not in used), None)
                if header is not None:
                    found[target] = header
                    used.add(header)
                    break
    own = _load_aliases()
    for h in headers:
        canon = own.get(normal[h])
        if h not in used and canon is not None and canon not in found:
            found[canon] = h
            used.add(h)
    common = _index({**COMMON_COLUMNS, **profile.columns})
    for h in headers:  # a custom field by its label after the object's name: "Person - Buying role"
        m = FIELD_PREFIX.match(h)
        if h in used or not m or N(h) in {N(e) for e in EDIT_DATES}:
            continue
        label = N(m.group(1))
        canon = common.get(label) or own.get(label)
        if canon is not None and canon not in found:
            found[canon] = h
            used.add(h)
    return found


def read_users(path: str | Path) -> dict[str, str]:
    """A users table (``Id``/``User ID`` and ``Name``/``Full Name``, or first and last name): id -> name."""
    from powermap.io.read import read_links

    raw = read_links(path)
    frame = raw.frame
    headers = {N(h): h for h in frame.columns}
    id_h = next(
        (
            headers[N(a)]
            for a in ("Id", "User ID", "UserId", "Owner ID", "OwnerId", "hubspot_owner_id", "systemuserid")
            if N(a) in headers
        ),
        None,
    )
    name_h = next(
        (headers[N(a)] for a in ("Name", "Full Name", "User Name", "Owner Name", "fullname") if N(a) in headers), None
    )
    first_h = headers.get(N("First Name")) or headers.get(N("FirstName"))
    last_h = headers.get(N("Last Name")) or headers.get(N("LastName"))
    if id_h is None or (name_h is None and last_h is None):
        raise InputError(
            [
                Problem(
                    raw.file,
                    "a users table needs an id column (Id, User ID) and a name column "
                    f"(Name, Full Name, or First Name and Last Name); found columns: "
                    f"{', '.join(frame.columns)}",
                )
            ]
        )
    if name_h is not None:
        names = frame[name_h].str.strip()
    else:
        names = (
            (frame[first_h].str.strip() + " " + frame[last_h].str.strip()).str.strip()
            if first_h
            else frame[last_h].str.strip()
        )
    users = {}
    for uid, name in zip(frame[id_h].str.strip(), names):
        if uid:
            users[uid] = name
            users.setdefault(sf15(uid), name)
    return users


def _split(value: str) -> list[str]:
    return [w.strip() for w in re.split(r"[;,|；，、\n]+", value) if w.strip()]


class _Roles:
    """Reads role cells through a profile's picklist, the no-role values and powermap's vocabulary."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.table = {N(k): v for k, v in {**ZOHO_ROLES, **profile.roles}.items()}
        self.stance = {N(k): v for k, v in profile.role_stance.items()}
        self.none = {N(v) for v in NO_ROLE}
        self.known = [*profile.roles, *ZOHO_ROLES, *(v.title() for v in NO_ROLE[:4]), *vocab.ROLE_VOCAB.aliases()]

    def read(self, cell: str) -> tuple[tuple[str, ...], int | None, list[str]]:
        roles: list[str] = []
        stance: int | None = None
        unknown: list[str] = []
        for word in _split(cell):
            key = N(word)
            if key in self.table:
                found = self.table[key]
            elif key in self.none:
                found = ()
            else:
                role = vocab.ROLE_VOCAB.lookup(word)
                if role is None:
                    unknown.append(word)
                    continue
                found = (role,)
            roles += [r for r in found if r not in roles]
            if key in self.stance and (stance is None or abs(self.stance[key]) > abs(stance)):
                stance = self.stance[key]
        return tuple(roles), stance, unknown

    def nearest(self, word: str) -> str | None:
        spellings = {N(k): k for k in reversed(self.known)}  # the export's own spelling first
        close = difflib.get_close_matches(N(word), list(spellings), n=1, cutoff=0.5)
        return spellings[close[0]] if close else None


def _rows(raw: RawTable, mask: np.ndarray) -> list[int]:
    return [int(raw.rows[i]) for i in np.flatnonzero(mask)]


class _Preparer:
    def __init__(self, raw: RawTable, options: ReadOptions):
        self.raw = raw
        self.options = options
        self.problems: list[Problem] = []
        frame = raw.frame
        signs: list[str]
        if options.profile:
            if options.profile not in PROFILES:
                raise InputError(
                    [
                        Problem(
                            raw.file,
                            f"unknown export profile '{options.profile}': expected one of {', '.join(PROFILES)}",
                        )
                    ]
                )
            self.profile, detected, signs = PROFILES[options.profile], False, []
        else:
            self.profile, signs = detect(list(frame.columns))
            detected = True
        self.reading = Reading(self.profile.name, self.profile.label, detected, evidence=list(signs[:5]))
        self.reading.notes.extend(raw.notes)  # what the reader decided (a title block above the header skipped)
        self.headers = _match(list(frame.columns), self.profile)
        self._cols: dict[str, pd.Series] = {}
        self._label_as_stance()
        self.roles = _Roles(self.profile)

    def _label_as_stance(self) -> None:
        """A custom ``Label`` field (Pipedrive's ``Person - Label``) is the stance when every value is a stance
        word (Champion, Supporter, Neutral, Skeptic, Blocker, ...); other labels stay unused, and a note says so."""
        if "stance" in self.headers:
            return
        for header in self.raw.frame.columns:
            m = FIELD_PREFIX.match(str(header))
            if not m or N(m.group(1)) != "label":
                continue
            values = [v.strip() for v in pd.unique(self.raw.frame[header].astype(str)) if v.strip()]
            if values and all(vocab.STANCES.lookup(v) is not None for v in values):
                self.headers["stance"] = header
                self.reading.notes.append(f"column '{header}' holds stance words only: read as the stance")
            elif values:
                self.reading.notes.append(
                    f"column '{header}' holds labels that are not stances ({', '.join(values[:3])}): kept, not used"
                )
            return

    # -- helpers -------------------------------------------------------------------------
    def col(self, target: str) -> pd.Series | None:
        header = self.headers.get(target)
        if header is None:
            return None
        if header not in self._cols:
            values = self.raw.frame[header]
            if not isinstance(values.dtype, pd.StringDtype):
                values = values.astype(str)
            # load strips every cell; a plain table's columns are only looked at here, so skip the copy
            self._cols[header] = values if self.profile is PLAIN else values.str.strip()
        return self._cols[header]

    def unmapped(self, target: str, value: str, mask: np.ndarray, nearest: str | None, expected: str) -> None:
        header = self.headers[target]
        rows = _rows(self.raw, mask)
        self.reading.unmapped.append(Unmapped(header, value, rows, nearest))
        mean = f" (nearest known value: '{nearest}')" if nearest else ""
        if self.options.lenient:
            self.reading.notes.append(
                f"column '{header}': value '{value}' on {len(rows)} row(s) not mapped{mean}; left out (--lenient)"
            )
            return
        for i in np.flatnonzero(mask):
            self.problems.append(
                self.raw.problem(
                    f"value not mapped{mean}: expected {expected}; --lenient keeps it as a note",
                    index=int(i),
                    column=header,
                    value=value,
                )
            )

    # -- the steps ---------------------------------------------------------------------
    def run(self) -> tuple[RawTable, Reading, list[Problem]]:
        raw, frame = self.raw, self.raw.frame
        out: dict[str, pd.Series] = {}
        mapping: dict[str, str] = {}
        n = len(frame)
        empty = pd.Series([""] * n, index=frame.index, dtype=object)

        keep = self._account_filter()
        ids = self.col("id")
        name = self.col("name")
        first, last = self.col("first_name"), self.col("last_name")
        if ids is None and self.profile is BLUESHEET and name is not None:
            ids = name
            self.reading.notes.append("no id column: each buying influence's name is its id")
        if name is None and (first is not None or last is not None):
            name = ((first if first is not None else empty) + " " + (last if last is not None else empty)).str.strip()
            for t in ("first_name", "last_name"):
                if t in self.headers:
                    mapping[self.headers[t]] = "name (first and last joined)"
        elif name is not None and (first is not None or last is not None):
            joined = ((first if first is not None else empty) + " " + (last if last is not None else empty)).str.strip()
            name = name.where(name != "", joined)
            for t in ("first_name", "last_name"):
                if t in self.headers:
                    mapping[self.headers[t]] = "name (where the name is empty)"
        if ids is not None:
            out["id"] = ids
        if name is not None:
            out["name"] = name
        for target in ("title", "department", "level", "influence", "stance", "relationship", "competitor", "notes"):
            values = self.col(target)
            if values is not None:
                out[target] = values
        self._roles(out, empty)
        self._bluesheet(out)
        self._owner(out)
        self._dates(out)
        self._reports_to(out)
        self._contact_roles(out, empty)
        self._duplicates(out)

        for target, header in self.headers.items():
            if header in mapping:
                continue
            if target in ("account", "email", "first_name", "last_name", "mode", "rating", "coverage"):
                continue
            mapping[header] = {
                "roles": "roles (+stance)" if self.profile.role_stance else "roles",
                "reports_to": "reports_to (manager)",
                "last_contact": "last_contact (date)",
                "owner": "owner",
            }.get(target, target)
        edits = {N(e) for e in EDIT_DATES}
        for header in frame.columns:
            if N(header) in edits and header not in self.headers.values():
                mapping[header] = "kept, not used (when the record was edited: not an activity)"
        for target, what in (
            ("mode", "stance (where Rating is empty)"),
            ("rating", "stance"),
            ("coverage", "relationship (+owner)"),
        ):
            if target in self.headers:
                mapping[self.headers[target]] = what
        if self.profile is BLUESHEET and "influence" in self.headers:
            mapping[self.headers["influence"]] = "influence"
        if self.options.activities and "email" in self.headers:
            mapping[self.headers["email"]] = "kept, not used in the map; matches --activities by email"

        if self.profile is PLAIN and keep is None and self._unchanged(out):
            account = self.headers.get("account")
            self.reading.mapping = {
                h: mapping.get(h, "kept, not used (the account: see --account)" if h == account else "kept, not used")
                for h in frame.columns
            }
            return raw, self.reading, self.problems  # a table in powermap's own words: nothing to rebuild

        # the prepared table: powermap's columns under their own names, the rest kept as given
        columns: dict[str, pd.Series] = {}
        own = _load_aliases()
        for target, values in out.items():
            columns[target] = values
            source = self.headers.get(target)
            if source is not None:
                self.reading.renamed[target] = source
        by_header = {h: t for t, h in self.headers.items()}
        for header in frame.columns:
            maps_to = by_header.get(header)
            if maps_to in set(own.values()) - set(columns):  # a known column no step rewrote passes through
                columns[maps_to] = frame[header]
                self.reading.renamed[maps_to] = header
                continue
            if maps_to in out or header in mapping and maps_to not in ("account", "email", None):
                continue
            if header in mapping and not mapping[header].startswith("kept"):
                continue
            name_out = header
            if N(header) in own or header in columns:  # would read as one of powermap's columns: keep it apart
                name_out = f"{header} (kept)"
                self.reading.renamed[name_out] = header
            columns[name_out] = frame[header]
            mapping.setdefault(
                header, "kept, not used (the account: see --account)" if maps_to == "account" else "kept, not used"
            )
        extra = dict(self.reading.mapping)  # e.g. the contact roles file's role column
        self.reading.mapping = {**{h: mapping[h] for h in frame.columns if h in mapping}, **extra}
        table = pd.DataFrame(columns, index=frame.index)
        rows = np.asarray(raw.rows)
        if keep is not None:
            table, rows = table.loc[keep], rows[keep]
        table = table.reset_index(drop=True)
        kept_rows = set(rows.tolist())  # cells refused while reading stay with their rows' problems
        refused = [p for p in raw.problems if p.row is None or p.row in kept_rows]
        return RawTable(raw.file, table, rows.tolist(), raw.row_label, refused), self.reading, self.problems

    def _unchanged(self, out: dict[str, pd.Series]) -> bool:
        """Whether every column of ``out`` is the file's own column (same object), under a name load knows."""
        own = _load_aliases()
        for target, values in out.items():
            header = self.headers.get(target)
            if header is None or own.get(N(header)) != target:
                return False
            if values is not self._cols.get(header):
                return False
        return True

    def _account_filter(self) -> np.ndarray | None:
        accounts = self.col("account")
        wanted = self.options.account
        if accounts is None:
            if wanted is not None:
                self.problems.append(
                    Problem(
                        self.raw.file,
                        f"--account {wanted!r}: the file has no account column (AccountId, Account Name, Company Name)",
                    )
                )
            return None
        header = self.headers["account"]
        distinct = [v for v in pd.unique(accounts) if v]
        if wanted is not None:
            keep = (accounts.map(N) == N(wanted)).to_numpy()
            if not keep.any():
                listed = ", ".join(repr(v) for v in distinct[:8])
                self.problems.append(
                    Problem(
                        self.raw.file,
                        f"--account {wanted!r} names no account in column '{header}': found {listed}",
                        column=header,
                    )
                )
                return None
            return keep
        if len(distinct) > 1:
            listed = ", ".join(repr(v) for v in distinct[:5]) + (" ..." if len(distinct) > 5 else "")
            self.reading.warnings.append(
                f"the file holds {len(distinct)} accounts in column '{header}' ({listed}): pick one with "
                f'--account NAME, or score them all with `powermap portfolio FILE --by "{header}"`'
            )
        return None

    def _roles(self, out: dict[str, pd.Series], empty: pd.Series) -> None:
        cells = self.col("roles")
        if cells is None:
            return
        parsed: dict[str, tuple[str, ...]] = {}
        stances: dict[str, int | None] = {}
        plain = self.profile is PLAIN
        if plain:  # powermap's own words: load reads them; only the CRM "no role" words are taken out here
            rewritten = {}
            for value in pd.unique(cells):
                words = _split(value)
                if any(N(w) in self.roles.none for w in words):
                    rewritten[value] = ";".join(w for w in words if N(w) not in self.roles.none)
            out["roles"] = cells.map(lambda c: rewritten.get(c, c)) if rewritten else cells
            return
        for value in pd.unique(cells):
            roles, stance, unknown = self.roles.read(value)
            parsed[value], stances[value] = roles, stance
            for word in unknown:
                holding = {c for c in pd.unique(cells) if word in _split(c)}
                mask = cells.isin(holding).to_numpy()
                self.unmapped(
                    "roles",
                    word,
                    mask,
                    self.roles.nearest(word),
                    f"a {self.profile.label} role value ({', '.join(self.profile.roles) or 'see --help'}) "
                    "or a powermap role",
                )
        out["roles"] = cells.map({c: ";".join(r) for c, r in parsed.items()})
        if not any(v is not None for v in stances.values()):
            return
        role_stance = cells.map(stances)
        if role_stance.notna().any():
            given = out.get("stance", empty)
            fill = (given == "") & role_stance.notna()
            stance_text = {c: ("" if v is None else str(int(v))) for c, v in stances.items()}
            out["stance"] = given.where(~fill, cells.map(stance_text))
            if fill.any():
                listed = ", ".join(f"{k} -> stance {v:+d}" for k, v in self.profile.role_stance.items())
                self.reading.notes.append(
                    f"stance set from '{self.headers['roles']}' for {int(fill.sum())} contact(s) "
                    f"whose stance was empty ({listed})"
                )

    def _bluesheet(self, out: dict[str, pd.Series]) -> None:
        rating, mode, coverage = self.col("rating"), self.col("mode"), self.col("coverage")
        stance = out.get("stance")
        if rating is not None:
            values = {}
            for value in pd.unique(rating):
                number = re.fullmatch(r"[+-]?\d+", value) and int(value)
                if value == "":
                    values[value] = ""
                elif number is not False and number is not None and -5 <= number <= 5:
                    values[value] = str(RATING_STANCE[number])
                else:
                    values[value] = ""
                    self.unmapped("rating", value, (rating == value).to_numpy(), None, "a rating from -5 to +5")
            from_rating = rating.map(values)
            stance = from_rating if stance is None else stance.where(stance != "", from_rating)
        if mode is not None:
            table = {N(k): v for k, v in self.profile.values["mode"].items()}
            values = {}
            for value in pd.unique(mode):
                if value == "" or N(value) in table:
                    values[value] = table.get(N(value), "")
                else:
                    values[value] = ""
                    close = difflib.get_close_matches(value.title(), list(self.profile.values["mode"]), n=1, cutoff=0.5)
                    self.unmapped(
                        "mode",
                        value,
                        (mode == value).to_numpy(),
                        close[0] if close else None,
                        "Growth, Trouble, Even Keel or Overconfident",
                    )
            from_mode = mode.map(values)
            stance = from_mode if stance is None else stance.where(stance != "", from_mode)
        if stance is not None:
            out["stance"] = stance
        if coverage is not None:
            table = {N(k): v for k, v in self.profile.values["coverage"].items()}
            relationship = coverage.map(lambda v: "" if v == "" else table.get(N(v), "1"))
            named = (coverage != "") & ~coverage.map(N).isin(set(table))
            given = out.get("relationship")
            out["relationship"] = relationship if given is None else given.where(given != "", relationship)
            if named.any():
                owner = out.get("owner", self.col("owner"))
                owner = (
                    coverage.where(named, "") if owner is None else owner.where(owner != "", coverage.where(named, ""))
                )
                out["owner"] = owner

    def _owner(self, out: dict[str, pd.Series]) -> None:
        owner = self.col("owner")
        if owner is None:
            return
        if "owner" in out:  # coverage named some owners already
            owner = out["owner"].where(out["owner"] != "", owner)
        user_id = re.compile(r"\s*(005[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?|\d{5,})\s*")
        ids = [v for v in pd.unique(owner) if user_id.fullmatch(v)]
        if self.options.users is not None:
            users = read_users(self.options.users)
            named = owner.map({v: users.get(v.strip(), users.get(sf15(v.strip()), v)) for v in pd.unique(owner)})
            missing = sorted(set(owner[(named == owner) & owner.isin(set(ids))]))
            if missing:
                self.reading.notes.append(f"owner ids not in {self.options.users}: {', '.join(missing[:5])}")
            self.reading.notes.append(f"owners named from {self.options.users}")
            owner = named
        elif len(ids):
            self.reading.notes.append(
                f"column '{self.headers['owner']}' holds user ids ({ids[0].strip()}, ...): they stay "
                "ids; --users FILE maps them to names"
            )
        out["owner"] = owner

    def _dates(self, out: dict[str, pd.Series]) -> None:
        """Every date column through the one date reader; a US or day-first order one column shows holds for all."""
        targets = [t for t in ("last_contact", "in_role_since") if self.col(t) is not None]
        dayfirst = self.options.dayfirst
        if dayfirst is None and len(targets) > 1:
            cells = [v for t in targets for v in pd.unique(self.col(t))]
            order = read_dates(cells).order
            dayfirst = None if order is None else order == "day first"
        for target in targets:
            self._date_column(out, target, dayfirst)

    def _date_column(self, out: dict[str, pd.Series], target: str, dayfirst: bool | None) -> None:
        cells = self.col(target)
        if cells is None:
            return
        distinct = pd.unique(cells)
        iso_date = re.compile(r"\s*(\d{4}-\d{2}-\d{2})?\s*")
        if all(iso_date.fullmatch(v) for v in distinct):
            out[target] = cells  # the common case: ISO dates, nothing to do
            return
        header = self.headers[target]
        reading = read_dates(list(distinct), dayfirst)
        if reading.ambiguous is not None:
            example, month_first, day_first = reading.ambiguous
            readable = {v.strip() for i, v in enumerate(distinct) if i not in set(reading.bad)}
            self.problems.append(
                Problem(
                    self.raw.file,
                    f"dates such as {example!r} read two ways: {month_first} (month first, US) or "
                    f"{day_first} (day first); no date in the column decides it: pass --monthfirst or "
                    "--dayfirst",
                    column=header,
                )
            )
            out[target] = cells.where(cells.map(lambda c: c.strip() not in readable), "")  # said once, above
            return
        iso = dict(zip(distinct, reading.values))
        bad = {distinct[i] for i in reading.bad}
        if self.profile is PLAIN:  # a cell that is no date stays for load to report
            iso.update({v: v for v in bad})
            bad = set()
        for i in np.flatnonzero(cells.isin(bad).to_numpy()):
            self.problems.append(
                self.raw.problem(
                    "not a date: expected an ISO date (2026-11-15), a US or day-first date (11/15/2026, 15/11/2026), "
                    "an ISO timestamp or an Excel serial date",
                    index=int(i),
                    column=header,
                    value=cells.iat[i],
                )
            )
        out[target] = cells.map({v: "" if v in bad else iso[v] for v in distinct})
        words = {
            "month first": "US dates (month first)",
            "day first": "day-first dates",
            "Excel serial": "Excel serial dates",
        }
        kinds = ", ".join(sorted(words.get(k, k) for k in reading.kinds if k != "ISO")) or "ISO timestamps"
        self.reading.notes.append(f"column '{header}': dates read as {kinds}")

    def _id_key(self, values: pd.Series) -> pd.Series:
        return values.map(sf15) if self.profile.salesforce_ids else values

    def _reports_to(self, out: dict[str, pd.Series]) -> None:
        managers = self.col("reports_to")
        if managers is None or "id" not in out:
            return
        ids = out["id"]
        header = self.headers["reports_to"]
        if self.profile.salesforce_ids:
            key = pd.Series(ids.to_numpy(), index=self._id_key(ids).to_numpy())
            key = key[~key.index.duplicated()]
            mapped = self._id_key(managers).map(key)
            changed = mapped.notna() & (mapped != managers)
            managers = managers.where(~changed, mapped)
            if changed.any():
                self.reading.notes.append(
                    f"{int(changed.sum())} value(s) of '{header}' matched contact Ids on their "
                    "first 15 characters (15- and 18-character Ids name the same record)"
                )
        distinct_ids = pd.unique(ids)
        if len(distinct_ids) <= 10_000:  # a pipeline's ids repeat per account: few distinct values
            known = managers.isin(distinct_ids).to_numpy()
        else:  # many distinct ids: hash them in numpy (isin over arrow strings walks the values in Python)
            index = pd.Index(pd.unique(ids.to_numpy(dtype=object)))
            known = index.get_indexer(managers.to_numpy(dtype=object)) >= 0
        unknown = pd.Series((managers != "").to_numpy() & ~known, index=managers.index)
        if not unknown.any() or "name" not in out:
            out["reports_to"] = managers
            return

        def fold(text: str) -> str:
            return "".join(text.casefold().split())

        # names are matched within the row's account when the file names accounts (a pipeline repeats names)
        accounts = self.col("account")
        scope = accounts.to_numpy(dtype=object) if accounts is not None else np.full(len(managers), "", dtype=object)
        rows = np.flatnonzero(unknown.to_numpy())
        raw_values = managers.to_numpy(dtype=object)
        folds = {v: fold(v) for v in pd.unique(managers[unknown])}
        row_keys = np.array([scope[i] + "\x1f" + folds[raw_values[i]] for i in rows], dtype=object)
        wanted = pd.Index(pd.unique(row_keys))
        name_keys = scope + "\x1f" + out["name"].str.casefold().str.replace(" ", "", regex=False).to_numpy(dtype=object)
        by_name: dict[str, list[int]] = {}
        for i in np.flatnonzero(wanted.get_indexer(name_keys) >= 0):  # only the names that are wanted
            by_name.setdefault(name_keys[i], []).append(int(i))
        resolved_values = raw_values.copy()
        id_values = ids.to_numpy(dtype=object)
        told: dict[str, str] = {}
        for i, key in zip(rows, row_keys):
            matches = by_name.get(key, [])
            value = raw_values[i]
            if len(matches) == 1:
                resolved_values[i] = id_values[matches[0]]
                told.setdefault(value, resolved_values[i])
            elif len(matches) > 1:
                people = ", ".join(f"{ids.iat[j]} (row {self.raw.rows[j]})" for j in matches[:5])
                more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
                self.problems.append(
                    self.raw.problem(
                        f"names {len(matches)} contacts: {people}{more}; give the manager's id instead",
                        index=int(i),
                        column=header,
                        value=value,
                    )
                )
                resolved_values[i] = ""  # said once, here, not again as "reports to nobody"
        resolved = pd.Series(resolved_values, index=managers.index, dtype=object) if len(rows) else managers
        if told:
            said = [f"'{v}' is the name of contact {t}" for v, t in list(told.items())[:6]]
            self.reading.notes.append(
                f"column '{header}' gives managers by name, read as ids: "
                + "; ".join(said)
                + (f"; and {len(told) - 6} more" if len(told) > 6 else "")
            )
        out["reports_to"] = resolved

    def _contact_roles(self, out: dict[str, pd.Series], empty: pd.Series) -> None:
        path = self.options.contact_roles
        if path is None:
            return
        from powermap.io.read import read_links

        table = read_links(path)
        frame = table.frame
        normal = {N(h): h for h in frame.columns}

        def find(*names: str) -> str | None:
            return next((normal[N(a)] for a in names if N(a) in normal), None)

        contact_h = find(
            "ContactId", "Contact ID", "Contact", "Connected To", "Record2Id", "Contact Record ID", "Contact Name"
        )
        opp_h = find(
            "OpportunityId",
            "Opportunity ID",
            "Opportunity",
            "Opportunity Name",
            "Connected From",
            "Deal ID",
            "Deal Name",
            "Record1Id",
        )
        role_h = find("Role", "Contact Role", "Connection Role", "Role (To)", "As this role", "Buying Role")
        if contact_h is None or role_h is None:
            self.problems.append(
                Problem(
                    table.file,
                    "a contact roles file needs a contact column (ContactId) and a "
                    f"role column (Role); found columns: {', '.join(frame.columns)}",
                )
            )
            return
        contacts = frame[contact_h].astype(str).str.strip()
        roles = frame[role_h].astype(str).str.strip()
        keep = np.ones(len(frame), dtype=bool)
        if opp_h is not None:
            opps = frame[opp_h].astype(str).str.strip()
            distinct = [v for v in pd.unique(opps) if v]
            wanted = self.options.opportunity
            if wanted is not None:
                keep = (self._id_key(opps) == (sf15(wanted) if self.profile.salesforce_ids else wanted)).to_numpy()
                if not keep.any():
                    self.problems.append(
                        Problem(
                            table.file,
                            f"--opportunity {wanted!r} is not in column '{opp_h}': found {', '.join(distinct[:10])}",
                            column=opp_h,
                        )
                    )
                    return
            elif len(distinct) > 1:
                self.problems.append(
                    Problem(
                        table.file,
                        f"roles of {len(distinct)} opportunities "
                        f"({', '.join(distinct[:10])}): pick one with --opportunity ID",
                        column=opp_h,
                    )
                )
                return
        if "id" not in out:
            return
        ids = out["id"]
        key = pd.Series(np.arange(len(ids)), index=self._id_key(ids).to_numpy())
        key = key[~key.index.duplicated()]
        position = self._id_key(contacts).map(key)
        by_name, ambiguous = self._by_name(contacts.where(position.isna(), ""), out)
        position = position.where(position.notna(), by_name)
        if by_name.notna().any():
            self.reading.notes.append(
                f"{int(by_name.notna().sum())} role row(s) of {table.file} name their contact by name "
                f"(column '{contact_h}'): matched to one contact's name each, ignoring case and spacing"
            )
        added = [list(filter(None, r.split(";"))) for r in out.get("roles", empty)]
        stance = out.get("stance", empty).copy()
        count = 0
        for i in np.flatnonzero(keep):
            if contacts.iat[i] == "" and roles.iat[i] == "":
                continue
            if i in ambiguous:
                self.problems.append(
                    table.problem(
                        f"names {ambiguous[int(i)]}; give the contact's id instead",
                        index=int(i),
                        column=contact_h,
                        value=contacts.iat[i],
                    )
                )
                continue
            if position.isna().iat[i]:
                self.problems.append(
                    table.problem(
                        "this role row names a contact who is not in the contacts file "
                        f"{self.raw.file}: expected a contact id from its id column, or its name",
                        index=int(i),
                        column=contact_h,
                        value=contacts.iat[i],
                    )
                )
                continue
            found, role_stance, unknown = self.roles.read(roles.iat[i])
            for word in unknown:
                near = self.roles.nearest(word)
                mean = f" (nearest known value: '{near}')" if near else ""
                self.reading.unmapped.append(Unmapped(role_h, word, [int(table.rows[i])], near))
                if self.options.lenient:
                    self.reading.notes.append(f"{table.file}: role '{word}' not mapped{mean}; left out (--lenient)")
                else:
                    self.problems.append(
                        table.problem(
                            f"value not mapped{mean}: expected a "
                            f"{self.profile.label} role value or a powermap role; "
                            "--lenient keeps it as a note",
                            index=int(i),
                            column=role_h,
                            value=word,
                        )
                    )
            p = int(position.iat[i])
            added[p] += [r for r in found if r not in added[p]]
            if role_stance is not None and stance.iat[p] == "":
                stance.iat[p] = str(role_stance)
            count += 1
        out["roles"] = pd.Series([";".join(r) for r in added], index=ids.index, dtype=object)
        out["stance"] = stance
        which = f" of opportunity {self.options.opportunity}" if self.options.opportunity else ""
        self.reading.notes.append(f"{count} role row(s){which} from {table.file} joined to the contacts")
        self.reading.mapping.setdefault(f"{Path(str(path)).name}: {role_h}", "roles")

    def _by_name(self, cells: pd.Series, out: dict[str, pd.Series]) -> tuple[pd.Series, dict[int, str]]:
        """Positions of the contacts whose name each cell gives (exact, ignoring case and spacing; NaN where
        none or several), and for each cell naming several contacts, who they are."""
        found = pd.Series(np.nan, index=cells.index)
        ambiguous: dict[int, str] = {}
        if "name" not in out or not (cells != "").any():
            return found, ambiguous

        def fold(text: str) -> str:
            return "".join(str(text).casefold().split())

        names: dict[str, list[int]] = {}
        for p, name in enumerate(out["name"]):
            names.setdefault(fold(name), []).append(p)
        ids = out.get("id", out["name"])
        for i, cell in enumerate(cells):
            matches = names.get(fold(cell), []) if cell else []
            if len(matches) == 1:
                found.iat[i] = matches[0]
            elif len(matches) > 1:
                people = ", ".join(f"{ids.iat[j]} (row {self.raw.rows[j]})" for j in matches[:5])
                ambiguous[i] = f"{len(matches)} contacts: {people}"
        return found, ambiguous

    def _duplicates(self, out: dict[str, pd.Series]) -> None:
        email = self.col("email")
        if email is None or "name" not in out:
            return
        key = out["name"].str.casefold() + "\x1f" + email.str.casefold()
        dup = key.duplicated(keep=False) & (email != "")
        if dup.any():
            groups = pd.Series(np.flatnonzero(dup.to_numpy()), index=key[dup].to_numpy()).groupby(level=0)
            for _, where in list(groups)[:10]:
                rows = ", ".join(str(self.raw.rows[i]) for i in where)
                self.reading.warnings.append(
                    f"the same person twice (same name and email): {out['name'].iat[where.iat[0]]} on rows {rows}"
                )


def prepare(raw: RawTable, options: ReadOptions | None = None) -> tuple[RawTable, Reading, list[Problem]]:
    """Map an export onto powermap's contacts table: returns the table, what was read, and the problems.

    The table keeps the file's rows (and row numbers); ``Reading.relocate``
    points problems that ``load`` finds in it back at the file's headers.
    """
    from powermap.io.validate import CONTACT_COLUMNS, match_headers

    options = options or ReadOptions()
    clashes: list[Problem] = []
    match_headers(raw, CONTACT_COLUMNS, clashes)
    if raw.frame.columns.empty or clashes:  # load says what is wrong with the header, in its own words
        return raw, Reading(PLAIN.name, PLAIN.label, True), []
    return _Preparer(raw, options).run()
