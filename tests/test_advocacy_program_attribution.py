from datetime import date, datetime

import pytest
from conftest import load_tool

att = load_tool("advocacy_program", "attribution")

PUBLIC = att.parse_domains(att.DEFAULT_PUBLIC_DOMAINS)


def test_generated_codes_are_long_random_and_unambiguous():
    codes = {att.generate_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == att.CODE_LENGTH
        assert not set(code) & set("01OIUL")


def test_normalize_code_accepts_what_people_type():
    assert att.normalize_code(" abcd-efgh ") == "ABCDEFGH"
    assert att.normalize_code(None) == ""


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Jane Doe <Jane.Doe@Example.COM>", "jane.doe@example.com"),
        ("bob@x.io", "bob@x.io"),
        ("not an email", ""),
        (False, ""),
    ],
)
def test_normalize_email(raw, expected):
    assert att.normalize_email(raw) == expected


def test_parse_and_validate_domains():
    assert att.parse_domains("Gmail.com, @outlook.com\nqq.com") == {"gmail.com", "outlook.com", "qq.com"}
    assert att.invalid_domains("gmail.com, not a domain, x") == ["a", "domain", "not", "x"]
    assert att.invalid_domains(att.DEFAULT_PUBLIC_DOMAINS) == []


def test_company_names_compare_without_legal_form():
    assert att.normalize_company("ACME, Inc.") == att.normalize_company("acme")
    assert att.normalize_company("Blue Ocean GmbH") == "blue ocean"
    assert att.normalize_company("") == ""


REFERRER = {"commercial_id": 7, "emails": ["ann@acme.com", "info@acme.com"], "company": "Acme Inc"}


def test_self_referral_same_entity():
    assert att.is_self_referral(REFERRER, {"commercial_id": 7}, PUBLIC) == "same commercial entity"


def test_self_referral_same_private_domain():
    reason = att.is_self_referral(REFERRER, {"email": "bob@ACME.com"}, PUBLIC)
    assert reason == "same email domain (acme.com)"


def test_public_domain_is_not_a_self_referral():
    referrer = dict(REFERRER, emails=["ann@gmail.com"])
    assert att.is_self_referral(referrer, {"email": "someone@gmail.com"}, PUBLIC) is None


def test_self_referral_same_company_name():
    assert att.is_self_referral(REFERRER, {"company": "ACME"}, PUBLIC) == "same company name"


def test_other_company_is_fine():
    assert att.is_self_referral(REFERRER, {"email": "x@globex.com", "company": "Globex"}, PUBLIC) is None


def test_duplicate_of_customer_by_email_company_or_partner():
    customers = [{"id": 3, "email": "buyer@globex.com", "company": "Globex Corporation"}]
    assert att.find_duplicate({"email": "BUYER@globex.com"}, customers, []) == (
        att.DUPLICATE_CUSTOMER,
        3,
        "email",
    )
    assert att.find_duplicate({"company": "globex"}, customers, [])[2] == "company"
    assert att.find_duplicate({"partner_id": 3}, customers, [])[2] == "partner"


def test_duplicate_of_open_lead_but_not_of_its_own_lead():
    leads = [{"id": 11, "email": "p@initech.com", "company": "Initech"}]
    assert att.find_duplicate({"email": "p@initech.com"}, [], leads) == (att.DUPLICATE_LEAD, 11, "email")
    assert att.find_duplicate({"email": "p@initech.com", "lead_id": 11}, [], leads) is None


def test_no_duplicate():
    assert att.find_duplicate({"email": "new@new.com", "company": "New"}, [], []) is None


def test_attribution_window():
    ref = date(2025, 1, 10)
    assert att.in_window(ref, date(2025, 1, 10), 0)
    assert att.in_window(ref, datetime(2025, 2, 9, 15, 0), 30)
    assert not att.in_window(ref, date(2025, 2, 10), 30)
    assert not att.in_window(ref, date(2025, 1, 9), 30)
    with pytest.raises(ValueError):
        att.window_end(ref, -1)


def test_pick_referral_last_touch_within_window():
    cands = [(1, date(2025, 1, 1)), (2, date(2025, 3, 1)), (3, date(2025, 6, 1))]
    assert att.pick_referral(cands, date(2025, 3, 15), 365) == 2
    assert att.pick_referral(cands, date(2025, 3, 5), 10) == 2
    assert att.pick_referral(cands, date(2025, 2, 15), 10) is None


def test_cycle_days():
    assert att.cycle_days(date(2025, 1, 1), date(2025, 1, 31)) == 30
    assert att.cycle_days(date(2025, 1, 1), None) is None
