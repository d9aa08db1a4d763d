"""Reward arithmetic of advocacy_rewards, free of Odoo so it can be tested with plain pytest.

Every function is pure: amounts in, amounts out. The Odoo models feed them rows fetched in SQL and
write the results back in bulk.
"""

import bisect
import math
from datetime import date, timedelta

MODES = ("fixed", "percent", "ladder", "payback")


def _round(value, digits=2):
    """Half-up rounding (money), immune to binary float artefacts such as 2.675."""
    factor = 10**digits
    return math.floor(abs(value) * factor + 0.5 + 1e-9) / factor * (1 if value >= 0 else -1)


def fixed_amount(value):
    """The rule's fixed value, never negative."""
    return max(0.0, float(value or 0.0))


def percent_amount(revenue, percent, cap=0.0):
    """`percent` % of the won revenue, limited to `cap` when a cap is set (cap <= 0 means no cap)."""
    amount = max(0.0, float(revenue or 0.0)) * float(percent or 0.0) / 100.0
    if cap and cap > 0:
        amount = min(amount, float(cap))
    return _round(amount)


def parse_ladder(text):
    """Ladder steps from their text form "1:50, 3:100, 5:250" (from the Nth success: amount).

    Returns a list of (nth, amount) sorted by nth. Raises ValueError on malformed text, a step
    number below 1, a negative amount or a repeated step.
    """
    steps = []
    for chunk in (text or "").replace(";", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if ":" not in chunk:
            raise ValueError(f"ladder step {chunk!r} is not 'N:amount'")
        nth, amount = (part.strip() for part in chunk.split(":", 1))
        nth, amount = int(nth), float(amount)
        if nth < 1 or amount < 0:
            raise ValueError(f"ladder step {chunk!r}: N must be at least 1 and the amount positive")
        steps.append((nth, amount))
    steps.sort()
    if len({nth for nth, _amount in steps}) != len(steps):
        raise ValueError("a ladder step is repeated")
    return steps


def ladder_amount(nth, steps):
    """Amount of the `nth` success (1-based) within the period: the step with the greatest N <= nth.

    `steps` is a list of (nth, amount); before the first step nothing is paid.
    """
    if nth < 1 or not steps:
        return 0.0
    steps = sorted(steps)
    index = bisect.bisect_right([n for n, _amount in steps], nth) - 1
    return float(steps[index][1]) if index >= 0 else 0.0


def payback_amount(deal_amount, contract_months, margin_percent, payback_months, share_percent):
    """A reward sized from the referred deal's payback: `share_percent` % of the gross margin the deal
    earns in its first `payback_months` months.

    The deal's revenue is spread evenly over `contract_months` (12 for a yearly subscription); the
    months beyond the contract earn nothing.
    """
    if not deal_amount or deal_amount <= 0 or not contract_months or contract_months <= 0:
        return 0.0
    monthly_margin = float(deal_amount) / contract_months * float(margin_percent or 0.0) / 100.0
    months = min(max(0.0, float(payback_months or 0.0)), float(contract_months))
    return _round(monthly_margin * months * float(share_percent or 0.0) / 100.0)


def compute_amount(mode, *, fixed=0.0, revenue=0.0, percent=0.0, cap=0.0, nth=1, steps=(), **payback):
    """The base amount of one reward for one of MODES (before multiplier and caps)."""
    if mode == "fixed":
        return fixed_amount(fixed)
    if mode == "percent":
        return percent_amount(revenue, percent, cap)
    if mode == "ladder":
        return ladder_amount(nth, steps)
    if mode == "payback":
        return payback_amount(
            revenue,
            payback.get("contract_months", 12),
            payback.get("margin_percent", 0.0),
            payback.get("payback_months", 0.0),
            payback.get("share_percent", 0.0),
        )
    raise ValueError(f"unknown amount mode {mode!r}")


def apply_multiplier(amount, multiplier):
    """The tier's multiplier (1.0 when unset or not positive)."""
    if not multiplier or multiplier <= 0:
        multiplier = 1.0
    return _round(float(amount) * float(multiplier))


def allowed_amount(amount, *, cap=0.0, used=0.0, budget=0.0, spent=0.0):
    """What is still allowed of `amount`: limited by the advocate's cap for the period (`cap` minus
    what `used` already) and by the program's remaining budget (`budget` minus `spent`).

    A cap or budget <= 0 means "no limit". The result is never negative.
    """
    allowed = max(0.0, float(amount))
    if cap and cap > 0:
        allowed = min(allowed, max(0.0, float(cap) - float(used or 0.0)))
    if budget and budget > 0:
        allowed = min(allowed, max(0.0, float(budget) - float(spent or 0.0)))
    return _round(allowed)


def to_points(amount, points_per_unit=1.0):
    """Points for a money amount (whole points, rounded down: points are never over-granted)."""
    if not amount or amount <= 0 or not points_per_unit or points_per_unit <= 0:
        return 0
    return math.floor(float(amount) * float(points_per_unit) + 1e-9)


def period_start(day, period):
    """First day of the period (month, quarter, year) holding `day`; None for "lifetime"."""
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    if period in (None, False, "", "lifetime"):
        return None
    raise ValueError(f"unknown period {period!r}")


def fifo_remaining(lots, debits):
    """Oldest-first allocation of the debits (redeemed, expired, reversed points) against earn lots.

    `lots` is a list of (key, date, points > 0); `debits` the total of the points taken out (a
    positive number). Returns {key: points still left in that lot}, consumed oldest first.
    """
    remaining = {}
    debt = max(0, debits)
    for key, _day, points in sorted(lots, key=lambda lot: (lot[1], str(lot[0]))):
        used = min(points, debt)
        debt -= used
        remaining[key] = points - used
    return remaining


def points_to_expire(lots, debits, cutoff):
    """Points to expire now: what is still left (oldest first allocation) in the lots earned before
    `cutoff`. Idempotent: once expired, the expiry is itself a debit, so a second run gives 0.
    """
    remaining = fifo_remaining(lots, debits)
    return sum(remaining[key] for key, day, _points in lots if day < cutoff)


def add_months(day, months):
    """`day` moved by `months` calendar months (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def qualifying_tier(metrics, tiers):
    """The highest tier whose threshold the advocate meets.

    `metrics` maps a basis ("points", "referrals", "revenue") to the advocate's value; `tiers` is a
    list of dicts with id, rank (higher is better), basis and threshold. Returns the tier id or None.
    """
    best = None
    for tier in tiers:
        if metrics.get(tier["basis"], 0.0) >= tier["threshold"] and (
            best is None or tier["rank"] > best["rank"]
        ):
            best = tier
    return best["id"] if best else None


def tier_transition(current, target, ranks, grace_until, today, grace_days):
    """The tier to hold now and the grace end date, given the tier the metrics qualify for.

    An upgrade (or staying) is immediate and clears the grace; a downgrade first opens a grace period
    of `grace_days` of the current tier (0: immediate), and happens once the grace has run out.
    `ranks` maps tier ids to their rank. Returns (tier, grace_until).
    """
    current_rank = ranks.get(current, -1) if current else -1
    target_rank = ranks.get(target, -1) if target else -1
    if target_rank >= current_rank:
        return target, None
    if grace_until is None:
        if grace_days and grace_days > 0:
            return current, today + timedelta(days=grace_days)
        return target, None
    if today > grace_until:
        return target, None
    return current, grace_until
