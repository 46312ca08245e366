"""Activity exports and calendars read into one table of touches: who of the customer was met, called or written, when.

Reads, as exported: Salesforce Task and Event exports (Data Loader API names or
report labels) with ``EventRelation`` rows for group meetings, HubSpot's
activity export, and iCalendar (``.ics``) files, recurring events expanded.
Each file gives rows of :data:`TOUCH_COLUMNS`: one per activity and person it
names (a meeting with four attendees gives four rows). Whether a row *counts*
is decided here as far as the file can say (``status``: ``held``, or why not:
``open``, ``cancelled``, ``declined``, ``not-held``, ``note``); whether the person
is one of the map's contacts, and whether it happened by the map's date, is
decided by :func:`powermap.analysis.touches.match_touches`.

Dates are compared as calendar dates in UTC: a time with a zone (``Z``,
``+09:00``, an iCalendar ``TZID``) is converted to UTC first; a date or a
time without a zone is read as written.

Examples
--------
>>> import pandas as pd
>>> from powermap.io.read import RawTable
>>> raw = RawTable("tasks.csv", pd.DataFrame({
...     "Id": ["00T1", "00T2"], "WhoId": ["0035g00000BwA00QAM", ""], "ActivityDate": ["2026-11-02", "2026-11-03"],
...     "Status": ["Completed", "Not Started"], "IsClosed": ["true", "false"], "TaskSubtype": ["Call", "Task"],
...     "OwnerId": ["0055g00000DrUiZAAQ", "0055g00000DrUiZAAQ"], "Subject": ["Call", "Send deck"]}), [2, 3])
>>> read = read_activity_table(raw)
>>> read.source, read.touches[["kind", "when", "status", "person"]].values.tolist()
('salesforce-task', [['call', '2026-11-02', 'held', '0035g00000BwA00QAM'], ['task', '2026-11-03', 'open', '']])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.errors import InputError, Problem
from powermap.io.dates import read_dates
from powermap.io.profiles import sf15
from powermap.io.read import RawTable, read_links

__all__ = ["TOUCH_COLUMNS", "SOURCES", "ActivityFile", "read_activities", "read_activity_table", "read_calendar"]

N = vocab.normalize_word

# One row per activity and person: source and where (file, row), the activity's id (shared by its attendees),
# its kind (call, email, meeting, task, other), the UTC calendar date (ISO text), status ('held' or why not),
# the person as the file names them (person_kind: id, email or name; '' when nobody), our team member, the
# account the file gives, and the subject.
TOUCH_COLUMNS = [
    "source",
    "file",
    "row",
    "activity",
    "kind",
    "when",
    "status",
    "person",
    "person_kind",
    "team",
    "account",
    "subject",
]
SOURCES = ("salesforce-task", "salesforce-event", "salesforce-eventrelation", "hubspot", "calendar")

# The columns of each export, powermap's name -> the export's headers (API names first, then report labels).
SALESFORCE_TASK = {
    "id": ("Id", "Activity ID", "Task ID"),
    "who": ("WhoId", "Who Id", "Name ID", "Contact ID"),
    "name": ("Name", "Contact", "Contact Name", "Who"),
    "date": ("ActivityDate", "Date", "Due Date", "CompletedDateTime", "Completed Date/Time"),
    "status": ("Status",),
    "closed": ("IsClosed", "Closed"),
    "kind": ("TaskSubtype", "Task Subtype", "Type"),
    "owner": ("OwnerId", "Owner Id", "Assigned", "Assigned To", "Owner"),
    "subject": ("Subject",),
    "account": ("AccountId", "Account ID", "Company / Account", "Account Name", "Account"),
}
SALESFORCE_EVENT = {
    "id": ("Id", "Event ID", "Activity ID"),
    "who": ("WhoId", "Who Id", "Name ID", "Contact ID"),
    "name": ("Name", "Contact", "Contact Name", "Who"),
    "date": ("StartDateTime", "ActivityDateTime", "Start", "Start Date Time", "ActivityDate", "Date"),
    "kind": ("EventSubtype", "Event Subtype", "Type"),
    "owner": ("OwnerId", "Owner Id", "Assigned", "Assigned To", "Owner"),
    "subject": ("Subject",),
    "account": ("AccountId", "Account ID", "Company / Account", "Account Name", "Account"),
}
EVENT_RELATION = {
    "event": ("EventId", "Event ID"),
    "relation": ("RelationId", "Relation ID"),
    "status": ("Status",),
    "invitee": ("IsInvitee",),
}
HUBSPOT = {
    "id": ("Activity ID", "Engagement ID", "Record ID", "hs_object_id"),
    "type": ("Activity type", "Engagement type", "hs_engagement_type", "Activity Type"),
    "date": ("Activity date", "hs_timestamp", "Timestamp", "Activity Date"),
    "owner": ("Activity assigned to", "Assigned to", "Activity owner", "HubSpot owner", "hubspot_owner_id"),
    "contact_ids": ("Associated Contact IDs", "Associated Contact ID", "Associated Contacts IDs", "Contact IDs"),
    "contacts": ("Associated Contact", "Associated Contacts"),
    "account": ("Associated Company", "Associated Companies", "Company Name"),
    "call_outcome": ("Call outcome", "hs_call_disposition"),
    "meeting_outcome": ("Meeting outcome", "hs_meeting_outcome"),
    "task_status": ("Task status", "hs_task_status"),
    "subject": ("Subject", "Activity subject", "Call title", "Meeting name", "Email subject", "Task title"),
}

# A Salesforce subtype or HubSpot type -> powermap's kind of touch; anything else is "other".
KINDS = {
    "call": "call",
    "calls": "call",
    "email": "email",
    "emails": "email",
    "listemail": "email",
    "incomingemail": "email",
    "forwardedemail": "email",
    "meeting": "meeting",
    "meetings": "meeting",
    "event": "meeting",
    "task": "task",
    "todo": "task",
    "tasks": "task",
    "note": "note",
    "notes": "note",
}
# Outcomes that say a call or a meeting did not happen (HubSpot's defaults, and Salesforce-style wording).
NOT_HELD = {
    "busy",
    "no answer",
    "left voicemail",
    "wrong number",
    "no show",
    "canceled",
    "cancelled",
    "rescheduled",
    "declined",
}
DONE = {"completed", "complete", "done", "closed", "true", "1", "yes"}


# What a calendar may expand to (docs/activities.md): its size, how far back meetings are read, occurrences.
ICS_LIMITS = {"bytes": 256 * 2**20, "years": 5, "occurrences": 500_000}


@dataclass
class ActivityFile:
    """What one activity file gave: its source, its touches (:data:`TOUCH_COLUMNS`), notes and problems."""

    file: str
    source: str
    touches: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _find(frame: pd.DataFrame, table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    normal = {N(h): h for h in frame.columns}
    found: dict[str, str] = {}
    for target, aliases in table.items():
        for alias in aliases:
            if N(alias) in normal and normal[N(alias)] not in found.values():
                found[target] = normal[N(alias)]
                break
    return found


def detect_source(headers: list[str]) -> str | None:
    """Which export a table's headers come from (None: not an activity export).

    >>> detect_source(["EventId", "RelationId", "Status"]), detect_source(["Activity type", "Activity date"])
    ('salesforce-eventrelation', 'hubspot')
    >>> detect_source(["Id", "WhoId", "StartDateTime", "OwnerId"]), detect_source(["id", "name"]) is None
    ('salesforce-event', True)
    """
    normal = {N(h) for h in headers}

    def has(*names: str) -> bool:
        return any(N(n) in normal for n in names)

    if has(*EVENT_RELATION["event"]) and has(*EVENT_RELATION["relation"]):
        return "salesforce-eventrelation"
    if has(*HUBSPOT["type"]) or has("Call outcome", "Meeting outcome", "hs_engagement_type"):
        return "hubspot"
    if has("StartDateTime", "ActivityDateTime", "EventSubtype", "IsAllDayEvent", "Start Date Time", "Event Subtype"):
        return "salesforce-event"
    if has("TaskSubtype", "Task Subtype", "IsClosed") or (has("Status") and has(*SALESFORCE_TASK["date"])):
        return "salesforce-task"
    return None


_ZONED = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\s*$")


def utc_dates(
    cells: pd.Series, raw: RawTable, header: str, problems: list[Problem], dayfirst: bool | None = None
) -> pd.Series:
    """Each cell's calendar date (ISO text; '' when empty): a time with a zone converted to UTC first.

    Dates and times without a zone go through :func:`powermap.io.dates.read_dates` (ISO, US, day-first,
    Excel serial), read as written; a cell that is no date is a problem naming its row.

    >>> t = RawTable("a.csv", pd.DataFrame({"d": ["2026-11-15T23:30:00-08:00", "11/15/2026 9:00 PM", ""]}), [2, 3, 4])
    >>> utc_dates(t.frame["d"], t, "d", []).tolist()
    ['2026-11-16', '2026-11-15', '']
    """
    text = cells.astype(str).str.strip().reset_index(drop=True)
    zoned = text.str.match(_ZONED.pattern).fillna(False).to_numpy(dtype=bool)
    out = np.full(len(text), "", dtype=object)
    bad = np.zeros(len(text), dtype=bool)
    if zoned.any():  # converted in one go: a CRM's timestamps are mostly distinct
        stamps = pd.to_datetime(text[zoned], utc=True, format="ISO8601", errors="coerce")
        iso = stamps.dt.tz_localize(None).to_numpy(dtype="datetime64[D]").astype(str)
        out[zoned] = iso
        bad[zoned] = iso == "NaT"
    rest = pd.unique(text[~zoned])
    reading = read_dates(list(rest), dayfirst)
    if reading.ambiguous is not None:  # an activity log is long: a date above 12 nearly always decides it
        example, month_first, day_first = reading.ambiguous
        problems.append(
            Problem(
                raw.file,
                f"dates such as {example!r} read two ways: {month_first} (month first, US) or {day_first} "
                "(day first); no date in the column decides it: pass --monthfirst or --dayfirst",
                column=header,
            )
        )
        return pd.Series(np.full(len(text), "", dtype=object))
    not_dates = {rest[i] for i in reading.bad}
    iso_of = {v: ("" if v in not_dates else iso) for v, iso in zip(rest, reading.values)}
    if (~zoned).any():
        out[~zoned] = text[~zoned].map(iso_of).to_numpy(dtype=object)
        bad[~zoned] = text[~zoned].isin(not_dates).to_numpy()
    for i in np.flatnonzero(bad):
        problems.append(
            raw.problem(
                "not a date: expected an ISO date or timestamp (2026-11-15, 2026-11-15T14:00:00Z), "
                "a US or day-first date (11/15/2026, 15/11/2026) or an Excel serial date",
                index=int(i),
                column=header,
                value=text.iat[i],
            )
        )
    out[bad] = ""
    return pd.Series(out, dtype=object)


def _frame(rows: dict[str, object], n: int) -> pd.DataFrame:
    """The touches table, every column plain Python objects (they are matched value by value)."""
    return pd.DataFrame(
        {c: np.asarray(rows.get(c, [""] * n), dtype=object) if c != "row" else rows.get(c, []) for c in TOUCH_COLUMNS}
    )


def _col(frame: pd.DataFrame, found: dict[str, str], target: str) -> pd.Series:
    if target in found:
        return frame[found[target]].astype(str).str.strip()
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def _kind(values: pd.Series, default: str) -> pd.Series:
    kinds = {v: KINDS.get(N(v).replace(" ", "").replace("_", ""), "other" if v else default) for v in pd.unique(values)}
    return values.map(kinds)


def _salesforce(raw: RawTable, source: str, dayfirst: bool | None) -> ActivityFile:
    frame = raw.frame
    table = SALESFORCE_TASK if source == "salesforce-task" else SALESFORCE_EVENT
    found = _find(frame, table)
    problems: list[Problem] = []
    if "date" not in found:
        problems.append(
            Problem(
                raw.file,
                f"a Salesforce {source.split('-')[1]} export needs a date column ({', '.join(table['date'][:3])}); "
                f"found columns: {', '.join(frame.columns)}",
            )
        )
        return ActivityFile(raw.file, source, _frame({}, 0), problems=problems)
    who, name = _col(frame, found, "who"), _col(frame, found, "name")
    person = who.where(who != "", name)
    person_kind = np.where(who != "", "id", np.where(name != "", "name", ""))
    if source == "salesforce-task":
        closed = _col(frame, found, "closed").str.casefold()
        status = _col(frame, found, "status").str.casefold()
        done = closed.isin(DONE) if "closed" in found else status.isin(DONE)
        state = np.where(done, "held", "open")
        kind = _kind(_col(frame, found, "kind"), "task")
    else:
        state = np.full(len(frame), "held", dtype=object)  # a past event is a held meeting: Event has no status
        kind = _kind(_col(frame, found, "kind"), "meeting").replace({"other": "meeting", "task": "meeting"})
    ids = _col(frame, found, "id")
    rows = np.asarray(raw.rows)
    touches = _frame(
        {
            "source": [source] * len(frame),
            "file": [raw.file] * len(frame),
            "row": rows,
            "activity": ids.where(ids != "", pd.Series([f"{raw.file}:{r}" for r in rows], index=frame.index)),
            "kind": kind,
            "when": utc_dates(frame[found["date"]], raw, found["date"], problems, dayfirst),
            "status": state,
            "person": person,
            "person_kind": person_kind,
            "team": _col(frame, found, "owner"),
            "account": _col(frame, found, "account"),
            "subject": _col(frame, found, "subject"),
        },
        len(frame),
    )
    return ActivityFile(raw.file, source, touches, problems=problems)


def _event_relations(raw: RawTable, events: pd.DataFrame) -> ActivityFile:
    """EventRelation rows (one per invitee of a group event) as touches of their Event (date, owner, subject)."""
    frame = raw.frame
    found = _find(frame, EVENT_RELATION)
    problems: list[Problem] = []
    event = _col(frame, found, "event")
    by_id = events.drop_duplicates("activity").set_index("activity") if len(events) else None
    key = event.map(sf15)
    index = (
        pd.Series(by_id.index, index=[sf15(v) for v in by_id.index]) if by_id is not None else pd.Series(dtype=object)
    )
    index = index[~index.index.duplicated()]
    matched = key.map(index)
    for i in np.flatnonzero(matched.isna().to_numpy()):
        problems.append(
            raw.problem(
                "names an event that is not in the Event export given with --activities: expected an Event Id "
                "(pass the Event export beside its EventRelation rows)",
                index=int(i),
                column=found["event"],
                value=event.iat[i],
            )
        )
    ok = matched.notna().to_numpy()
    status = _col(frame, found, "status").str.casefold()
    rows = np.asarray(raw.rows)
    sub = frame.loc[ok]
    base = by_id.loc[matched[ok].to_numpy()] if by_id is not None and ok.any() else None
    n = int(ok.sum())

    def from_event(column: str) -> list:
        return base[column].tolist() if base is not None else []

    state = np.where(status[ok] == "declined", "declined", from_event("status") if n else [])
    touches = _frame(
        {
            "source": ["salesforce-eventrelation"] * n,
            "file": [raw.file] * n,
            "row": rows[ok],
            "activity": matched[ok].tolist(),
            "kind": from_event("kind"),
            "when": from_event("when"),
            "status": state,
            "person": _col(sub, found, "relation").tolist(),
            "person_kind": ["id"] * n,
            "team": from_event("team"),
            "account": from_event("account"),
            "subject": from_event("subject"),
        },
        n,
    )
    return ActivityFile(raw.file, "salesforce-eventrelation", touches, problems=problems)


def _hubspot(raw: RawTable, dayfirst: bool | None) -> ActivityFile:
    frame = raw.frame
    found = _find(frame, HUBSPOT)
    problems: list[Problem] = []
    notes: list[str] = []
    if "date" not in found or "type" not in found:
        problems.append(
            Problem(
                raw.file,
                "a HubSpot activity export needs 'Activity type' and 'Activity date' columns; "
                f"found columns: {', '.join(frame.columns)}",
            )
        )
        return ActivityFile(raw.file, "hubspot", _frame({}, 0), problems=problems)
    kind = _kind(_col(frame, found, "type"), "other")
    outcome = (
        _col(frame, found, "call_outcome").where(kind == "call", "")
        + _col(frame, found, "meeting_outcome").where(kind == "meeting", "")
    ).str.casefold()
    task = _col(frame, found, "task_status").str.casefold()
    state = np.where(
        kind == "note",
        "note",
        np.where(
            outcome.isin(NOT_HELD),
            np.where(outcome.isin({"canceled", "cancelled"}), "cancelled", "not-held"),
            np.where((kind == "task") & ~task.isin(DONE), "open", "held"),
        ),
    )
    assumed = int(((kind == "meeting") & outcome.isin({"", "scheduled"}) & (state == "held")).sum())
    if assumed:
        notes.append(
            f"{assumed} meeting(s) with the outcome empty or Scheduled count as held once their date has passed"
        )
    when = utc_dates(frame[found["date"]], raw, found["date"], problems, dayfirst)
    ids = _col(frame, found, "contact_ids").reset_index(drop=True)
    names = _col(frame, found, "contacts").reset_index(drop=True)
    by_id = ids != ""
    # one row per associated person: ids where the export gives them, else the names or emails it gives
    people = ids.where(by_id, names).str.split(r"[;,\n]+", regex=True).explode().fillna("").str.strip()
    people = people[people != ""]  # a cell "a;" is one person; a row with nobody keeps one empty person
    nobody = np.setdiff1d(np.arange(len(frame)), people.index.to_numpy(dtype=int))
    people = pd.concat([people, pd.Series("", index=nobody, dtype=object)]).sort_index(kind="stable")
    at = people.index.to_numpy(dtype=int)
    person = people.to_numpy(dtype=object)
    person_kind = np.where(
        person == "", "", np.where(by_id.to_numpy()[at], "id", np.where(people.str.contains("@"), "email", "name"))
    )
    activity = _col(frame, found, "id")
    rows = np.asarray(raw.rows)

    def pick(values) -> list:
        return np.asarray(values, dtype=object)[at].tolist()

    touches = _frame(
        {
            "source": ["hubspot"] * len(at),
            "file": [raw.file] * len(at),
            "row": rows[at],
            "activity": pick(activity.where(activity != "", pd.Series([f"{raw.file}:{r}" for r in rows]))),
            "kind": pick(kind),
            "when": pick(when),
            "status": pick(state),
            "person": person,
            "person_kind": person_kind,
            "team": pick(_col(frame, found, "owner")),
            "account": pick(_col(frame, found, "account")),
            "subject": pick(_col(frame, found, "subject")),
        },
        len(at),
    )
    return ActivityFile(raw.file, "hubspot", touches, notes=notes, problems=problems)


def read_activity_table(
    raw: RawTable, events: pd.DataFrame | None = None, dayfirst: bool | None = None
) -> ActivityFile:
    """Read one activity export (a :class:`RawTable`): its source is recognised from the headers.

    ``events``: the touches of the Salesforce Event exports read so far, which EventRelation rows refer to;
    ``dayfirst``: how to read dates such as 03/04/2026 when no date of the column decides it.
    """
    source = detect_source(list(raw.frame.columns))
    if source is None:
        raise InputError(
            [
                Problem(
                    raw.file,
                    "not an activity export: expected a Salesforce Task or Event export (WhoId, ActivityDate, "
                    "Status or StartDateTime), an EventRelation export (EventId, RelationId), a HubSpot activity "
                    f"export (Activity type, Activity date) or an .ics calendar; found columns: "
                    f"{', '.join(map(str, raw.frame.columns))}",
                )
            ]
        )
    if source == "hubspot":
        return _hubspot(raw, dayfirst)
    if source == "salesforce-eventrelation":
        return _event_relations(raw, events if events is not None else _frame({}, 0))
    return _salesforce(raw, source, dayfirst)


def _address(value) -> str:
    text = str(value).strip()
    return text[7:].strip() if text.casefold().startswith("mailto:") else text


def _utc_date(value) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else ""


def read_calendar(path: str | Path, until: dt.date) -> ActivityFile:
    """An iCalendar file's meetings up to ``until`` (recurring series expanded), one touch per attendee.

    Occurrences up to a day past ``until`` are read, so that one whose local date is later but whose UTC
    date is not is kept; the matching decides by the UTC date.

    The organizer is our team member. ``STATUS:CANCELLED`` (a whole event or one occurrence) is
    ``cancelled``; an attendee whose ``PARTSTAT`` is ``DECLINED`` or ``DELEGATED`` is ``declined``.
    """
    file = str(path)
    try:
        import icalendar
        import recurring_ical_events  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(
            [Problem(file, "reading .ics calendars needs the activity extra: pip install 'powermap[activity]'")]
        ) from None
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError([Problem(file, f"cannot read the file: {error.strerror or error}")]) from None
    if len(data) > ICS_LIMITS["bytes"]:
        raise InputError(
            [Problem(file, f"{len(data):,} bytes: at most {ICS_LIMITS['bytes']:,} are read from a calendar file")]
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
        if calendar.name != "VCALENDAR":
            raise ValueError("the file holds no VCALENDAR")
        for event in calendar.walk("VEVENT"):  # a series every hour or minute is no meeting, and never ends
            rule = event.get("RRULE")
            freq = [str(f).upper() for f in (rule.get("FREQ", []) if rule is not None else [])]
            if set(freq) & {"SECONDLY", "MINUTELY", "HOURLY"}:
                raise InputError(
                    [
                        Problem(
                            file,
                            f"event {event.get('UID', '')!s} repeats {freq[0].lower()}: expected meetings that "
                            "repeat daily, weekly, monthly or yearly",
                        )
                    ]
                )
        since = until - dt.timedelta(days=ICS_LIMITS["years"] * 366)
        occurrences = list(recurring_ical_events.of(calendar).between(since, until + dt.timedelta(days=2)))
    except InputError:
        raise
    except Exception as error:  # icalendar raises ValueError and its kin on a damaged file
        raise InputError([Problem(file, f"not a valid iCalendar (.ics) file: {error}")]) from None
    if len(occurrences) > ICS_LIMITS["occurrences"]:
        raise InputError(
            [
                Problem(
                    file,
                    f"{len(occurrences):,} meeting occurrences: at most {ICS_LIMITS['occurrences']:,} are read "
                    "from a calendar (export a shorter period)",
                )
            ]
        )
    records: list[dict[str, object]] = []
    for number, event in enumerate(occurrences, start=1):
        if event.name != "VEVENT":
            continue
        start = event.get("DTSTART")
        when = _utc_date(start.dt) if start is not None else ""
        uid = str(event.get("UID", f"{file}:{number}"))
        recurrence = event.get("RECURRENCE-ID")
        activity = f"{uid}@{when}" if recurrence is not None or event.get("RRULE") is not None else uid
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        organizer = event.get("ORGANIZER")
        team = ""
        if organizer is not None:
            team = str(organizer.params.get("CN", "")) or _address(organizer)
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        base = {
            "source": "calendar",
            "file": file,
            "row": number,
            "activity": activity,
            "kind": "meeting",
            "when": when,
            "team": team,
            "account": "",
            "subject": str(event.get("SUMMARY", "")),
        }
        organizer_email = _address(organizer).casefold() if organizer is not None else ""
        people = [a for a in attendees if _address(a).casefold() != organizer_email]
        if not people:
            records.append({**base, "status": "cancelled" if cancelled else "held", "person": "", "person_kind": ""})
        for attendee in people:
            part = str(attendee.params.get("PARTSTAT", "")).upper()
            status = "cancelled" if cancelled else "declined" if part in ("DECLINED", "DELEGATED") else "held"
            records.append({**base, "status": status, "person": _address(attendee), "person_kind": "email"})
    touches = pd.DataFrame(records, columns=TOUCH_COLUMNS) if records else _frame({}, 0)
    notes = [
        f"{file}: {len(occurrences)} meeting occurrence(s) read from {since.isoformat()} to "
        f"{(until + dt.timedelta(days=1)).isoformat()} (the day after the map's date, for time zones ahead of UTC), "
        "recurring series expanded"
    ]
    return ActivityFile(file, "calendar", touches, notes=notes)


def read_activities(paths, until: dt.date, dayfirst: bool | None = None) -> list[ActivityFile]:
    """Read every activity file (``.ics`` calendars and CRM exports), EventRelation files after their Events.

    Raises :class:`InputError` with every problem found in the files.
    """
    tables: list[RawTable] = []
    read: list[ActivityFile] = []
    for path in paths:
        if Path(path).suffix.casefold() == ".ics":
            read.append(read_calendar(path, until))
        else:
            tables.append(read_links(path))
    relations = [t for t in tables if detect_source(list(t.frame.columns)) == "salesforce-eventrelation"]
    for table in tables:
        if not any(table is r for r in relations):
            read.append(read_activity_table(table, dayfirst=dayfirst))
    events = [f.touches for f in read if f.source == "salesforce-event"]
    event_touches = pd.concat(events, ignore_index=True) if events else _frame({}, 0)
    for table in relations:
        read.append(read_activity_table(table, event_touches, dayfirst))
    problems = [p for f in read for p in f.problems]
    if problems:
        raise InputError(problems)
    return read
