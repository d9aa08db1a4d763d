"""Referred against other customers: the arithmetic of the cohort report, free of Odoo.

The report aggregates in SQL (counts, sums, averages and standard deviations per cohort) and asks this
module for each figure's 95% margin of error and whether the referred cohort differs significantly from
the others (a two-sample z test: for a rate, unpooled proportions; for an average, Welch's standard error).
"""

import math

Z_95 = 1.959963984540054


def rate_figure(successes, n, z=Z_95):
    """A rate in percent from ``successes`` out of ``n``: (value, margin in points, standard error);
    (None, None, None) when n is 0."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("a rate needs 0 <= successes <= n")
    if not n:
        return None, None, None
    p = successes / n
    se = math.sqrt(p * (1 - p) / n)
    return 100.0 * p, 100.0 * z * se, 100.0 * se


def mean_figure(mean, stddev, n, z=Z_95):
    """An average of ``n`` values with their sample standard deviation: (value, margin, standard
    error); the margin is None for fewer than two values (no spread to measure)."""
    if n < 0:
        raise ValueError("n cannot be negative")
    if not n or mean is None:
        return None, None, None
    if n < 2 or stddev is None:
        return float(mean), None, None
    se = float(stddev) / math.sqrt(n)
    return float(mean), z * se, se


def compare(referred, other, z=Z_95):
    """Difference referred - other of two (value, margin, standard error) figures and whether it is
    significant at the level of ``z``; (None, False) when either side has no value."""
    if referred[0] is None or other[0] is None:
        return None, False
    difference = referred[0] - other[0]
    if referred[2] is None or other[2] is None:
        return difference, False
    se = math.sqrt(referred[2] ** 2 + other[2] ** 2)
    if se == 0:
        return difference, difference != 0
    return difference, abs(difference / se) >= z
