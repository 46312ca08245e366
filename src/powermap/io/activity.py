"""Engagement from activity: a CRM's last-activity date as evidence of a business relationship.

CRMs carry no relationship-depth field, so an export read as it is would say
nobody is engaged. Where the relationship is not given and the last contact
(a CRM's last activity) lies within ``Policy.activity_engagement_days``
(default 90) before the map's date, the contact counts as ``business`` (1),
marked ``relationship_source = "activity"``. Setting the policy to 0 turns
this off. A relationship the user gave always wins.

>>> import pandas as pd
>>> contacts = pd.DataFrame({"relationship": [0, 0, 2], "relationship_source": ["default", "default", "given"],
...                          "last_contact": pd.to_datetime(["2026-11-01", "2026-05-01", "2026-11-01"])})
>>> out = engagement_from_activity(contacts, pd.Timestamp("2026-11-15"), 90)
>>> out["relationship"].tolist(), out["relationship_source"].tolist()
([1, 0, 2], ['activity', 'default', 'given'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["engagement_from_activity"]


def engagement_from_activity(contacts: pd.DataFrame, as_of, days: int) -> pd.DataFrame:
    """The contacts with relationship 1 (source ``activity``) where it was not given and the last contact is recent.

    ``as_of`` is one date or one per contact (a Series aligned with ``contacts``).
    Contacts marked ``activity`` before are decided again (a stricter policy
    takes their engagement back). The frame is returned as it is when nothing
    changes, else a changed copy; the caller's frame is never modified.
    """
    if "relationship_source" not in contacts or "last_contact" not in contacts:
        return contacts
    source = contacts["relationship_source"].to_numpy()
    open_ = (source == "default") | (source == "activity")
    if not open_.any():
        return contacts
    last = pd.to_datetime(contacts["last_contact"]).to_numpy(dtype="datetime64[ns]")
    when = (
        as_of.to_numpy(dtype="datetime64[ns]")
        if isinstance(as_of, pd.Series)
        else np.datetime64(pd.Timestamp(as_of), "ns")
    )
    age = (when - last).astype("timedelta64[D]").astype(float) if days > 0 else np.full(len(source), np.nan)
    recent = open_ & ~np.isnan(age) & (age >= 0) & (age <= days)
    new_source = np.where(open_, np.where(recent, "activity", "default"), source)
    if (new_source == source).all():
        return contacts
    out = contacts.copy()
    relationship = out["relationship"].to_numpy().copy()
    relationship[open_] = np.where(recent[open_], 1, 0)
    out["relationship"] = pd.array(relationship, dtype=out["relationship"].dtype)
    out["relationship_source"] = new_source
    return out
