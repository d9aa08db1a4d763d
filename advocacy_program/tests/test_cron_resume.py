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
    }
