"""Advocate score: 0-100 from what an advocate has done, with the reasons that make it up.

Framework-free so that the weights can be reasoned about and tested without Odoo. Each component
is capped, so one very large deal cannot make someone a champion on its own.
"""

import math

STATE_POINTS = {"none": 0, "candidate": 5, "active": 10, "champion": 15, "paused": 0, "opted_out": 0}

# (key, label, cap) in the order they are explained
COMPONENTS = (
    ("state", "Advocate status", 15),
    ("pyramid", "Advocacy pyramid level", 15),
    ("referrals", "Referrals submitted", 20),
    ("won", "Referrals won", 25),
    ("revenue", "Referred revenue", 15),
    ("engagement", "Reviews and accepted asks", 10),
)


def score(
    state="none",
    pyramid_level=0,
    referral_count=0,
    won_count=0,
    revenue=0.0,
    good_reviews=0,
    accepted_moments=0,
):
    """Return ``(total, parts)`` where ``parts`` is a list of ``(key, label, points, cap)``."""
    if state == "opted_out":
        return 0, [("state", COMPONENTS[0][1], 0, COMPONENTS[0][2])]
    level = int(pyramid_level or 0)
    raw = {
        "state": STATE_POINTS.get(state or "none", 0),
        "pyramid": 3 * max(0, min(level, 5)),
        "referrals": 4 * max(0, referral_count or 0),
        "won": 10 * max(0, won_count or 0),
        # logarithmic: 1k -> 5, 10k -> 10, 100k+ -> 15
        "revenue": 5 * math.log10(revenue / 100.0) if revenue and revenue > 100 else 0,
        "engagement": 3 * max(0, good_reviews or 0) + 2 * max(0, accepted_moments or 0),
    }
    parts = []
    for key, label, cap in COMPONENTS:
        points = round(min(max(raw[key], 0), cap))
        parts.append((key, label, points, cap))
    total = sum(p[2] for p in parts)
    return min(total, 100), parts


def explain(parts):
    """One line per component that contributes, e.g. 'Referrals won: 20/25'."""
    return "\n".join(f"{label}: {points}/{cap}" for _key, label, points, cap in parts if points)
