from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.addons.advocacy_program.tests.cron_resume import CronResumeCase
from odoo.tests import tagged


def _advocates(case, count, prefix):
    return case.env["res.partner"].create(
        [
            {"name": f"{prefix} {i}", "email": f"{prefix.lower().replace(' ', '.')}.{i}@resume.example.com"}
            for i in range(count)
        ]
    )


def _referral_backlog(case):
    """Seven submitted referrals made while no rule was active, then a rule that rewards them."""
    case.env["advocacy.reward.rule"].search([]).action_archive()
    case.advocates = _advocates(case, 7, "Reward Resume")
    case.referrals = case.env["advocacy.referral"].create(
        [
            {
                "referrer_id": partner.id,
                "referred_name": f"Prospect {i}",
                "referred_email": f"p{i}@prospect-resume.example.com",
            }
            for i, partner in enumerate(case.advocates)
        ]
    )
    case.rule = case.env["advocacy.reward.rule"].create(
        {
            "name": "Resume: submitted referral",
            "trigger": "referral_submitted",
            "reward_type": "points",
            "amount_mode": "fixed",
            "amount_fixed": 25,
            "holding_days": 0,
        }
    )
    case.assertFalse(case.env["advocacy.reward"].search([("rule_id", "=", case.rule.id)]))
    case.env.cr.flush()  # the fixtures are committed (their pre-commit hooks, tiers included, have run)


def _one_reward_per_referral(case):
    # (the demo referrals earn theirs too: only this scenario's advocates are counted)
    rewards = case.env["advocacy.reward"].search(
        [("rule_id", "=", case.rule.id), ("partner_id", "in", case.advocates.ids)]
    )
    case.assertEqual(sorted(rewards.partner_id.ids), sorted(case.advocates.ids), "one reward per advocate")
    for advocate in case.advocates:
        case.assertEqual(advocate.advocacy_points_lifetime, 25, f"{advocate.name} earned the points once")


def _old_points(case):
    """Five advocates with points earned two years ago (three batches of two)."""
    case.env["ir.config_parameter"].sudo().set_param("advocacy_rewards.expiry_months", "12")
    Entry = case.env["advocacy.points.entry"]
    # points of other tests and demo data are not this scenario's
    old = fields.Date.today() - timedelta(days=730)
    case.advocates = _advocates(case, 5, "Expiry Resume")
    Entry._post_bulk(
        [
            {
                "partner_id": partner.id,
                "company_id": case.env.company.id,
                "kind": "earn",
                "points": 100,
                "name": "Old points",
                "date": old,
            }
            for partner in case.advocates
        ]
    )
    case.env.cr.flush()  # the fixtures are committed (their pre-commit hooks, tiers included, have run)
    case.env.invalidate_all()


def _expired_once(case):
    entries = case.env["advocacy.points.entry"].search(
        [("partner_id", "in", case.advocates.ids), ("kind", "=", "expire")]
    )
    case.assertEqual(sorted(entries.partner_id.ids), sorted(case.advocates.ids), "one expiry per advocate")
    case.assertEqual(set(entries.mapped("points")), {-100})
    case.assertEqual(set(case.advocates.mapped("advocacy_points_balance")), {0})


def _tier_candidates(case):
    """An advocate whose points were posted (its tier followed at once), then a new tier it qualifies for:
    the nightly recomputation assigns it."""
    case.advocate = _advocates(case, 1, "Tier Resume")
    case.env["advocacy.points.entry"]._post_bulk(
        [
            {
                "partner_id": case.advocate.id,
                "company_id": case.env.company.id,
                "kind": "earn",
                "points": 80,
                "name": "Points",
                "date": date.today(),
            }
        ]
    )
    case.env.cr.flush()  # committed: the live recomputation gave it the tier it had then
    case.tier = case.env["advocacy.tier"].create(
        {"name": "Resume Silver", "basis": "points", "threshold": 50, "sequence": 99}
    )
    case.assertNotEqual(case.advocate.advocacy_tier_id, case.tier)
    case.env.invalidate_all()


