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

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.analysis.holders import owner_notes
from powermap.io.profiles import COMMON_COLUMNS, sf15
from powermap.policy import Policy

__all__ = [
    "with_activities",
    "apply_touches",
    "read_touches",
    "name_team",
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
    out = pd.DataFrame({c: touches[c].to_numpy(dtype=object) for c in touches.columns})
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
    team_domains = {_domain(t) for t in pd.unique(out["team"]) if "@" in t} - domains

    def decide(person: str, kind: str, account: str) -> tuple[str, str, str]:
        """(contact, match, reason) of one distinct person as a file names them."""
        found, reason = None, ""
        if kind == "id":
            found = by_id.get(person, by_id.get(sf15(person)))
        elif kind == "email":
            found = by_email.get(person.casefold())
        elif kind == "name":
            candidates = by_name.get(_fold(person), [])
            if len(candidates) == 1:
                found = candidates[0]
            elif len(candidates) > 1:
                reason = "ambiguous name: " + ", ".join(candidates[:5])
        if found is not None:
            return found, "contact", ""
        if not person:
            return "", "nobody", ""
        if (kind == "id" and person.startswith("005")) or (kind == "email" and _domain(person) in team_domains):
            return "", "team", ""
        if account and accounts and _fold(account) not in accounts:
            return "", "other-account", reason
        if kind == "email" and domains and _domain(person) not in domains:
            return "", "other-account", reason
        return "", "unknown", reason

    key = out["person"] + "\x1f" + out["person_kind"] + "\x1f" + out["account"]
    codes, distinct = pd.factorize(key.to_numpy(dtype=object))
    decided = np.array([decide(*k.split("\x1f")) for k in distinct], dtype=object).reshape(-1, 3)
    contact, match, reason = (decided[codes, j] if len(out) else np.array([], dtype=object) for j in range(3))
    distinct_when = pd.unique(out["when"])
    parsed = pd.to_datetime(pd.Series(distinct_when).replace("", None), errors="coerce", format="%Y-%m-%d")
    when = pd.Series(dict(zip(distinct_when, parsed))).reindex(out["when"]).to_numpy() if len(out) else parsed
    limit = np.datetime64(pd.Timestamp(as_of), "ns")
    status = out["status"].to_numpy(dtype=object)
    held = status == "held"
    dated = ~pd.isna(when)
    future = dated & (when.astype("datetime64[ns]") > limit)
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
    # the same activity and person twice (an Event and its EventRelation row): the first counts
    activity = out["activity"].map(sf15).to_numpy(dtype=object)
    counted_before = pd.Series(np.where(counts, activity + "\x1f" + contact.astype(object), None)).duplicated()
    duplicate = counts & counted_before.to_numpy()
    counts &= ~duplicate
    reason = np.where(duplicate, "duplicate", reason)
    out["contact"], out["match"], out["counts"], out["reason"] = contact, match, counts, reason
    return out


def _team_rows(matched: pd.DataFrame) -> pd.DataFrame:
    """``activity, who``: our people in each activity, its owner or organizer and team attendees (users)."""
    owners = matched.loc[matched["team"] != "", ["activity", "team"]].rename(columns={"team": "who"})
    attendees = matched.loc[matched["match"] == "team", ["activity", "person"]].rename(columns={"person": "who"})
    return pd.concat([owners, attendees], ignore_index=True).drop_duplicates()


def contact_facts(matched: pd.DataFrame, as_of, policy: Policy) -> pd.DataFrame:
    """Per contact with counted touches: ``last_touch``, ``touches`` and ``meetings`` within the policy window,
    ``touched_by`` (our people, most touches first) and ``suggested`` depth (0-2, the policy's rule).

    The window is ``Policy.activity_engagement_days`` before ``as_of``.
    """
    columns = ["contact", "last_touch", "touches", "meetings", "touched_by", "suggested"]
    counted = matched.loc[matched["counts"], ["contact", "activity", "kind", "when"]].copy()
    if counted.empty:
        return pd.DataFrame(columns=columns)
    counted["when"] = pd.to_datetime(counted["when"], format="%Y-%m-%d")
    start = pd.Timestamp(as_of) - pd.Timedelta(days=policy.activity_engagement_days)
    counted["recent"] = counted["when"] >= start
    counted["meeting"] = counted["recent"] & (counted["kind"] == "meeting")
    facts = counted.groupby("contact", sort=True).agg(
        last_touch=("when", "max"), touches=("recent", "sum"), meetings=("meeting", "sum")
    )
    pairs = counted[["contact", "activity"]].merge(_team_rows(matched), on="activity")
    if len(pairs):
        sizes = pairs.groupby(["contact", "who"]).size().rename("n").reset_index()
        sizes = sizes.sort_values(["contact", "n", "who"], ascending=[True, False, True])
        people = sizes["contact"].to_numpy(dtype=object)
        who = sizes["who"].astype(str).to_numpy(dtype=object)
        starts = np.flatnonzero(np.r_[True, people[1:] != people[:-1]])  # each contact's first row
        ends = np.r_[starts[1:], len(who)]
        facts["touched_by"] = pd.Series([";".join(who[a:b]) for a, b in zip(starts, ends)], index=people[starts])
    facts["touched_by"] = facts.get("touched_by", pd.Series(dtype=object)).reindex(facts.index).fillna("")
    personal = (facts["touches"] >= policy.activity_personal_touches) & (
        facts["meetings"] >= policy.activity_personal_meetings
    )
    facts["suggested"] = np.where(personal, 2, np.where(facts["touches"] > 0, 1, 0))
    facts[["touches", "meetings"]] = facts[["touches", "meetings"]].astype(int)
    return facts.reset_index()[columns]


def apply_facts(contacts: pd.DataFrame, facts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The contacts with the log's facts and notes on what changed; the caller's frame is not modified.

    - ``last_contact``: the last touch where it is later than the given date (or none is given), marked
      ``last_contact_source = activity-log`` (else ``given``, or '' without a date);
    - ``relationship``: the suggested depth where none is given (``relationship_source = activity-log``); a
      given depth wins, and a disagreement is a note; engagement from the file's own recent last activity
      (``activity``) stays where the log suggests less;
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
    p = position.reindex(facts["contact"].astype(str).to_numpy()).to_numpy(dtype=np.int64)
    touch = pd.to_datetime(facts["last_touch"]).to_numpy(dtype="datetime64[ns]")
    later = np.isnat(last_values[p]) | (touch > last_values[p])
    last_values[p[later]], source[p[later]] = touch[later], "activity-log"
    touches[p] = facts["touches"].to_numpy(dtype=int)
    by = facts["touched_by"].astype(str).to_numpy(dtype=object)
    touched_by[p] = by
    suggested = facts["suggested"].to_numpy(dtype=int)
    was = rel_source[p]
    depth = np.array([np.nan if pd.isna(v) else float(v) for v in relationship[p]], dtype=float)
    # the CRM's own recent last activity (source "activity") is not taken back by a log that holds less
    take = (was == "default") | ((was == "activity") & (suggested >= depth))
    relationship[p[take]], rel_source[p[take]] = suggested[take], "activity-log"
    differs = ~take & (was == "given") & ~np.isnan(depth) & (depth != suggested)
    disagree = [
        f"{c} (given {int(d)}, log {g})"
        for c, d, g in zip(facts["contact"].to_numpy()[differs], depth[differs], suggested[differs])
    ]
    owners_set = 0
    if owner is not None:
        fill = (owner[p] == "") & (by != "")
        owner[p[fill]] = [t.split(";")[0] for t in by[fill]]
        owners_set = int(fill.sum())
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
    if owner is not None:  # where the log disagrees with a given owner (analysis.holders counts both as threads)
        notes += owner_notes(out["id"], contacts["owner"].astype(str), touched_by)
    return out, notes


def works_with_links(matched: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """``source, target, kind, weight, kind_source, weight_source, row``: contacts met together in held meetings.

    Two contacts in at least ``Policy.works_with_min_meetings`` counted meetings get a ``works_with`` link;
    its weight is the count over ``Policy.works_with_full_meetings``, at most 1.
    """
    columns = ["source", "target", "kind", "weight", "kind_source", "weight_source", "row"]
    met = matched.loc[matched["counts"] & (matched["kind"] == "meeting"), ["activity", "contact"]].drop_duplicates()
    pairs = met.merge(met, on="activity")
    pairs = pairs.loc[pairs["contact_x"] < pairs["contact_y"]]
    count = pairs.groupby(["contact_x", "contact_y"]).size()
    count = count[count >= policy.works_with_min_meetings]
    return pd.DataFrame(
        {
            "source": count.index.get_level_values(0).astype(object),
            "target": count.index.get_level_values(1).astype(object),
            "kind": "works_with",
            "weight": np.minimum(1.0, count.to_numpy() / policy.works_with_full_meetings),
            "kind_source": "activity-log",
            "weight_source": "activity-log",
            "row": 0,
        },
        columns=columns,
    )


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
    days = counted["when"].value_counts()
    weeks = days.groupby(pd.to_datetime(days.index, format="%Y-%m-%d").strftime("%G-W%V")).sum().sort_index()
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


def apply_touches(
    contacts: pd.DataFrame,
    links: pd.DataFrame,
    touches: pd.DataFrame,
    as_of,
    policy: Policy,
    account_name: str = "",
    users: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Apply touches already read (:data:`powermap.io.activities.TOUCH_COLUMNS`) to one map:
    the contacts (:func:`apply_facts`), the links with ``works_with`` added, every touch matched
    (:func:`match_touches`) and notes on what changed.

    The one rule both a single map (:func:`with_activities`) and a pipeline
    (:mod:`powermap.portfolio.activities`) apply; ``users`` names our team members a file gives by id.
    """
    matched = name_team(match_touches(touches, contacts, as_of, account_name), users)
    facts = contact_facts(matched, as_of, policy)
    contacts, notes = apply_facts(contacts, facts)
    new = works_with_links(matched, policy)
    if len(new):
        have = set(zip(links["source"], links["target"], links["kind"])) if len(links) else set()
        new = new.loc[[(a, b, "works_with") not in have for a, b in zip(new["source"], new["target"])]]
        links = pd.concat([links, new], ignore_index=True) if len(links) else new.reset_index(drop=True)
        notes.append(
            f"{len(new)} works_with link(s): contacts met together in {policy.works_with_min_meetings}+ held meetings"
        )
    return contacts, links, matched, notes


def read_touches(paths, as_of, users: dict[str, str] | None = None, dayfirst: bool | None = None):
    """Every touch of the activity files (:func:`powermap.io.activities.read_activities`), our team members
    named from ``users`` (user id -> name), and the files read."""
    from powermap.io.activities import read_activities

    files = read_activities(paths, pd.Timestamp(as_of).date(), dayfirst)
    frames = [f.touches for f in files if len(f.touches)]
    touches = pd.concat(frames, ignore_index=True) if frames else files[0].touches.iloc[:0]
    if users:
        touches["team"] = touches["team"].map(lambda v: users.get(v, users.get(sf15(v), v)))
    return touches, files


def name_team(matched: pd.DataFrame, users: dict[str, str] | None) -> pd.DataFrame:
    """The touches matched to one of our team (``match == "team"``) named from ``users``, in place."""
    if users:
        ours = (matched["match"] == "team").to_numpy()
        matched.loc[ours, "person"] = matched.loc[ours, "person"].map(lambda v: users.get(v, users.get(sf15(v), v)))
    return matched


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
    touches, files = read_touches(paths, as_of, users, dayfirst)
    contacts, links, matched, notes = apply_touches(contacts, links, touches, as_of, policy, account_name, users)
    notes = [n for f in files for n in f.notes] + notes
    summary = activity_summary(matched)
    unmatched = ", ".join(f"{v} {k}" for k, v in summary["unmatched"].items())
    notes.insert(
        0,
        f"activities: {summary['rows']} touch row(s) read from {len(files)} file(s); {summary['counted']} counted "
        f"for {summary['contacts_touched']} contact(s) (held, on or before {pd.Timestamp(as_of).date().isoformat()})"
        + (f"; not matched to a contact: {unmatched}" if unmatched else ""),
    )
    return contacts, links, matched, notes
