from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .cron_resume import CronResumeCase

ASK = "advocacy_program.mail_activity_type_advocacy_ask"


def _overdue_moments(case):
    """Seven moments asked long ago, each with its 'ask' activity: four batches of two."""
    am = case.env["res.users"].create(
        {
            "name": "Resume Manager",
            "login": "resume_am",
            "groups_id": [(6, 0, case.env.ref("advocacy_program.group_advocacy_user").ids)],
        }
    )
    partners = case.env["res.partner"].create(
        [
            {"name": f"Resume Advocate {i}", "advocate_state": "active", "account_manager_id": am.id}
            for i in range(7)
        ]
    )
    case.moments = case.env["advocacy.moment"]._trigger(partners, "promoter")
    case.assertEqual(len(case.moments), 7)
    case.moments.write({"date": fields.Date.today() - timedelta(days=400)})
    case.assertEqual(
        len(case.moments.activity_ids.filtered(lambda a: a.activity_type_id == case.env.ref(ASK))), 7
    )


def _moments_expired(case):
    case.assertEqual(set(case.moments.mapped("state")), {"expired"})
    case.assertFalse(case.moments.activity_ids, "no 'ask' activity is left on an expired moment")


def _renewals_ahead(case):
    """Five customers renewing in ten days: three batches of two renewal moments."""
    soon = fields.Date.today() + timedelta(days=10)
    case.renewing = case.env["res.partner"].create(
        [{"name": f"Renewing Customer {i}", "advocacy_renewal_date": soon} for i in range(5)]
    )


def _one_renewal_moment_each(case):
    moments = case.env["advocacy.moment"].search([("partner_id", "in", case.renewing.ids)])
    case.assertEqual(sorted(moments.partner_id.ids), sorted(case.renewing.ids))
    case.assertEqual(set(moments.mapped("moment_type")), {"renewal"})


def _digest_advocates(case):
    """Five advocates who chose the digest, each welcomed today: three batches of two digests."""
    case.digesters = case.env["res.partner"].create(
        [
            {
                "name": f"Digest Advocate {i}",
                "email": f"digest{i}@resume.example",
                "advocacy_notify_digest": True,
                "advocate_state": "active",
            }
            for i in range(5)
        ]
    )
    case.env.cr.flush()  # the welcome events reach the digest when the transaction commits
    case.assertEqual(
        case.env["advocacy.notification"].search_count([("partner_id", "in", case.digesters.ids)]), 5
    )


def _one_digest_each(case):
    mails = case.env["mail.mail"].search(
        [
            ("model", "=", "res.partner"),
            ("res_id", "in", case.digesters.ids),
            ("message_type", "=", "email_outgoing"),
        ]
    )
    case.assertEqual(sorted(mails.mapped("res_id")), sorted(case.digesters.ids), "one digest per advocate")
    case.assertFalse(case.env["advocacy.notification"].search_count([("digest", "=", True)]))


def _welcomed_advocates(case):
    """Five new advocates, each welcomed: three batches of two mails."""
    # the mails the demo data left waiting are not this scenario's
    case.env["advocacy.notification"].search([("digest", "=", False)]).unlink()
    case.welcomed = case.env["res.partner"].create(
        [
            {
                "name": f"Welcomed Advocate {i}",
                "email": f"welcome{i}@resume.example",
                "advocate_state": "active",
            }
            for i in range(5)
        ]
    )
    case.env.cr.flush()  # the welcome events are noted when the transaction commits
    case.assertEqual(
        case.env["advocacy.notification"].search_count([("partner_id", "in", case.welcomed.ids)]), 5
    )


def _one_welcome_each(case):
    mails = case.env["mail.mail"].search(
        [
            ("model", "=", "res.partner"),
            ("res_id", "in", case.welcomed.ids),
            ("message_type", "=", "email_outgoing"),
        ]
    )
    case.assertEqual(sorted(mails.mapped("res_id")), sorted(case.welcomed.ids), "one welcome per advocate")
    case.assertFalse(case.env["advocacy.notification"].search_count([("digest", "=", False)]))


def _stale_figures(case):
    """Five advocates whose stored figures are out of date (a pure recompute: run twice, the second run
    changes nothing)."""
    case.stale = case.env["res.partner"].create(
        [{"name": f"Stale Advocate {i}", "advocate_state": "champion"} for i in range(5)]
    )
    case.env.flush_all()
    case.env.cr.execute("UPDATE res_partner SET advocate_score = NULL WHERE id = ANY(%s)", [case.stale.ids])
    case.env.invalidate_all()


def _figures_up_to_date(case):
    case.env.invalidate_all()
    case.assertEqual(set(case.stale.mapped("advocate_score")), {15})


@tagged("post_install", "-at_install", "cron_resume")
class TestCronResume(CronResumeCase):
    addon = "advocacy_program"
    SCENARIOS = {
        "advocacy_program.ir_cron_expire_moments": {
            "setup": _overdue_moments,
            "batch": {"batch_size": 2},
            "min_batches": 4,
            "check": _moments_expired,
        },
        "advocacy_program.ir_cron_detect_moments": {
            "setup": _renewals_ahead,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _one_renewal_moment_each,
        },
        "advocacy_program.ir_cron_send_advocate_mails": {
            "setup": _welcomed_advocates,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _one_welcome_each,
        },
        "advocacy_program.ir_cron_send_digest": {
            "setup": _digest_advocates,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _one_digest_each,
        },
        "advocacy_program.ir_cron_store_referral_figures": {
            "setup": _stale_figures,
            "check": _figures_up_to_date,
        },
    }
