"""Reward arithmetic of advocacy_rewards, every mode computed by hand."""

from datetime import date

import pytest
from conftest import load_tool

ra = load_tool("advocacy_rewards", "reward_amounts")


def test_fixed():
    assert ra.fixed_amount(50) == 50.0
    assert ra.fixed_amount(None) == 0.0
    assert ra.fixed_amount(-5) == 0.0
    assert ra.compute_amount("fixed", fixed=75) == 75.0


def test_percent_with_and_without_cap():
    # 10 % of 12,345.60 = 1,234.56
    assert ra.percent_amount(12345.60, 10) == 1234.56
    # capped at 500
    assert ra.percent_amount(12345.60, 10, cap=500) == 500.0
    # cap not reached
    assert ra.percent_amount(1000, 5, cap=500) == 50.0
    # half-up rounding: 2.5 % of 107 = 2.675 -> 2.68
    assert ra.percent_amount(107, 2.5) == 2.68
    assert ra.percent_amount(0, 10) == 0.0
    assert ra.compute_amount("percent", revenue=2000, percent=7.5, cap=100) == 100.0


def test_ladder():
    steps = ra.parse_ladder("1:50, 3:100; 5:250")
    assert steps == [(1, 50.0), (3, 100.0), (5, 250.0)]
    assert [ra.ladder_amount(n, steps) for n in range(1, 8)] == [50, 50, 100, 100, 250, 250, 250]
    # before the first step nothing is paid
    assert ra.ladder_amount(1, [(2, 80.0)]) == 0.0
    assert ra.ladder_amount(0, steps) == 0.0
    assert ra.ladder_amount(3, []) == 0.0
    assert ra.compute_amount("ladder", nth=4, steps=steps) == 100.0


@pytest.mark.parametrize("text", ["1-50", "0:10", "2:-1", "1:5,1:6", "x:1"])
def test_ladder_rejects_bad_text(text):
    with pytest.raises(ValueError):
        ra.parse_ladder(text)


def test_payback():
    # 24,000 a year -> 2,000 a month; 60 % margin -> 1,200 a month; 3 months -> 3,600; 25 % -> 900
    assert ra.payback_amount(24000, 12, 60, 3, 25) == 900.0
    # payback months beyond the contract count the contract only: 12 months * 1,200 * 10 % = 1,440
    assert ra.payback_amount(24000, 12, 60, 18, 10) == 1440.0
    assert ra.payback_amount(0, 12, 60, 3, 25) == 0.0
    assert (
        ra.compute_amount(
            "payback",
            revenue=24000,
            contract_months=12,
            margin_percent=60,
            payback_months=3,
            share_percent=25,
        )
        == 900.0
    )


def test_unknown_mode():
    with pytest.raises(ValueError):
        ra.compute_amount("lottery")


def test_multiplier():
    assert ra.apply_multiplier(100, 1.5) == 150.0
    assert ra.apply_multiplier(33.33, 1.25) == 41.66  # 41.6625
    assert ra.apply_multiplier(100, 0) == 100.0
    assert ra.apply_multiplier(100, None) == 100.0


def test_caps_and_budget():
    # cap 300 per period, 250 already earned: 50 left
    assert ra.allowed_amount(100, cap=300, used=250) == 50.0
    # cap exhausted
    assert ra.allowed_amount(100, cap=300, used=300) == 0.0
    assert ra.allowed_amount(100, cap=300, used=400) == 0.0
    # budget 10,000 with 9,970 spent: 30 left
    assert ra.allowed_amount(100, budget=10000, spent=9970) == 30.0
    # both: the tighter wins
    assert ra.allowed_amount(100, cap=300, used=220, budget=10000, spent=9970) == 30.0
    # no limits
    assert ra.allowed_amount(100) == 100.0


def test_points_conversion():
    assert ra.to_points(12.99, 10) == 129
    assert ra.to_points(0.3, 10) == 3  # not 2 through a float artefact
    assert ra.to_points(0, 10) == 0
    assert ra.to_points(5, 0) == 0


