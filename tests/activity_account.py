"""One account's activities (Brightwater Foods, tests/crm_account.py), as each CRM and a calendar export them.

The same touches are written as a Salesforce Task + Event + EventRelation
export, a HubSpot activity export and an iCalendar file, each with the traps
its source can carry: a declined attendee, a cancelled meeting, a recurring
series (one occurrence taken out), meetings near midnight in another time
zone, an Event and its EventRelation row for the same person, a touch of
another account's contact, and activities with nobody attached. ``HAND`` is
the count by hand that every source must give (docs/activities.md).
"""

from pathlib import Path

from crm_account import PEOPLE, USERS, sf_id, write_csv

AS_OF = "2026-11-15"
INDEX = {p[0]: i for i, p in enumerate(PEOPLE)}
NAMES = {p[0]: f"{p[1]} {p[2]}" for p in PEOPLE}
TEAM = {
    "Dana Ruiz": "dana.ruiz@ourco.example",
    "Tom Becker": "tom.becker@ourco.example",
    "Priya Nair": "priya.nair@ourco.example",
}
ACCOUNT_ID = "0015g00000BwFdsAAE"
SYNC = ["2026-10-06", "2026-10-20", "2026-10-27", "2026-11-03", "2026-11-10"]  # weekly from 10-06, 10-13 taken out

# Hand count, as_of 2026-11-15, window 90 days (from 2026-08-17):
# contact -> (last touch, touches within the window, held meetings within the window, all counted touches)
HAND = {
    "ceo": ("2026-11-03", 2, 1, 2),  # meeting 10-20, call 11-03; the cancelled 11-12 meeting does not count
    "cfo": ("2026-11-15", 2, 1, 3),  # email 09-01, meeting 11-16 07:30 Tokyo = 11-15 UTC; call 05-02 is old
    "coo": ("2026-11-10", 2, 2, 2),  # meetings 10-20, 11-10; the 11-15 20:00 Los Angeles one is 11-16 UTC
    "cio": ("2026-11-10", 7, 7, 7),  # meetings 10-20, 11-10 and five of the weekly sync
}
# Not counted: Grace Liu (ea) declined the 10-20 meeting; another account's contact; activities with nobody.
WORKS_WITH = {("cio", "coo"): 2}  # met together on 10-20 and 11-10; the CEO met each of them once
SUGGESTED = {"ceo": 1, "cfo": 1, "coo": 1, "cio": 2}  # cio: 7 touches, 7 meetings >= 6 and 2 (Policy defaults)


# meetings: key, UTC start (ISO), owner, attendees (person ids), declined, cancelled
MEETINGS = [
    ("kickoff", "2026-10-20T15:00:00Z", "Dana Ruiz", ["coo", "cio", "ceo"], ["ea"], False),
    ("review", "2026-11-10T16:00:00Z", "Tom Becker", ["coo", "cio"], [], False),
    ("cancelled", "2026-11-12T15:00:00Z", "Dana Ruiz", ["ceo"], [], True),
    ("tokyo", "2026-11-15T22:30:00Z", "Priya Nair", ["cfo"], [], False),  # 2026-11-16 07:30 in Tokyo
    ("late", "2026-11-16T04:00:00Z", "Tom Becker", ["coo"], [], False),  # 2026-11-15 20:00 in Los Angeles
    *[(f"sync{k}", f"{d}T14:00:00Z", "Tom Becker", ["cio"], [], False) for k, d in enumerate(SYNC)],
]
# calls, emails and tasks: key, date, kind, owner, person id ('' nobody, 'other' another account), done
TASKS = [
    ("call-ceo", "2026-11-03", "Call", "Dana Ruiz", "ceo", True),
    ("mail-cfo", "2026-09-01", "Email", "Dana Ruiz", "cfo", True),
    ("call-cfo-old", "2026-05-02", "Call", "Dana Ruiz", "cfo", True),
    ("proposal", "2026-11-12", "Task", "Dana Ruiz", "ceo", False),  # open: not done
    ("prep", "2026-11-04", "Task", "Tom Becker", "", True),  # nobody attached
    ("other", "2026-11-05", "Call", "Priya Nair", "other", True),  # another account's contact
]
OTHER_SF, OTHER_ACCOUNT = "0035g00000ZzZ99QAM", "0015g00000NwXxXAAE"


def salesforce(folder: Path) -> list[Path]:
    """Task, Event and EventRelation exports (Data Loader API names, UTC times, 18-character Ids)."""
    tasks = []
    for k, (key, date, kind, owner, who, done) in enumerate(TASKS):
        person = "" if who == "" else OTHER_SF if who == "other" else sf_id(INDEX[who])
        account = "" if who == "" else OTHER_ACCOUNT if who == "other" else ACCOUNT_ID
        status = "Completed" if done else "Not Started"
        tasks.append(
            [f"00T5g00000Tk{k:03d}AAA", person, account, key, date, status, str(done).lower(), kind, USERS[owner]]
        )
    events, relations = [], []
    for k, (key, start, owner, people, declined, cancelled) in enumerate(MEETINGS):
        if cancelled:
            continue  # Salesforce deletes a cancelled event: it is not in the export
        event_id = f"00U5g00000Ev{k:03d}AAA"
        events.append(
            [
                event_id,
                sf_id(INDEX[people[0]]),
                ACCOUNT_ID,
                key,
                start.replace("Z", ".000Z"),
                USERS[owner],
                "Event",
                "false",
            ]
        )
        if len(people) + len(declined) > 1:  # a group event: one EventRelation row per invitee, the Who too
            for p in people:
                relations.append([event_id, sf_id(INDEX[p], long=False), "Accepted", "true"])
            for p in declined:
                relations.append([event_id, sf_id(INDEX[p]), "Declined", "true"])
            relations.append([event_id, USERS[owner], "Accepted", "false"])
    events.append(
        [
            "00U5g00000Ev900AAA",
            "",
            ACCOUNT_ID,
            "internal dry run",
            "2026-11-09T10:00:00.000Z",
            USERS["Tom Becker"],
            "Event",
            "false",
        ]
    )
    return [
        write_csv(
            folder / "sf_tasks.csv",
            ["Id", "WhoId", "AccountId", "Subject", "ActivityDate", "Status", "IsClosed", "TaskSubtype", "OwnerId"],
            tasks,
        ),
        write_csv(
            folder / "sf_events.csv",
            ["Id", "WhoId", "AccountId", "Subject", "StartDateTime", "OwnerId", "EventSubtype", "IsAllDayEvent"],
            events,
        ),
        write_csv(folder / "sf_eventrelations.csv", ["EventId", "RelationId", "Status", "IsInvitee"], relations),
    ]


