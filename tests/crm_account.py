"""One 18-person account (Brightwater Foods), as a hand-made contacts table and as each CRM exports it.

Every export is written from the same people, with the mess real exports
carry (split names, 18-character Ids with 15-character references, US dates,
blank picklists, extra columns, managers by name). ``carried(crm)`` is the
hand-made table reduced to what that CRM can hold: its role picklist, the
stance it has a field for, and no relationship depth (engagement comes from
recent activity). The tests check that each export scores exactly as its
reduced table.
"""

import csv
from pathlib import Path

AS_OF = "2026-11-15"
FACTS = dict(name="Brightwater Foods", stage=4, technicality="high", as_of=AS_OF)

# id, first, last, title, department, manager id, powermap roles, stance, last contact (ISO), owner,
#   role value per CRM: salesforce, hubspot, dynamics, bluesheet
PEOPLE = [
    (
        "ceo",
        "Helen",
        "Park",
        "Chief Executive Officer",
        "Executive Office",
        "",
        "decision_maker",
        1,
        "2026-10-20",
        "Dana Ruiz",
        ("Decision Maker", "Decision Maker", "Decision Maker", "Economic Buyer"),
    ),
    (
        "cfo",
        "Marcus",
        "Lind",
        "Chief Financial Officer",
        "Finance",
        "ceo",
        "finance",
        -1,
        "2026-06-01",
        "Dana Ruiz",
        ("Economic Buyer", "Budget Holder", "Economic", "Economic Buyer"),
    ),
    (
        "coo",
        "Sofia",
        "Reyes",
        "Chief Operating Officer",
        "Operations",
        "ceo",
        "initiator",
        2,
        "2026-11-10",
        "Tom Becker",
        ("Executive Sponsor", "Champion", "Champion", ""),
    ),
    (
        "cio",
        "Daniel",
        "Okoro",
        "Chief Information Officer",
        "IT",
        "ceo",
        "technical_supporter",
        0,
        "2026-09-30",
        "Tom Becker",
        ("Technical Buyer", "Influencer", "Technical", "Technical Buyer"),
    ),
    (
        "ea",
        "Grace",
        "Liu",
        "Executive Assistant to the CEO",
        "Executive Office",
        "ceo",
        "gatekeeper",
        None,
        "",
        "Dana Ruiz",
        ("Other", "Other", "Stakeholder", ""),
    ),
    (
        "itm",
        "Ivan",
        "Petrov",
        "IT Manager",
        "IT",
        "cio",
        "technical_supporter",
        1,
        "2026-11-01",
        "Tom Becker",
        ("Evaluator", "Influencer", "Technical", "Technical Buyer"),
    ),
    (
        "arch",
        "Nina",
        "Shah",
        "Solutions Architect",
        "IT",
        "itm",
        "technical_supporter",
        1,
        "2026-10-28",
        "Tom Becker",
        ("Technical Buyer", "Influencer", "Technical", "Technical Buyer"),
    ),
    (
        "sec",
        "Omar",
        "Haddad",
        "Security Manager",
        "IT",
        "cio",
        "influencer",
        -2,
        "2026-08-01",
        "Tom Becker",
        ("Influencer", "Blocker", "Influencer", ""),
    ),
    (
        "whs",
        "Laura",
        "Chen",
        "Director of Warehousing",
        "Operations",
        "coo",
        "key_user",
        1,
        "2026-11-05",
        "Priya Nair",
        ("Business User", "End User", "End User", "User Buyer"),
    ),
    (
        "shift",
        "Peter",
        "Novak",
        "Shift Supervisor",
        "Operations",
        "whs",
        "key_user",
        0,
        "2026-10-15",
        "Priya Nair",
        ("Business User", "End User", "End User", "User Buyer"),
    ),
    (
        "plan",
        "Aisha",
        "Karim",
        "Demand Planner",
        "Operations",
        "whs",
        "",
        None,
        "2026-09-20",
        "Priya Nair",
        ("", "", "", ""),
    ),
    (
        "finm",
        "Robert",
        "King",
        "Finance Manager",
        "Finance",
        "cfo",
        "",
        0,
        "2026-10-02",
        "Dana Ruiz",
        ("Other", "Other", "Stakeholder", ""),
    ),
    (
        "proc",
        "Emma",
        "Walsh",
        "Procurement Lead",
        "Procurement",
        "cfo",
        "influencer",
        0,
        "2026-10-09",
        "Dana Ruiz",
        ("Influencer", "Influencer", "Influencer", ""),
    ),
    (
        "gc",
        "Jonas",
        "Berg",
        "General Counsel",
        "Legal",
        "ceo",
        "legal",
        0,
        "2026-07-01",
        "Dana Ruiz",
        ("Other", "Legal and Compliance", "Stakeholder", ""),
    ),
    (
        "ba",
        "Mei",
        "Tanaka",
        "Business Analyst",
        "Operations",
        "whs",
        "inside_coach",
        2,
        "2026-11-13",
        "Priya Nair",
        ("Other", "Other", "Stakeholder", "Coach"),
    ),
    ("hr", "Carlos", "Diaz", "HR Manager", "People", "coo", "", None, "", "Priya Nair", ("", "", "", "")),
    (
        "eng",
        "Fatima",
        "Noor",
        "Systems Engineer",
        "IT",
        "itm",
        "key_user",
        1,
        "2026-11-12",
        "Tom Becker",
        ("Business User", "End User", "End User", "User Buyer"),
    ),
    (
        "vpsc",
        "Victor",
        "Hale",
        "VP Supply Chain",
        "Operations",
        "coo",
        "decision_maker",
        1,
        "2026-10-05",
        "Priya Nair",
        ("Decision Maker", "Decision Maker", "Decision Maker", "Economic Buyer"),
    ),
]
CRMS = ("salesforce", "hubspot", "dynamics", "bluesheet")
ROLE_READ = {  # what powermap reads each CRM value as (the profiles' tables, restated for the reduced tables)
    "Decision Maker": "decision_maker",
    "Economic Buyer": "decision_maker",
    "Economic": "decision_maker",
    "Budget Holder": "finance",
    "Executive Sponsor": "initiator",
    "Champion": "initiator",
    "Technical Buyer": "technical_supporter",
    "Technical": "technical_supporter",
    "Evaluator": "technical_supporter",
    "Influencer": "influencer",
    "Business User": "key_user",
    "End User": "key_user",
    "User Buyer": "key_user",
    "Legal and Compliance": "legal",
    "Coach": "inside_coach",
    "Other": "",
    "Stakeholder": "",
    "Blocker": "",
    "": "",
}
USERS = {"Dana Ruiz": "0055g00000DrUiZAAQ", "Tom Becker": "0055g00000TbEcKAAQ", "Priya Nair": "0055g00000PnAiRAAQ"}


