"""Hand-computed cases of advocacy_nps/tools/nps_math.py."""

import math
from datetime import date, datetime, time

import pytest
from conftest import load_tool

m = load_tool("advocacy_nps", "nps_math")


@pytest.mark.parametrize(
    ("score", "expected"),
    [(0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"), (9, "promoter"), (10, "promoter")],
)
def test_band(score, expected):
    assert m.band(score) == expected


@pytest.mark.parametrize("score", [-1, 11, 7.5, "9", None, True])
def test_band_rejects_out_of_range(score):
    with pytest.raises(ValueError):
        m.band(score)


def test_nps_from_counts_not_average():
    # 50 promoters, 30 passives, 20 detractors: 50% - 20% = +30 (the average score would say nothing)
    assert m.nps(50, 30, 20) == pytest.approx(30.0)
    assert m.nps(0, 0, 4) == -100.0
    assert m.nps(3, 0, 0) == 100.0
    assert m.nps(1, 2, 1) == 0.0
    assert m.nps(0, 0, 0) is None


def test_negative_counts_rejected():
    with pytest.raises(ValueError):
        m.nps(-1, 2, 3)


def test_variance_and_margin_of_error():
    # p_P = .5, p_D = .2: var = .5 + .2 - .3^2 = .61; SE = sqrt(.61 / 100) = 7.8102 points
    assert m.nps_variance(50, 30, 20) == pytest.approx(0.61)
    assert m.standard_error(50, 30, 20) == pytest.approx(7.81025, abs=1e-4)
    assert m.margin_of_error(50, 30, 20, z=1.96) == pytest.approx(15.3081, abs=1e-3)
    # default z is the exact 97.5% quantile
    assert m.margin_of_error(50, 30, 20) == pytest.approx(15.3077, abs=1e-3)
    # everybody agrees: no uncertainty
    assert m.margin_of_error(10, 0, 0) == 0.0
    assert m.margin_of_error(0, 0, 0) is None


def test_margin_shrinks_with_sample_size():
    assert m.margin_of_error(500, 300, 200) == pytest.approx(m.margin_of_error(50, 30, 20) / math.sqrt(10))


def test_significant_change():
    # now 60/20/20: NPS 40, var .8 - .16 = .64, SE 8; before 40/20/40: NPS 0, var .8, SE 8.944
    # z = 40 / sqrt(64 + 80) = 40 / 12 = 3.33 -> significant
    result = m.change_significance((60, 20, 20), (40, 20, 40))
    assert result["change"] == pytest.approx(40.0)
    assert result["z"] == pytest.approx(40 / 12)
    assert result["significant"] is True


def test_insignificant_change():
    # 30 vs 20 points with SEs 7.81 and 8.12: z = 10 / sqrt(61 + 66) = 0.887 -> noise
    result = m.change_significance((50, 30, 20), (45, 30, 25))
    assert result["change"] == pytest.approx(10.0)
    assert result["z"] == pytest.approx(10 / math.sqrt(127))
    assert result["significant"] is False
    assert m.change_significance((1, 0, 0), (0, 0, 0)) is None


def test_csat_and_response_rate():
    assert m.csat_percent(30, 10, 10) == pytest.approx(60.0)
    assert m.csat_percent(0, 0, 0) is None
    assert m.response_rate(25, 200) == pytest.approx(12.5)
    assert m.response_rate(0, 0) is None
    with pytest.raises(ValueError):
        m.response_rate(3, 2)


def test_business_days_skip_weekends_and_holidays():
    # 2026-11-23 is a Monday; 14 days hold 10 business days, minus one holiday
    days = m.business_days(date(2026, 11, 23), 14, holidays=[date(2026, 11, 26)])
    assert len(days) == 9
    assert all(d.weekday() < 5 for d in days)
    assert date(2026, 11, 26) not in days


def test_drip_schedule_even_on_business_mornings():
    # 20 sends over two weeks (10 business days): two per business day, 9:00 and 10:30
    sends = m.drip_schedule(20, date(2026, 11, 23), 14)
    assert len(sends) == 20
    assert sends == sorted(sends)
    per_day = {}
    for moment in sends:
        assert moment.weekday() < 5
        assert time(9, 0) <= moment.time() < time(12, 0)
        per_day.setdefault(moment.date(), []).append(moment.time())
    assert len(per_day) == 10
    assert all(times == [time(9, 0), time(10, 30)] for times in per_day.values())


def test_drip_schedule_fewer_sends_than_days():
    # 3 sends over 10 business days land on days 0, 3 and 6, at 9:00
    sends = m.drip_schedule(3, datetime(2026, 11, 23, 15, 0), 14)
    assert sends == [datetime(2026, 11, 23, 9), datetime(2026, 11, 26, 9), datetime(2026, 12, 1, 9)]
    assert m.drip_schedule(0, date(2026, 11, 23), 14) == []


def test_drip_schedule_needs_a_business_day():
    with pytest.raises(ValueError):
        m.drip_schedule(5, date(2026, 11, 28), 2)  # a weekend only


def test_weighted_nps_counts_revenue_not_heads():
    # one promoter worth 900, one detractor worth 100: NPS 0, revenue-weighted NPS +80
    assert m.nps(1, 0, 1) == 0
    assert m.weighted_nps(900, 0, 100) == pytest.approx(80.0)
    assert m.weighted_nps(0, 50, 0) == 0
    assert m.weighted_nps(0, 0, 0) is None
    with pytest.raises(ValueError):
        m.weighted_nps(-1, 0, 0)


def test_group_figures_against_the_rest():
    figures = m.group_figures(80, 10, 10, rest=(30, 20, 50))
    assert figures["nps"] == pytest.approx(70.0)
    assert figures["margin"] == pytest.approx(m.margin_of_error(80, 10, 10))
    assert figures["vs_rest"] == pytest.approx(90.0)
    assert figures["significant"] is True
    small = m.group_figures(1, 0, 0, rest=(1, 0, 1))
    assert small["significant"] is False
    alone = m.group_figures(1, 1, 1)
    assert alone["vs_rest"] is None and alone["significant"] is False
    assert m.group_figures(0, 0, 0)["nps"] is None


def test_band_counts_is_one_row_of_an_nps_table():
    row = m.band_counts(6, 2, 2)
    assert row == {
        "promoters": 6,
        "passives": 2,
        "detractors": 2,
        "count": 10,
        "nps": m.nps(6, 2, 2),
        "margin": m.margin_of_error(6, 2, 2),
    }
    assert row["nps"] == 40
