from datetime import timedelta

from odoo import fields
from odoo.addons.advocacy_program.tests.cron_resume import CronResumeCase
from odoo.tests import tagged


def _contacts(case, count, prefix):
    return case.env["res.partner"].create(
        [
            {"name": f"{prefix} {i}", "email": f"{prefix.lower().replace(' ', '.')}.{i}@resume.example.com"}
            for i in range(count)
        ]
    )


def _wave(case, contacts, **values):
    return case.env["advocacy.nps.wave"].create(
        {"name": "Resume wave", "audience_domain": str([("id", "in", contacts.ids)]), **values}
    )


def _queued_wave(case):
    """Five invitations due now (three batches of two); other queued work is set aside."""
    case.env["advocacy.nps.invitation"].search([("state", "=", "queued")]).write({"state": "cancel"})
    case.wave = _wave(case, _contacts(case, 5, "Send Resume"))
    case.wave.action_launch()
    case.assertEqual(case.wave.invitation_ids.mapped("state"), ["queued"] * 5)


def _each_mailed_once(case):
    invitations = case.wave.invitation_ids
    case.assertEqual(set(invitations.mapped("state")), {"sent"})
    mails = case.env["mail.mail"].search(
        [("model", "=", invitations._name), ("res_id", "in", invitations.ids)]
    )
    case.assertEqual(sorted(mails.mapped("res_id")), sorted(invitations.ids), "one email per invitation")


def _overdue_invitations(case):
    _queued_wave(case)
    case.env["advocacy.nps.invitation"]._cron_send()
    case.wave.invitation_ids.write({"expire_date": fields.Datetime.now() - timedelta(days=1)})


def _all_expired(case):
    case.assertEqual(set(case.wave.invitation_ids.mapped("state")), {"expired"})


def _autopilot_wave(case):
    case.wave = _wave(case, _contacts(case, 3, "Autopilot Resume"), is_autopilot=True, cadence_months="3")
    case.wave.action_launch()
    case.assertEqual(len(case.wave.invitation_ids), 3)


def _scheduled_once(case):
    case.assertEqual(len(case.wave.invitation_ids), 3, "nobody is scheduled twice within the cadence")


def _due_detractors(case):
    """Five detractors due for their re-survey (three batches of two)."""
    Response = case.env["advocacy.nps.response"]
    Response.search([("resurvey_date", "!=", False), ("resurvey_invitation_id", "=", False)]).write(
        {"resurvey_date": False}
    )
    case.detractors = Response.create(
        [{"partner_id": partner.id, "score": 2} for partner in _contacts(case, 5, "Detractor Resume")]
    )
    case.detractors.write({"resurvey_date": fields.Date.today()})


def _each_resurveyed_once(case):
    invitations = case.detractors.resurvey_invitation_id
    case.assertEqual(len(invitations), 5)
    case.assertEqual(invitations.partner_id, case.detractors.partner_id)
    case.assertEqual(invitations.wave_id, case.env.ref("advocacy_nps.wave_detractor_resurvey"))
    case.assertEqual(
        case.env["advocacy.nps.invitation"].search_count(
            [("partner_id", "in", case.detractors.partner_id.ids)]
        ),
        5,
        "one re-survey invitation per detractor",
    )


def _clicked_answers(case):
    """Five one-click answers waiting for their response (three batches of two)."""
    Invitation = case.env["advocacy.nps.invitation"]
    clicks = case.env["advocacy.nps.click"].sudo()
    clicks.search([])._advocacy_service().unlink()  # other tests' answers: not this scenario's batches
    _queued_wave(case)
    Invitation._cron_send()
    for invitation, score in zip(case.wave.invitation_ids, (2, 5, 7, 9, 10), strict=True):
        invitation._nps_record_score(score)


def _each_answer_once(case):
    invitations = case.wave.invitation_ids
    case.assertFalse(
        case.env["advocacy.nps.click"].sudo().search_count([("invitation_id", "in", invitations.ids)]),
        "every click recorded and consumed",
    )
    case.assertEqual(set(invitations.mapped("state")), {"answered"})
    responses = case.env["advocacy.nps.response"].search([("invitation_id", "in", invitations.ids)])
    case.assertEqual(len(responses), 5, "one response per answered invitation")
    case.assertEqual(sorted(responses.mapped("score")), [2, 5, 7, 9, 10])


@tagged("post_install", "-at_install", "cron_resume")
class TestNpsCronResume(CronResumeCase):
    addon = "advocacy_nps"
    SCENARIOS = {
        "advocacy_nps.ir_cron_nps_send": {
            "setup": _queued_wave,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _each_mailed_once,
        },
        "advocacy_nps.ir_cron_nps_sync_answers": {
            "setup": _clicked_answers,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _each_answer_once,
        },
        "advocacy_nps.ir_cron_nps_expire": {"setup": _overdue_invitations, "check": _all_expired},
        "advocacy_nps.ir_cron_nps_autopilot": {"setup": _autopilot_wave, "check": _scheduled_once},
        "advocacy_nps.ir_cron_nps_resurvey": {
            "setup": _due_detractors,
            "batch": {"batch_size": 2},
            "min_batches": 3,
            "check": _each_resurveyed_once,
        },
    }
