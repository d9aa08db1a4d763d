"""Who may write the figures and states the advocacy addons derive or move themselves (docs/SECURITY.md).

The derived fields (a referral's status and revenue, a participation's verification; with
advocacy_rewards an advocate's balance, lifetime points and tier, the state and value of a reward or a
redemption) are written by their owning service only. A service writes with ``sudo()`` plus its own
context key (``as_service``); ``create``/``write`` accept those fields only when both are there
(``is_service``). An RPC caller chooses its context but can never obtain ``env.su``, so the pair cannot be
forged from outside, and superuser code that skips the service (a plain ``sudo().write()``) is refused
too."""

from odoo.exceptions import UserError
from odoo.tools import SQL

# one key per service: the service that owns the fields is the only one that may write them
REFERRAL = "advocacy_program_referral_service"  # advocacy.referral status, dates and revenue
PARTICIPATION = "advocacy_program_participation_service"  # advocacy.participation workflow and value
LEDGER = "advocacy_rewards_ledger_service"  # res.partner balance and lifetime points
TIER = "advocacy_rewards_tier_service"  # res.partner tier, tier since, grace
REWARD = "advocacy_rewards_reward_service"  # advocacy.reward workflow and values
REDEMPTION = "advocacy_rewards_redemption_service"  # advocacy.redemption workflow and values
JOIN = "advocacy_program_join_service"  # res.partner consent to the program (the join page)
FIGURES = "advocacy_program_figures_service"  # res.partner referral figures per company (stored)


def as_service(records, service):
    """`records` as their owning service writes them: superuser, with the service's key."""
    return records.sudo().with_context(**{service: True})


def is_service(records, service):
    return records.env.su and bool(records.env.context.get(service))


def refused_fields(records, fnames, protected, service):
    """The labels of the protected fields among `fnames` that this caller may not write ('' if none)."""
    touched = protected.intersection(fnames)
    if not touched or is_service(records, service):
        return ""
    return ", ".join(sorted(records._fields[f]._description_string(records.env) for f in touched))


def lock_rows(records):
    """Deduplicated `records`, their rows locked for this transaction (FOR UPDATE, in id order) and their
    cached values dropped: a state read afterwards is the current one, and a second transaction moving the
    same records waits here, then fails on the changed rows and is retried (so nothing is done twice)."""
    records = records.browse(sorted(set(records.ids)))
    if records:
        records.flush_recordset()
        records.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE",
                SQL.identifier(records._table),
                tuple(records.ids),
            )
        )
        records.invalidate_recordset()
    return records


def refuse_copy(records, reason):
    """*Duplicate* of records that state a fact (a ledger line, an answer, a participation): refused with
    ``reason`` (translated by the caller), never a second copy of the fact. Copying no record copies
    nothing, as Odoo's."""
    if records:
        raise UserError(
            records.env._(
                "%(model)s cannot be duplicated: %(reason)s", model=records._description, reason=reason
            )
        )
