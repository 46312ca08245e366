"""A small account whose every text field tries to run script or break out of its context in the HTML outputs."""

import pandas as pd

import powermap

PAYLOADS = {
    "name": "</script><script>window.__pwned = 'name'</script>",
    "title": "<img src=x onerror=\"window.__pwned = 'title'\"> see href",
    "department": '"><svg onload="window.__pwned = \'dept\'">',
    "notes": "<a href=\"javascript:window.__pwned = 'notes'\">click</a> {{ 7 * 7 }} \u2028 & &amp;",
    "owner": "<b onmouseover=\"window.__pwned='owner'\">Mallory</b>",
    "competitor": "<iframe src=javascript:window.__pwned='competitor'>",
    "account": "<script>window.__pwned = 'account'</script> Ltd",
}


def hostile_map() -> powermap.PowerMap:
    frame = pd.DataFrame(
        {
            "id": ["ceo", "cfo", "eng", "user"],
            "name": ["Ana Ruiz", "Bo Chen", PAYLOADS["name"], "Dee Park"],
            "title": ["CEO", "CFO", PAYLOADS["title"], "Operator"],
            "department": ["Board", "Finance", PAYLOADS["department"], "Operations"],
            "reports_to": ["", "ceo", "ceo", "eng"],
            "roles": ["decision maker", "advisor", "inside coach; technical buyer", "key user"],
            "influence": [5, 4, 3, 2],
            "stance": ["supporter", "blocker", "champion", "neutral"],
            "relationship": [2, 0, 3, 1],
            "owner": ["Kim", PAYLOADS["owner"], "Kim", "Kim"],
            "competitor": ["", PAYLOADS["competitor"], "", ""],
            "notes": ["", "", PAYLOADS["notes"], ""],
        }
    )
    return powermap.from_frame(frame, name=PAYLOADS["account"], stage=4, as_of="2026-11-15")