def hubspot(folder: Path) -> Path:
    """HubSpot's activity export: one row per activity, associated contact ids joined by ';', outcomes."""
    rows = []
    for k, (key, start, owner, people, _declined, cancelled) in enumerate(MEETINGS):
        ids = ";".join(str(51000 + INDEX[p]) for p in people)
        rows.append(
            [
                str(9100 + k),
                "Meeting",
                start,
                owner,
                ids,
                "Brightwater Foods",
                "",
                "Canceled" if cancelled else "Completed",
                key,
            ]
        )
    for k, (key, date, kind, owner, who, done) in enumerate(TASKS):
        ids = "" if who == "" else "99001" if who == "other" else str(51000 + INDEX[who])
        company = "Northwind Traders" if who == "other" else "" if who == "" else "Brightwater Foods"
        outcome = "Connected" if kind == "Call" else ""
        kind = {"Task": "Task"}.get(kind, kind)
        rows.append([str(9200 + k), kind.upper(), date, owner, ids, company, outcome, "", key] + [])
        if kind == "Task":
            rows[-1].append("COMPLETED" if done else "NOT_STARTED")
    rows.append(
        ["9300", "NOTE", "2026-11-06", "Dana Ruiz", str(51000 + INDEX["ceo"]), "Brightwater Foods", "", "", "notes"]
    )
    rows = [r + [""] * (10 - len(r)) for r in rows]
    return write_csv(
        folder / "hubspot_activities.csv",
        [
            "Activity ID",
            "Activity type",
            "Activity date",
            "Activity assigned to",
            "Associated Contact IDs",
            "Associated Company",
            "Call outcome",
            "Meeting outcome",
            "Subject",
            "Task status",
        ],
        rows,
    )


def email(pid: str) -> str:
    first, last = PEOPLE[INDEX[pid]][1], PEOPLE[INDEX[pid]][2]
    return f"{first.lower()}.{last.lower()}@brightwater.example"


def calendar(folder: Path) -> Path:
    """An .ics file as Outlook or Google writes it: zones, a weekly series with an EXDATE, PARTSTAT, a cancellation."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//powermap tests//EN",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tokyo",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    local = {"tokyo": ("Asia/Tokyo", "20261116T073000"), "late": ("America/Los_Angeles", "20261115T200000")}

    def event(uid, start_line, owner, people, declined=(), cancelled=False, extra=()):
        out = [
            "BEGIN:VEVENT",
            f"UID:{uid}@ourco.example",
            "DTSTAMP:20261001T000000Z",
            start_line,
            f"SUMMARY:{uid}",
            f"ORGANIZER;CN={owner}:mailto:{TEAM[owner]}",
        ]
        if cancelled:
            out.append("STATUS:CANCELLED")
        out += [f"ATTENDEE;CN={NAMES[p]};PARTSTAT=ACCEPTED:mailto:{email(p)}" for p in people]
        out += [f"ATTENDEE;CN={NAMES[p]};PARTSTAT=DECLINED:mailto:{email(p)}" for p in declined]
        out.append(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{TEAM[owner]}")
        return out + list(extra) + ["END:VEVENT"]

    for key, start, owner, people, declined, cancelled in MEETINGS:
        if key.startswith("sync"):
            continue
        if key in local:
            zone, when = local[key]
            start_line = f"DTSTART;TZID={zone}:{when}"
        else:
            start_line = "DTSTART:" + start.replace("-", "").replace(":", "")
        lines += event(key, start_line, owner, people, declined, cancelled)
    lines += event(
        "sync",
        "DTSTART:20261006T140000Z",
        "Tom Becker",
        ["cio"],
        extra=["RRULE:FREQ=WEEKLY;COUNT=12", "EXDATE:20261013T140000Z"],
    )
    lines += [
        "BEGIN:VEVENT",
        "UID:other@ourco.example",
        "DTSTAMP:20261001T000000Z",
        "DTSTART:20261105T150000Z",
        "SUMMARY:Northwind call",
        f"ORGANIZER;CN=Priya Nair:mailto:{TEAM['Priya Nair']}",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:pat.other@northwind.example",
        "END:VEVENT",
    ]
    lines += [
        "BEGIN:VEVENT",
        "UID:prep@ourco.example",
        "DTSTAMP:20261001T000000Z",
        "DTSTART:20261104T150000Z",
        "SUMMARY:prep",
        f"ORGANIZER;CN=Tom Becker:mailto:{TEAM['Tom Becker']}",
        "END:VEVENT",
    ]
    lines.append("END:VCALENDAR")
    path = folder / "team.ics"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path
