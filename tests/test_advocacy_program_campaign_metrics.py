import pytest
from conftest import load_tool

cm = load_tool("advocacy_program", "campaign_metrics")


def test_group_figures_from_aggregates():
    figures = cm.group_figures(won=3, lost=1, cycle_days_sum=90, cycle_count=3, revenue_sum=30000)
    assert figures["closed"] == 4
    assert figures["win_rate"] == pytest.approx(0.75)
    assert figures["cycle_days"] == pytest.approx(30.0)
    assert figures["deal_size"] == pytest.approx(10000.0)


def test_group_without_closed_deals_has_no_figures():
    figures = cm.group_figures()
    assert figures["win_rate"] is None
    assert figures["cycle_days"] is None
    assert figures["deal_size"] is None
    lost_only = cm.group_figures(lost=2)
    assert lost_only["win_rate"] == 0.0
    assert lost_only["deal_size"] is None


def test_compare_referral_against_others():
    referral = cm.group_figures(won=3, lost=1, cycle_days_sum=60, cycle_count=3, revenue_sum=36000)
    other = cm.group_figures(won=1, lost=3, cycle_days_sum=40, cycle_count=1, revenue_sum=8000)
    result = cm.compare(referral, other)
    assert result["win_rate"] == (0.75, 0.25)
    assert result["win_rate_points"] == pytest.approx(50.0)
    assert result["cycle_days"] == (20.0, 40.0)
    assert result["cycle_days_saved"] == pytest.approx(20.0)
    assert result["cycle_days_saved_pct"] == pytest.approx(50.0)
    assert result["deal_size"] == (12000.0, 8000.0)
    assert result["deal_size_lift_pct"] == pytest.approx(50.0)


def test_compare_with_a_missing_side_gives_no_difference():
    referral = cm.group_figures(won=1, cycle_days_sum=10, cycle_count=1, revenue_sum=500)
    result = cm.compare(referral, cm.group_figures())
    assert result["win_rate_points"] is None
    assert result["cycle_days_saved"] is None
    assert result["cycle_days_saved_pct"] is None
    assert result["deal_size_lift_pct"] is None


def test_slower_referral_deals_show_negative_savings():
    referral = cm.group_figures(won=1, cycle_days_sum=50, cycle_count=1, revenue_sum=1)
    other = cm.group_figures(won=1, cycle_days_sum=40, cycle_count=1, revenue_sum=1)
    assert cm.compare(referral, other)["cycle_days_saved"] == pytest.approx(-10.0)


def test_progress_and_funnel():
    assert cm.progress(13, 10) == pytest.approx(130.0)
    assert cm.progress(5, 0) == 0.0
    assert cm.progress(None, 4) == 0.0
    funnel = cm.participation_funnel(10, 6, 4, 3)
    assert funnel == {"acceptance_rate": 0.6, "submission_rate": 0.4, "verification_rate": 0.3}
    assert cm.participation_funnel(0, 0, 0, 0)["acceptance_rate"] is None