def _tier_reached(case):
    case.env.invalidate_all()
    case.assertEqual(case.advocate.advocacy_tier_id, case.tier)


def _pending_tier_notes(case):
    """Five tier changes of a large recomputation, their notes left to the cron (three batches of two)."""
    case.advocates = _advocates(case, 5, "Notes Resume")
    case.tier = case.env["advocacy.tier"].create(
        {"name": "Notes Gold", "basis": "points", "threshold": 10**9}
    )
    Tier = type(case.env["advocacy.tier"])
    with patch.object(Tier, "TIER_NOTES_BATCH", 2):
        case.env["advocacy.tier.change"]._advocacy_record(
            [(partner.id, False, case.tier.id) for partner in case.advocates], date.today()
        )
    case.env.cr.flush()


def _one_note_per_change(case):
    case.env.invalidate_all()
    for advocate in case.advocates:
        notes = advocate.message_ids.filtered(lambda m: "Notes Gold" in str(m.body))
        case.assertEqual(len(notes), 1, f"{advocate.name}: its tier note, once")
    case.assertFalse(case.env["advocacy.tier.change"].search_count([("noted", "=", False)]))


def _due_cash_rewards(case):
    """Five advocates, each with an approved cash reward past its holding period (three batches of two)."""
    case.env["advocacy.reward.rule"].search([]).action_archive()
    case.advocates = _advocates(case, 5, "Settle Resume")
    case.rule = case.env["advocacy.reward.rule"].create(
        {
            "name": "Resume: referral fee",
            "trigger": "referral_submitted",
            "reward_type": "cash",
            "amount_mode": "fixed",
            "amount_fixed": 30,
            "holding_days": 0,
        }
    )
    case.env["advocacy.referral"].create(
        [
            {
                "referrer_id": partner.id,
                "referred_name": f"Prospect {i}",
                "referred_email": f"p{i}@prospect-settle.example.com",
            }
            for i, partner in enumerate(case.advocates)
        ]
    )
    rewards = case.env["advocacy.reward"].search([("rule_id", "=", case.rule.id)])
    rewards.with_context(advocacy_rewards_reward_service=True).write(
        {"hold_until": fields.Date.today() - timedelta(days=1)}
    )
    # rewards of other tests and demo data are not this scenario's
    case.env["advocacy.reward"].search([("id", "not in", rewards.ids)]).with_context(
        advocacy_rewards_reward_service=True
    ).write({"hold_until": fields.Date.today() + timedelta(days=1)})
    case.assertEqual(len(rewards), 5)
    case.env.cr.flush()


def _one_bill_per_advocate(case):
    rewards = case.env["advocacy.reward"].search([("rule_id", "=", case.rule.id)])
    case.assertEqual(len(rewards.move_id), 5, "one bill per advocate, never two")
    case.assertEqual(sorted(rewards.move_id.partner_id.ids), sorted(case.advocates.ids))
    case.assertEqual(set(rewards.move_id.mapped("amount_total")), {30.0})


@tagged("post_install", "-at_install", "cron_resume")
class TestRewardsCronResume(CronResumeCase):
    addon = "advocacy_rewards"
    SCENARIOS = {
        "advocacy_rewards.ir_cron_advocacy_evaluate_rules": {
            "setup": _referral_backlog,
            "batch": {"batch_size": 3},
            "min_batches": 3,
            "check": _one_reward_per_referral,
        },
        "advocacy_rewards.ir_cron_advocacy_expire_points": {
            "setup": _old_points,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _expired_once,
        },
        "advocacy_rewards.ir_cron_advocacy_settle_rewards": {
            "setup": _due_cash_rewards,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _one_bill_per_advocate,
        },
        "advocacy_rewards.ir_cron_advocacy_tier_notes": {
            "setup": _pending_tier_notes,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _one_note_per_change,
        },
        "advocacy_rewards.ir_cron_advocacy_recompute_tiers": {
            "setup": _tier_candidates,
            "check": _tier_reached,
        },
    }
