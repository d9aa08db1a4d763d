from conftest import load_tool

sc = load_tool("advocacy_program", "advocate_score")


def test_nobody_scores_zero():
    total, parts = sc.score()
    assert total == 0
    assert sc.explain(parts) == ""


def test_champion_with_won_referrals_scores_high_and_explains():
    total, parts = sc.score("champion", 4, referral_count=5, won_count=3, revenue=50000, good_reviews=2)
    assert 80 <= total <= 100
    text = sc.explain(parts)
    assert "Referrals won: 25/25" in text
    assert "Advocate status: 15/15" in text


def test_components_are_capped():
    total, parts = sc.score("champion", 5, 1000, 1000, 1e12, 1000, 1000)
    assert total == 100
    assert all(points <= cap for _k, _l, points, cap in parts)


def test_opted_out_scores_zero():
    assert sc.score("opted_out", 5, 10, 10, 1e6)[0] == 0


def test_more_wins_never_lower_the_score():
    a = sc.score("active", 2, 3, 1, 1000)[0]
    b = sc.score("active", 2, 3, 2, 1000)[0]
    assert b > a
