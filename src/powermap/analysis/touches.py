"""What an activity log tells the map: touches matched to contacts, per-contact facts, and who works with whom.

:func:`match_touches` decides for each touch read by :mod:`powermap.io.activities`
whose it is (a contact, one of our team, an unknown person of this account,
another account's person, or nobody) and whether it counts: held, dated, on
or before the map's date, and not the same activity and person twice (an
Event and its EventRelation row). :func:`contact_facts` sums the counted
touches per contact; :func:`apply_facts` writes them into the contacts table,
each marked with its source, and :func:`works_with_links` links contacts met
together in held meetings.

Examples
--------
>>> import pandas as pd
>>> from powermap.io.activities import TOUCH_COLUMNS
>>> touches = pd.DataFrame([
...     ["calendar", "a.ics", 1, "m1", "meeting", "2026-11-02", "held", "ann@acme.example", "email", "Dana",
...      "", "Kick-off"],
...     ["calendar", "a.ics", 1, "m1", "meeting", "2026-11-02", "declined", "bo@acme.example", "email", "Dana",
...      "", "Kick-off"],
...     ["calendar", "a.ics", 2, "m2", "meeting", "2026-11-20", "held", "ann@acme.example", "email", "Dana",
...      "", "Later"]], columns=TOUCH_COLUMNS)
>>> contacts = pd.DataFrame({"id": ["a", "b"], "name": ["Ann", "Bo"], "email": ["Ann@acme.example", "bo@acme.example"]})
>>> matched = match_touches(touches, contacts, pd.Timestamp("2026-11-15"))
>>> matched[["contact", "match", "counts", "reason"]].values.tolist()
[['a', 'contact', True, ''], ['b', 'contact', False, 'declined'], ['a', 'contact', False, 'after-as-of']]
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.io.profiles import COMMON_COLUMNS, sf15
from powermap.policy import Policy

__all__ = [
    "with_activities",
    "match_touches",
    "contact_facts",
    "apply_facts",
    "works_with_links",
    "activity_summary",
    "MATCHES",
]

N = vocab.normalize_word
# Whose a touch is: one of the map's contacts, one of our team, a person of this account who is not in the
# contacts, a person of another account, or nobody at all.
MATCHES = ("contact", "team", "unknown", "other-account", "nobody")
_ACCOUNT_HEADERS = {N(h) for h in (*COMMON_COLUMNS["account"], "account", "AccountId", "Account ID")}
_EMAIL_HEADERS = {N(h) for h in (*COMMON_COLUMNS["email"], "email")}


def _fold(text: str) -> str:
    return "".join(str(text).casefold().split())


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1].casefold() if "@" in email else ""


def match_touches(touches: pd.DataFrame, contacts: pd.DataFrame, as_of, account_name: str = "") -> pd.DataFrame:
    """``touches`` with ``contact`` (the contact's id or ''), ``match`` (:data:`MATCHES`), ``counts`` and ``reason``.

    A person is matched by id (Salesforce ids on their first 15 characters), by email (case-insensitive) or
    by name (case- and space-insensitive; a name two contacts share matches nobody, ``reason`` names them).
    A person not matched is ``other-account`` when the touch names an account that is not this one (or, for
    an email, a domain none of the contacts has, which is not our team's), else ``unknown``. Salesforce user
    ids (``005...``) and our team's email domain (the organizer's) are ``team``.
    """
    out = touches.copy()
    n = len(out)
    ids = contacts["id"].astype(str).to_numpy(dtype=object)
    by_id: dict[str, str] = {}
    for i in ids:
        by_id.setdefault(i, i)
        by_id.setdefault(sf15(i), i)
    email_cols = [c for c in contacts.columns if N(str(c)) in _EMAIL_HEADERS]
    by_email: dict[str, str] = {}
    for c in email_cols:
        for cid, e in zip(ids, contacts[c].astype(str)):
            if e.strip():
                by_email.setdefault(e.strip().casefold(), cid)
    domains = {_domain(e) for e in by_email}
    by_name: dict[str, list[str]] = {}
    for cid, name in zip(ids, contacts["name"].astype(str)):
        by_name.setdefault(_fold(name), []).append(cid)
    accounts = {_fold(account_name)} - {""}
    for c in contacts.columns:
        if N(str(c)) in _ACCOUNT_HEADERS:
            accounts |= {_fold(v) for v in contacts[c].astype(str) if v.strip()}
    team_domains = {_domain(t) for t in out["team"].astype(str) if "@" in t} - domains

    contact = np.full(n, "", dtype=object)
    match = np.full(n, "", dtype=object)
    reason = np.full(n, "", dtype=object)
    for k, (person, kind, account) in enumerate(zip(out["person"], out["person_kind"], out["account"])):
        found = None
        if kind == "id":
            found = by_id.get(person, by_id.get(sf15(person)))
        elif kind == "email":
            found = by_email.get(person.casefold())
        elif kind == "name":
            candidates = by_name.get(_fold(person), [])
            if len(candidates) == 1:
                found = candidates[0]
            elif len(candidates) > 1:
                reason[k] = "ambiguous name: " + ", ".join(candidates[:5])
        if found is not None:
            contact[k], match[k] = found, "contact"
        elif not person:
            match[k] = "nobody"
        elif kind == "id" and person.startswith("005"):
            match[k] = "team"
        elif kind == "email" and _domain(person) in team_domains:
            match[k] = "team"
        elif account and accounts and _fold(account) not in accounts:
            match[k] = "other-account"
        elif kind == "email" and domains and _domain(person) not in domains:
            match[k] = "other-account"
        else:
            match[k] = "unknown"
    when = pd.to_datetime(out["when"].replace("", None), errors="coerce")
    limit = pd.Timestamp(as_of)
    status = out["status"].to_numpy(dtype=object)
    held = status == "held"
    dated = when.notna().to_numpy()
    future = dated & (when > limit).to_numpy()
    counts = (match == "contact") & held & dated & ~future
    reason = np.where(
        reason != "",
        reason,
        np.where(
            match != "contact",
            "",
            np.where(~held, status, np.where(~dated, "no-date", np.where(future, "after-as-of", ""))),
        ),
    )
    key = pd.Series(out["activity"].astype(str).map(sf15).to_numpy() + "\x1f" + contact, dtype=object)
    duplicate = counts & key.duplicated().to_numpy() & _later_duplicates(key, counts)
    counts &= ~duplicate
    reason = np.where(duplicate, "duplicate", reason)
    out["contact"], out["match"], out["counts"], out["reason"] = contact, match, counts, reason
    return out


def _later_duplicates(key: pd.Series, counts: np.ndarray) -> np.ndarray:
    """True where an earlier counted row has the same key (an Event's row and its EventRelation row)."""
    seen: set[str] = set()
    later = np.zeros(len(key), dtype=bool)
    for k, (value, counted) in enumerate(zip(key, counts)):
        if not counted:
            continue
        later[k] = value in seen
        seen.add(value)
    return later


def _team_of_activity(matched: pd.DataFrame) -> dict[str, list[str]]:
    """Per activity, our people in it: its owner or organizer, and team attendees (Salesforce users)."""
    team: dict[str, list[str]] = {}
    for activity, owner, person, match in zip(
        matched["activity"], matched["team"], matched["person"], matched["match"]
    ):
        names = team.setdefault(activity, [])
        for who in (owner, person if match == "team" else ""):
            if who and who not in names:
                names.append(who)
    return team


def contact_facts(matched: pd.DataFrame, as_of, policy: Policy) -> pd.DataFrame:
    """Per contact with counted touches: ``last_touch``, ``touches`` and ``meetings`` within the policy window,
    ``touched_by`` (our people, most touches first) and ``suggested`` depth (0-2, the policy's rule).

    The window is ``Policy.activity_engagement_days`` before ``as_of``.
    """
    columns = ["contact", "last_touch", "touches", "meetings", "touched_by", "suggested"]
    counted = matched.loc[matched["counts"]]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    when = pd.to_datetime(counted["when"])
    start = pd.Timestamp(as_of) - pd.Timedelta(days=policy.activity_engagement_days)
    recent = (when >= start).to_numpy()
    meeting = (counted["kind"] == "meeting").to_numpy()
    team = _team_of_activity(matched)
    rows = []
    for contact, where in counted.groupby("contact").indices.items():
        people: dict[str, int] = {}
        for activity in counted["activity"].to_numpy()[where]:
            for who in team.get(activity, []):
                people[who] = people.get(who, 0) + 1
        touches = int(recent[where].sum())
        meetings = int((recent & meeting)[where].sum())
        if touches >= policy.activity_personal_touches and meetings >= policy.activity_personal_meetings:
            suggested = 2
        else:
            suggested = 1 if touches else 0
        by = sorted(people, key=lambda w: (-people[w], w))
        rows.append([contact, when.to_numpy()[where].max(), touches, meetings, ";".join(by), suggested])
    return pd.DataFrame(rows, columns=columns)


def apply_facts(contacts: pd.DataFrame, facts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The contacts with the log's facts and notes on what changed; the caller's frame is not modified.

    - ``last_contact``: the last touch where it is later than the given date (or none is given), marked
      ``last_contact_source = activity-log`` (else ``given``, or '' without a date);
    - ``relationship``: the suggested depth where none is given (``relationship_source = activity-log``); a
      given depth wins, and a disagreement is a note;
    - ``owner``: where empty, the team member who touched the contact most; ``touched_by`` lists them all;
    - ``touches``: touches within the policy window.
    """
    out = contacts.copy()
    notes: list[str] = []
    position = pd.Series(np.arange(len(out)), index=out["id"].astype(str).to_numpy())
    position = position[~position.index.duplicated()]
    last = pd.to_datetime(out["last_contact"]) if "last_contact" in out else pd.Series(pd.NaT, index=out.index)
    source = np.where(last.notna().to_numpy(), "given", "").astype(object)
    touches = np.zeros(len(out), dtype=int)
    touched_by = np.full(len(out), "", dtype=object)
    relationship = out["relationship"].to_numpy(dtype=object).copy()
    rel_source = out["relationship_source"].to_numpy(dtype=object).copy()
    owner = out["owner"].astype(str).to_numpy(dtype=object).copy() if "owner" in out else None
    last_values = last.to_numpy(dtype="datetime64[ns]").copy()
    disagree = []
    owners_set = 0
    for row in facts.itertuples(index=False):
        p = int(position[row.contact])
        touch = np.datetime64(pd.Timestamp(row.last_touch), "ns")
        if np.isnat(last_values[p]) or touch > last_values[p]:
            last_values[p], source[p] = touch, "activity-log"
        touches[p], touched_by[p] = row.touches, row.touched_by
        if rel_source[p] in ("default", "activity"):
            relationship[p], rel_source[p] = row.suggested, "activity-log"
        elif rel_source[p] == "given" and not pd.isna(relationship[p]) and int(relationship[p]) != row.suggested:
            disagree.append(f"{row.contact} (given {int(relationship[p])}, log {row.suggested})")
        if owner is not None and owner[p] == "" and row.touched_by:
            owner[p] = row.touched_by.split(";")[0]
            owners_set += 1
    out["last_contact"] = pd.to_datetime(last_values)
    out["last_contact_source"] = source
    out["relationship"] = pd.array(relationship, dtype=out["relationship"].dtype)
    out["relationship_source"] = rel_source
    out["touches"] = touches
    out["touched_by"] = touched_by
    if owner is not None:
        out["owner"] = owner
    if disagree:
        notes.append(
            "a given relationship differs from what the activity log suggests (the given one is kept): "
            + "; ".join(disagree[:10])
            + (f"; and {len(disagree) - 10} more" if len(disagree) > 10 else "")
        )
    if owners_set:
        notes.append(f"owner from the activity log (the team member with most touches) for {owners_set} contact(s)")
    return out, notes


def works_with_links(matched: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """``source, target, kind, weight, kind_source, weight_source, row``: contacts met together in held meetings.

    Two contacts in at least ``Policy.works_with_min_meetings`` counted meetings get a ``works_with`` link;
    its weight is the count over ``Policy.works_with_full_meetings``, at most 1.
    """
    columns = ["source", "target", "kind", "weight", "kind_source", "weight_source", "row"]
    meetings = matched.loc[matched["counts"] & (matched["kind"] == "meeting")]
    pairs: dict[tuple[str, str], int] = {}
    for _, people in meetings.groupby("activity")["contact"]:
        for a, b in itertools.combinations(sorted(set(people)), 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    rows = [
        [a, b, "works_with", min(1.0, count / policy.works_with_full_meetings), "activity-log", "activity-log", 0]
        for (a, b), count in sorted(pairs.items())
        if count >= policy.works_with_min_meetings
    ]
    return pd.DataFrame(rows, columns=columns)


def activity_summary(matched: pd.DataFrame) -> dict:
    """What was read, for ``powermap activity``: rows and counted touches per source, per team member and per
    ISO week, and the touches that matched no contact, by why.

    >>> from powermap.io.activities import TOUCH_COLUMNS
    >>> t = pd.DataFrame([["hubspot", "h.csv", 2, "1", "call", "2026-11-02", "held", "", "", "Dana", "", ""]],
    ...                  columns=TOUCH_COLUMNS).assign(contact="", match="nobody", counts=False, reason="")
    >>> activity_summary(t)["unmatched"]
    {'nobody': 1}
    """
    counted = matched.loc[matched["counts"]]
    sources = {}
    for source, group in matched.groupby("source", sort=False):
        sources[str(source)] = {
            "rows": int(len(group)),
            "counted": int(group["counts"].sum()),
            "not_counted": {
                str(k): int(v) for k, v in group.loc[group["reason"] != "", "reason"].value_counts().items()
            },
        }
    team = counted.loc[counted["team"] != "", "team"].value_counts()
    weeks = pd.to_datetime(counted["when"]).dt.strftime("%G-W%V").value_counts().sort_index()
    unmatched = matched.loc[matched["match"] != "contact"]
    unmatched = unmatched.loc[unmatched["match"] != "team"]
    examples = {
        str(kind): [
            {"file": f, "row": int(r), "person": p} for f, r, p in zip(group["file"], group["row"], group["person"])
        ][:5]
        for kind, group in unmatched.groupby("match", sort=False)
    }
    return {
        "rows": int(len(matched)),
        "counted": int(len(counted)),
        "contacts_touched": int(counted["contact"].nunique()),
        "sources": sources,
        "team": {str(k): int(v) for k, v in team.items()},
        "weeks": {str(k): int(v) for k, v in weeks.items()},
        "unmatched": {str(k): int(v) for k, v in unmatched["match"].value_counts().items()},
        "unmatched_examples": examples,
        "last_touch": str(counted["when"].max()) if len(counted) else None,
    }


def with_activities(
    contacts: pd.DataFrame,
    links: pd.DataFrame,
    paths,
    as_of,
    policy: Policy,
    account_name: str = "",
    users: dict[str, str] | None = None,
    dayfirst: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Read the activity files and apply them: the contacts, the links (``works_with`` added), every touch
    matched (:func:`match_touches`), and notes on what was read, counted and left unmatched.

    ``users`` (user id -> name, ``--users``) names our team members the files give by id; ``dayfirst``
    (``--dayfirst``) reads dates such as 03/04/2026 when no date of a column decides it.
    """
    from powermap.io.activities import read_activities

    files = read_activities(paths, pd.Timestamp(as_of).date(), dayfirst)
    frames = [f.touches for f in files if len(f.touches)]
    touches = pd.concat(frames, ignore_index=True) if frames else files[0].touches.iloc[:0]
    if users:
        touches["team"] = touches["team"].map(lambda v: users.get(v, users.get(sf15(v), v)))
    matched = match_touches(touches, contacts, as_of, account_name)
    if users:
        ours = (matched["match"] == "team").to_numpy()
        matched.loc[ours, "person"] = matched.loc[ours, "person"].map(lambda v: users.get(v, users.get(sf15(v), v)))
    facts = contact_facts(matched, as_of, policy)
    contacts, notes = apply_facts(contacts, facts)
    notes = [n for f in files for n in f.notes] + notes
    summary = activity_summary(matched)
    unmatched = ", ".join(f"{v} {k}" for k, v in summary["unmatched"].items())
    notes.insert(
        0,
        f"activities: {summary['rows']} touch row(s) read from {len(files)} file(s); {summary['counted']} counted "
        f"for {summary['contacts_touched']} contact(s) (held, on or before {pd.Timestamp(as_of).date().isoformat()})"
        + (f"; not matched to a contact: {unmatched}" if unmatched else ""),
    )
    new = works_with_links(matched, policy)
    if len(new):
        have = set(zip(links["source"], links["target"], links["kind"])) if len(links) else set()
        new = new.loc[[(a, b, "works_with") not in have for a, b in zip(new["source"], new["target"])]]
        links = pd.concat([links, new], ignore_index=True) if len(links) else new.reset_index(drop=True)
        notes.append(
            f"{len(new)} works_with link(s): contacts met together in {policy.works_with_min_meetings}+ held meetings"
        )
    return contacts, links, matched, notes
