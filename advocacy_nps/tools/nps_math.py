"""NPS, CSAT and survey-scheduling arithmetic, free of any Odoo import.

NPS is always computed from the counts of promoters (9-10), passives (7-8) and detractors (0-6):
NPS = %promoters - %detractors, in points from -100 to +100, never an average of scores.
"""

import math
from datetime import date, datetime, time, timedelta

PROMOTER = "promoter"
PASSIVE = "passive"
DETRACTOR = "detractor"
Z_95 = 1.959963984540054


def band(score):
    """The band of a 0-10 score: 'promoter' (9-10), 'passive' (7-8) or 'detractor' (0-6)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
        raise ValueError(f"an NPS score is an integer from 0 to 10, not {score!r}")
    if score >= 9:
        return PROMOTER
    if score >= 7:
        return PASSIVE
    return DETRACTOR


def _check_counts(*counts):
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    return sum(counts)


def nps(promoters, passives, detractors):
    """NPS in points (-100..100) from the three counts; None when nobody answered."""
    n = _check_counts(promoters, passives, detractors)
    if not n:
        return None
    return 100.0 * (promoters - detractors) / n


def weighted_nps(promoter_weight, passive_weight, detractor_weight):
    """Revenue-weighted NPS in points: each answer (or account) counts with its weight, e.g. what the
    account invoiced; 100 * (W_promoters - W_detractors) / W. None when the total weight is zero."""
    total = _check_counts(promoter_weight, passive_weight, detractor_weight)
    if not total:
        return None
    return 100.0 * (promoter_weight - detractor_weight) / total


def band_counts(promoters, passives, detractors):
    """One row of an NPS table: the band counts, their total, NPS and its 95% margin of error."""
    return {
        "promoters": promoters,
        "passives": passives,
        "detractors": detractors,
        "count": promoters + passives + detractors,
        "nps": nps(promoters, passives, detractors),
        "margin": margin_of_error(promoters, passives, detractors),
    }


def group_figures(promoters, passives, detractors, rest=None):
    """The figures a report shows for one group of answers: NPS, its 95% margin of error and, when
    ``rest`` (the other answers' counts) is given, whether the group differs significantly from them."""
    counts = (promoters, passives, detractors)
    change = change_significance(counts, rest) if rest is not None else None
    return {
        "nps": nps(*counts),
        "margin": margin_of_error(*counts),
        "vs_rest": change and change["change"],
        "significant": bool(change and change["significant"]),
    }


def nps_variance(promoters, passives, detractors):
    """Variance of one response's NPS value (+1 / 0 / -1): p_P + p_D - (p_P - p_D)^2 (trinomial)."""
    n = _check_counts(promoters, passives, detractors)
    if not n:
        return None
    p_p, p_d = promoters / n, detractors / n
    return p_p + p_d - (p_p - p_d) ** 2


def standard_error(promoters, passives, detractors):
    """Standard error of the NPS, in points."""
    n = promoters + passives + detractors
    var = nps_variance(promoters, passives, detractors)
    if var is None:
        return None
    return 100.0 * math.sqrt(var / n)


def margin_of_error(promoters, passives, detractors, z=Z_95):
    """Half-width of the confidence interval of the NPS in points (95% by default)."""
    se = standard_error(promoters, passives, detractors)
    return None if se is None else z * se


def change_significance(current, previous, z=Z_95):
    """Two-sample z test of the NPS change between two periods.

    `current` and `previous` are (promoters, passives, detractors) tuples. Returns a dict with the
    change in points, the z statistic and whether the change is significant at the given level;
    None when either period has no answer.
    """
    nps_now, nps_before = nps(*current), nps(*previous)
    if nps_now is None or nps_before is None:
        return None
    se_now, se_before = standard_error(*current), standard_error(*previous)
    change = nps_now - nps_before
    se = math.sqrt(se_now**2 + se_before**2)
    if se == 0:
        z_value = 0.0 if change == 0 else math.copysign(math.inf, change)
    else:
        z_value = change / se
    return {"change": change, "z": z_value, "significant": abs(z_value) >= z}


def csat_percent(satisfied, neutral, dissatisfied):
    """CSAT%: the share of satisfied answers, in percent; None when nobody answered."""
    n = _check_counts(satisfied, neutral, dissatisfied)
    return None if not n else 100.0 * satisfied / n


def response_rate(answered, invited):
    """Answered invitations over invitations actually sent, in percent; None when none was sent."""
    if answered < 0 or invited < 0:
        raise ValueError("counts cannot be negative")
    if answered > invited:
        raise ValueError("more answers than invitations")
    return None if not invited else 100.0 * answered / invited


def business_days(start, days, weekend=(5, 6), holidays=()):
    """The business days (dates) of the `days` calendar days starting at `start`."""
    holidays = set(holidays)
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() not in weekend and day not in holidays:
            result.append(day)
    return result


def drip_schedule(count, start, days, morning=(time(9, 0), time(12, 0)), weekend=(5, 6), holidays=()):
    """Spreads `count` sends evenly over the business-day mornings of `days` days from `start`.

    Returns `count` naive local datetimes in chronological order: the i-th send falls on business day
    floor(i * D / count), and the sends of one day are spread evenly over the morning window, so
    feedback arrives every day instead of in floods.
    """
    if count < 0 or days < 1:
        raise ValueError("count must be positive and the period at least one day")
    if isinstance(start, datetime):
        start = start.date()
    slots = business_days(start, days, weekend, holidays)
    if not slots:
        raise ValueError("the period has no business day")
    first = datetime.combine(date.min, morning[0])
    window = (datetime.combine(date.min, morning[1]) - first).total_seconds()
    per_day = {}
    for i in range(count):
        per_day.setdefault(i * len(slots) // count, []).append(i)
    result = []
    for day_index, items in sorted(per_day.items()):
        step = window / len(items)
        for rank, _i in enumerate(items):
            offset = timedelta(seconds=int(rank * step))
            result.append(datetime.combine(slots[day_index], morning[0]) + offset)
    return result