def sf_id(i: int, long: bool = True) -> str:
    base = f"0035g00000Bw{chr(65 + i)}{i:02d}"  # 15 characters, case-sensitive
    return base + "QAM" if long else base


def _us(date: str) -> str:
    if not date:
        return ""
    y, m, d = date.split("-")
    return f"{int(m)}/{int(d)}/{y}"


def write_csv(path: Path, header, rows) -> Path:
    """A CSV file as a CRM writes it: the header, then the rows."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def handmade(folder: Path, crm: str | None = None) -> Path:
    """The contacts table a user would write by hand; with ``crm``, reduced to what that CRM carries."""
    rows = []
    for _i, (pid, first, last, title, dept, boss, roles, stance, last_contact, owner, values) in enumerate(PEOPLE):
        relationship = ""
        if crm is None:
            relationship = "1" if last_contact and last_contact >= "2026-08-17" else "0"
        else:
            read = ROLE_READ[values[CRMS.index(crm)]]
            if crm == "hubspot" and values[1] == "Blocker":
                read = ""
            roles = read
            if crm in ("salesforce", "dynamics"):
                stance = None
            elif crm == "hubspot":
                stance = {2: 2, -2: -2}.get(stance) if values[1] in ("Champion", "Blocker") else None
        rows.append(
            [
                pid,
                f"{first} {last}",
                title,
                dept,
                boss,
                roles,
                "" if stance is None else stance,
                relationship,
                owner,
                last_contact,
            ]
        )
    return write_csv(
        folder / f"handmade{'-' + crm if crm else ''}.csv",
        ["id", "name", "title", "department", "reports_to", "roles", "stance", "relationship", "owner", "last_contact"],
        rows,
    )


def salesforce(folder: Path) -> tuple[Path, Path]:
    """Contacts (API names, 18-character Ids, 15-character ReportsToId, owner ids, US dates) and role rows."""
    index = {p[0]: i for i, p in enumerate(PEOPLE)}
    contacts, roles = [], []
    for i, (pid, first, last, title, dept, boss, _, _, last_contact, owner, values) in enumerate(PEOPLE):
        manager = sf_id(index[boss], long=i % 2 == 0) if boss else ""
        contacts.append(
            [
                sf_id(i),
                first,
                last,
                title,
                dept,
                manager,
                USERS[owner],
                _us(last_contact),
                f"{first.lower()}.{last.lower()}@brightwater.example",
                "0015g00000BwFdsAAE",
                "+1 555 0100",
                "",
            ]
        )
        if values[0]:
            roles.append(
                [sf_id(i, long=i % 3 == 0), "0065g00000BwOp1AAE", values[0], "true" if pid == "ceo" else "false"]
            )
    c = write_csv(
        folder / "sf_contacts.csv",
        [
            "Id",
            "FirstName",
            "LastName",
            "Title",
            "Department",
            "ReportsToId",
            "OwnerId",
            "LastActivityDate",
            "Email",
            "AccountId",
            "Phone",
            "Description",
        ],
        contacts,
    )
    r = write_csv(folder / "sf_roles.csv", ["ContactId", "OpportunityId", "Role", "IsPrimary"], roles)
    return c, r


def users(folder: Path) -> Path:
    return write_csv(folder / "sf_users.csv", ["Id", "Name"], [[v, k] for k, v in USERS.items()])


def hubspot(folder: Path) -> Path:
    """Record IDs, split names, multi-valued Buying Role, managers by name, ISO timestamps with a zone."""
    names = {p[0]: f"{p[1]} {p[2]}" for p in PEOPLE}
    rows = []
    for i, (_pid, first, last, title, dept, boss, _, _, last_contact, owner, values) in enumerate(PEOPLE):
        when = f"{last_contact}T14:{i:02d}:00.000Z" if last_contact else ""
        manager = names[boss].upper() if boss and i % 4 == 0 else names.get(boss, "")
        rows.append(
            [
                str(51000 + i),
                first,
                last,
                title,
                dept,
                values[1],
                when,
                owner,
                manager,
                f"{first.lower()}@brightwater.example",
                "Brightwater Foods",
                "customer",
            ]
        )
    return write_csv(
        folder / "hubspot.csv",
        [
            "Record ID",
            "First Name",
            "Last Name",
            "Job Title",
            "Department",
            "Buying Role",
            "Last Activity Date",
            "Contact owner",
            "Reports To",
            "Email",
            "Company Name",
            "Lifecycle Stage",
        ],
        rows,
    )


def dynamics(folder: Path) -> Path:
    """(Do Not Modify) columns, Full Name, connection roles, parent contact by name, day-first dates."""
    names = {p[0]: f"{p[1]} {p[2]}" for p in PEOPLE}
    rows = []
    for i, (pid, _first, _last, title, dept, boss, _, _, last_contact, owner, values) in enumerate(PEOPLE):
        y, m, d = last_contact.split("-") if last_contact else ("", "", "")
        when = f"{d}/{m}/{y} 09:30" if last_contact else ""
        guid = f"8d0e{i:04d}-5b1c-ef11-8409-000d3a1b2c3d"
        rows.append(
            [
                guid,
                f"chk{i}",
                "2026-11-14T08:00:00Z",
                names[pid],
                title,
                dept,
                values[2],
                names.get(boss, ""),
                owner,
                when,
                "Brightwater Foods",
            ]
        )
    return write_csv(
        folder / "dynamics.csv",
        [
            "(Do Not Modify) Contact",
            "(Do Not Modify) Row Checksum",
            "(Do Not Modify) Modified On",
            "Full Name",
            "Job Title",
            "Department",
            "Connection Role",
            "Parent Contact",
            "Owner",
            "Last Activity",
            "Company Name",
        ],
        rows,
    )


RATING = {2: "+5", 1: "+2", 0: "0", -1: "-2", -2: "-5"}


def bluesheet(folder: Path) -> Path:
    """Buying influences: role, degree of influence, mode, rating, coverage (who covers them)."""
    names = {p[0]: f"{p[1]} {p[2]}" for p in PEOPLE}
    rows = []
    for pid, _first, _last, title, _dept, boss, _, stance, last_contact, owner, values in PEOPLE:
        rating = RATING[stance] if stance is not None else ""
        covered = owner if last_contact and last_contact >= "2026-08-17" else "No"
        rows.append([names[pid], title, values[3], "", "", rating, covered, names.get(boss, ""), last_contact])
    return write_csv(
        folder / "bluesheet.csv",
        [
            "Buying Influence",
            "Title",
            "Role",
            "Degree of Influence",
            "Mode",
            "Rating",
            "Coverage",
            "Reports To",
            "Last Contact",
        ],
        rows,
    )


def bluesheet_carried(folder: Path) -> Path:
    """The hand-made table as a Blue Sheet carries it: Blue Sheet roles, the stance a rating gives, coverage."""
    names = {p[0]: f"{p[1]} {p[2]}" for p in PEOPLE}
    rows = []
    for pid, _first, _last, title, _dept, boss, _, stance, last_contact, owner, values in PEOPLE:
        covered = last_contact and last_contact >= "2026-08-17"
        rows.append(
            [
                names[pid],
                names[pid],
                title,
                names.get(boss, ""),
                ROLE_READ[values[3]],
                "" if stance is None else stance,
                "1" if covered else "0",
                owner if covered else "",
                last_contact,
            ]
        )
    return write_csv(
        folder / "handmade-bluesheet.csv",
        ["id", "name", "title", "reports_to", "roles", "stance", "relationship", "owner", "last_contact"],
        rows,
    )
