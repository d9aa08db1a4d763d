"""Campaign arithmetic, free of Odoo so it can be tested with plain pytest.

The campaign model aggregates the company's opportunities in SQL (one row per group: referral or
not) and asks this module what the aggregates mean: win rate, average cycle, average deal size,
and how referral deals compare with the others.
"""


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else None


def group_figures(won=0, lost=0, cycle_days_sum=0.0, cycle_count=0, revenue_sum=0.0):
    """Figures of one group of opportunities from its aggregates.

    - win rate: won / (won + lost), open deals excluded (None when nothing closed);
    - cycle days: average days from creation to closing of the won deals (None without any);
    - deal size: average revenue of the won deals (None without any).
    """
    won = int(won or 0)
    lost = int(lost or 0)
    return {
        "won": won,
        "lost": lost,
        "closed": won + lost,
        "win_rate": _ratio(won, won + lost),
        "cycle_days": _ratio(float(cycle_days_sum or 0.0), int(cycle_count or 0)),
        "deal_size": _ratio(float(revenue_sum or 0.0), won),
    }


def compare(referral, other):
    """Referral figures against the others (both from :func:`group_figures`).

    Returns for each measure the two values and the difference that a reader expects:
    win rate in percentage points, cycle in days saved (positive = referral deals close faster)
    and in percent, deal size as a lift in percent. A difference is None when either side has no
    figure.
    """

    def diff(a, b):
        return None if a is None or b is None else a - b

    def lift(a, b):
        return None if a is None or not b else (a - b) / b * 100.0

    win_points = diff(referral["win_rate"], other["win_rate"])
    return {
        "win_rate": (referral["win_rate"], other["win_rate"]),
        "win_rate_points": None if win_points is None else win_points * 100.0,
        "cycle_days": (referral["cycle_days"], other["cycle_days"]),
        "cycle_days_saved": diff(other["cycle_days"], referral["cycle_days"]),
        "cycle_days_saved_pct": (
            None
            if referral["cycle_days"] is None or not other["cycle_days"]
            else (other["cycle_days"] - referral["cycle_days"]) / other["cycle_days"] * 100.0
        ),
        "deal_size": (referral["deal_size"], other["deal_size"]),
        "deal_size_lift_pct": lift(referral["deal_size"], other["deal_size"]),
    }


def progress(actual, target):
    """Percentage of a target reached (0 when no target is set), not capped: 130 means beaten by 30%."""
    return float(actual or 0) / target * 100.0 if target else 0.0


def participation_funnel(invited, accepted, submitted, verified):
    """Conversion rates of the participation funnel, each step against the invitations."""
    return {
        "acceptance_rate": _ratio(accepted, invited),
        "submission_rate": _ratio(submitted, invited),
        "verification_rate": _ratio(verified, invited),
    }
