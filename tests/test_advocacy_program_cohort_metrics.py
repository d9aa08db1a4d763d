import math

import pytest
from conftest import load_tool

m = load_tool("advocacy_program", "cohort_metrics")


def test_rate_with_margin():
    value, margin, se = m.rate_figure(30, 50)
    assert value == pytest.approx(60.0)
    assert se == pytest.approx(100 * math.sqrt(0.6 * 0.4 / 50))
    assert margin == pytest.approx(m.Z_95 * se)
    assert m.rate_figure(0, 0) == (None, None, None)
    with pytest.raises(ValueError):
        m.rate_figure(3, 2)


def test_mean_with_margin():
    value, margin, se = m.mean_figure(1000.0, 200.0, 100)
    assert (value, se) == (1000.0, pytest.approx(20.0))
    assert margin == pytest.approx(m.Z_95 * 20.0)
    assert m.mean_figure(500.0, None, 1) == (500.0, None, None)
    assert m.mean_figure(None, None, 0) == (None, None, None)


def test_compare_flags_only_real_differences():
    big = m.compare(m.rate_figure(80, 100), m.rate_figure(40, 100))
    assert big[0] == pytest.approx(40.0) and big[1] is True
    small = m.compare(m.rate_figure(2, 3), m.rate_figure(1, 3))
    assert small[1] is False
    assert m.compare((None, None, None), m.rate_figure(1, 2)) == (None, False)
    assert m.compare(m.mean_figure(10.0, None, 1), m.mean_figure(5.0, 1.0, 9)) == (5.0, False)
