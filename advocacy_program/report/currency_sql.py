"""Amounts of several companies and currencies summed as one figure: each amount converted, at its
document's date, to the currency shown (the current company's), as ``res.currency._get_conversion_rate``
does (rates of the current root company, else the shared ones; the latest on or before the date)."""

from odoo.tools import SQL


def _rate(currency, day, company_id):
    return SQL(
        """COALESCE((SELECT cr.rate FROM res_currency_rate cr
                      WHERE cr.currency_id = %(currency)s AND cr.name <= %(day)s
                        AND (cr.company_id IS NULL OR cr.company_id = %(company)s)
                      ORDER BY cr.company_id, cr.name DESC LIMIT 1), 1.0)""",
        currency=currency,
        day=day,
        company=company_id,
    )


def converted(env, amount, currency, day):
    """SQL of ``amount`` (SQL, in the currency whose id is the SQL ``currency``) converted at the SQL date
    ``day`` to the current company's currency; unchanged when it already is in that currency."""
    company = env.company
    target = company.currency_id.id
    return SQL(
        "(CASE WHEN %(currency)s = %(target)s THEN %(amount)s"
        " ELSE %(amount)s * %(to_rate)s / NULLIF(%(from_rate)s, 0) END)",
        currency=currency,
        target=target,
        amount=amount,
        to_rate=_rate(target, day, company.root_id.id),
        from_rate=_rate(currency, day, company.root_id.id),
    )
