"""Referral attribution and matching rules, free of Odoo so they can be tested with plain pytest.

The Odoo models fetch candidate rows in one query per batch and ask this module what they mean:
is a referral a duplicate (the referred party is already a customer or an open lead), is it a
self-referral (same commercial entity, same non-public email domain), does an order fall in the
attribution window.
"""

import re
import secrets
from datetime import date, timedelta

# Crockford-like alphabet without look-alikes (0/O, 1/I/L, U): codes read aloud or typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 12  # 30**12 ~ 5.3e17 possibilities: unguessable by enumeration

DEFAULT_PUBLIC_DOMAINS = (
    "gmail.com,googlemail.com,outlook.com,hotmail.com,live.com,msn.com,yahoo.com,icloud.com,me.com,"
    "aol.com,proton.me,protonmail.com,gmx.com,gmx.de,web.de,mail.com,yandex.com,qq.com,163.com,126.com,"
    "sina.com,foxmail.com"
)

# Legal-form words that do not distinguish two companies ("Acme Inc." is "ACME").
_LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "plc",
    "oy",
    "ab",
    "as",
    "pty",
    "kg",
}

DUPLICATE_CUSTOMER = "duplicate_customer"
DUPLICATE_LEAD = "duplicate_lead"
SELF_REFERRAL = "self_referral"


def generate_code(length=CODE_LENGTH, alphabet=CODE_ALPHABET):
    """A random referral code from a cryptographic source."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def normalize_code(code):
    """The canonical form of a typed or posted code: upper case, no blanks or dashes."""
    if not code:
        return ""
    return re.sub(r"[\s\-_]+", "", str(code)).upper()


def normalize_email(email):
    """Lower-cased address from 'Name <addr>' or a bare address; '' when there is none."""
    if not email:
        return ""
    match = re.search(r"[^\s<>@,;]+@[^\s<>@,;]+", str(email))
    return match.group(0).strip().lower().rstrip(".") if match else ""


def email_domain(email):
    email = normalize_email(email)
    return email.rsplit("@", 1)[1] if "@" in email else ""


def parse_domains(text):
    """A set of lower-case domains from a comma/space/newline separated setting."""
    if not text:
        return frozenset()
    parts = re.split(r"[\s,;]+", str(text).lower())
    return frozenset(p.strip().lstrip("@") for p in parts if p.strip().lstrip("@"))


def invalid_domains(text):
    """The entries of a domain setting that are not plausible domain names."""
    pattern = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
    return sorted(d for d in parse_domains(text) if not pattern.match(d))


def normalize_company(name):
    """Company name reduced for comparison: lower case, no punctuation, no legal form."""
    if not name:
        return ""
    words = re.findall(r"[^\W_]+", str(name).lower())
    while words and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def is_self_referral(referrer, referred, public_domains):
    """Whether a referral points back at the referrer's own organisation.

    ``referrer``: dict with ``commercial_id``, ``emails`` (addresses of the referrer and of its
    company) and ``company`` (name of its commercial entity).
    ``referred``: dict with ``commercial_id`` (of the referred partner, if known), ``email``,
    ``company``. Returns a short explanation or ``None``.
    """
    if referred.get("commercial_id") and referred["commercial_id"] == referrer.get("commercial_id"):
        return "same commercial entity"
    domain = email_domain(referred.get("email"))
    if domain and domain not in public_domains:
        own_domains = {email_domain(e) for e in referrer.get("emails") or ()} - {""}
        if domain in own_domains:
            return "same email domain (%s)" % domain
    company = normalize_company(referred.get("company"))
    if company and company == normalize_company(referrer.get("company")):
        return "same company name"
    return None


def find_duplicate(referred, customers, leads):
    """The first existing customer or open lead that the referred party matches.

    ``referred``: dict with ``email``, ``company``, ``partner_id``, ``lead_id`` (its own lead, never
    a duplicate of itself). ``customers``: iterable of dicts ``id``, ``email``, ``company``
    (commercial customers). ``leads``: iterable of dicts ``id``, ``email``, ``company``
    (open leads/opportunities). Returns ``(kind, id, matched_on)`` or ``None``.
    """
    email = normalize_email(referred.get("email"))
    company = normalize_company(referred.get("company"))
    for row in customers:
        if referred.get("partner_id") and row["id"] == referred["partner_id"]:
            return (DUPLICATE_CUSTOMER, row["id"], "partner")
        if email and normalize_email(row.get("email")) == email:
            return (DUPLICATE_CUSTOMER, row["id"], "email")
        if company and normalize_company(row.get("company")) == company:
            return (DUPLICATE_CUSTOMER, row["id"], "company")
    for row in leads:
        if row["id"] == referred.get("lead_id"):
            continue
        if email and normalize_email(row.get("email")) == email:
            return (DUPLICATE_LEAD, row["id"], "email")
        if company and normalize_company(row.get("company")) == company:
            return (DUPLICATE_LEAD, row["id"], "company")
    return None


def window_end(referral_date, window_days):
    """Last day on which an order of the referred customer is still attributed to the referral."""
    if window_days < 0:
        raise ValueError("the attribution window cannot be negative")
    return referral_date + timedelta(days=window_days)


def in_window(referral_date, order_date, window_days):
    """Whether an order dated ``order_date`` falls in the attribution window of a referral."""
    if isinstance(order_date, date) and hasattr(order_date, "date") and callable(order_date.date):
        order_date = order_date.date()
    return referral_date <= order_date <= window_end(referral_date, window_days)


def pick_referral(candidates, order_date, window_days):
    """Among ``(referral_id, referral_date)`` pairs, the most recent referral whose window holds
    ``order_date`` (last touch wins); ``None`` when none does."""
    best = None
    for ref_id, ref_date in candidates:
        if in_window(ref_date, order_date, window_days) and (
            best is None or (ref_date, ref_id) > (best[1], best[0])
        ):
            best = (ref_id, ref_date)
    return best[0] if best else None


def cycle_days(start, end):
    """Whole days from submission to closing; ``None`` while open."""
    if not start or not end:
        return None
    return max((end - start).days, 0)