def test_period_start():
    day = date(2025, 8, 17)
    assert ra.period_start(day, "month") == date(2025, 8, 1)
    assert ra.period_start(day, "quarter") == date(2025, 7, 1)
    assert ra.period_start(day, "year") == date(2025, 1, 1)
    assert ra.period_start(day, "lifetime") is None
    with pytest.raises(ValueError):
        ra.period_start(day, "week")


def test_fifo_expiry_oldest_first():
    lots = [
        ("b", date(2024, 3, 1), 50),
        ("a", date(2024, 1, 1), 100),
        ("c", date(2024, 6, 1), 70),
    ]
    # 120 redeemed: lot a (100) is gone, 20 of lot b -> b keeps 30, c untouched
    assert ra.fifo_remaining(lots, 120) == {"a": 0, "b": 30, "c": 70}
    # cutoff 2024-04-01 expires what is left of a and b: 30
    assert ra.points_to_expire(lots, 120, date(2024, 4, 1)) == 30
    # after the expiry (a debit of 30 more) nothing is left to expire: idempotent
    assert ra.points_to_expire(lots, 150, date(2024, 4, 1)) == 0
    # nothing redeemed: a and b expire in full
    assert ra.points_to_expire(lots, 0, date(2024, 4, 1)) == 150
    # more debits than earns
    assert ra.fifo_remaining(lots, 1000) == {"a": 0, "b": 0, "c": 0}


def test_add_months():
    assert ra.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert ra.add_months(date(2025, 11, 15), -12) == date(2024, 11, 15)
    assert ra.add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)


TIERS = [
    {"id": 1, "rank": 1, "basis": "points", "threshold": 0},
    {"id": 2, "rank": 2, "basis": "points", "threshold": 1000},
    {"id": 3, "rank": 3, "basis": "referrals", "threshold": 5},
    {"id": 4, "rank": 4, "basis": "revenue", "threshold": 100000},
]
RANKS = {t["id"]: t["rank"] for t in TIERS}


def test_qualifying_tier():
    assert ra.qualifying_tier({"points": 10}, TIERS) == 1
    assert ra.qualifying_tier({"points": 1000}, TIERS) == 2
    assert ra.qualifying_tier({"points": 10, "referrals": 5}, TIERS) == 3
    assert ra.qualifying_tier({"points": 5000, "referrals": 1, "revenue": 250000}, TIERS) == 4
    assert ra.qualifying_tier({"points": -1}, TIERS) is None


def test_tier_upgrade_is_immediate():
    today = date(2025, 5, 10)
    assert ra.tier_transition(1, 3, RANKS, None, today, 30) == (3, None)
    # an upgrade clears a running grace
    assert ra.tier_transition(2, 3, RANKS, date(2025, 5, 20), today, 30) == (3, None)
    assert ra.tier_transition(None, 1, RANKS, None, today, 30) == (1, None)


def test_tier_downgrade_grace():
    today = date(2025, 5, 10)
    # falls below: keeps the tier 30 days
    assert ra.tier_transition(3, 1, RANKS, None, today, 30) == (3, date(2025, 6, 9))
    # still within the grace: unchanged
    assert ra.tier_transition(3, 1, RANKS, date(2025, 6, 9), date(2025, 6, 9), 30) == (3, date(2025, 6, 9))
    # grace over: downgraded
    assert ra.tier_transition(3, 1, RANKS, date(2025, 6, 9), date(2025, 6, 10), 30) == (1, None)
    # qualifies again within the grace: the grace is cleared
    assert ra.tier_transition(3, 3, RANKS, date(2025, 6, 9), today, 30) == (3, None)
    # no grace configured: immediate
    assert ra.tier_transition(3, 2, RANKS, None, today, 0) == (2, None)
    # losing every tier is a downgrade too
    assert ra.tier_transition(2, None, RANKS, None, today, 0) == (None, None)
