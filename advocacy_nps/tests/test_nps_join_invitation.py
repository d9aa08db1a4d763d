from odoo.tests import tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsJoinInvitation(NpsCommon):
    """A promoter's answer sends the invitation to join the program (advocacy_program's setting)."""

    def _join_mails(self, partner):
        """The invitations to join queued for ``partner``, once the answer's transaction committed (its
        pre-commit hooks, run as a commit does) and the sending cron ran."""
        self.env.cr.flush()
        self.env["advocacy.notification"]._cron_send_mails()
        return self._join_mails_made(partner)

    def _join_mails_made(self, partner):
        """The invitations to join made so far for ``partner`` (their body carries the join link)."""
        mails = (
            self.env["mail.mail"].sudo().search([("res_id", "=", partner.id), ("model", "=", "res.partner")])
        )
        return mails.filtered(lambda mail: "/advocacy/join/" in (mail.body_html or ""))

    def test_a_promoter_is_invited_to_join(self):
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.invite_on_promoter", "True")
        self._answers(self.ann, [10])
        mail = self._join_mails(self.ann)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(f"/advocacy/join/{self.ann.sudo().advocacy_join_token}", mail.body_html)
        # the account manager then records the promoter's ask as accepted: no second invitation
        self.env["advocacy.moment"].search([("partner_id", "=", self.ann.id)]).action_accept()
        self.assertEqual(len(self._join_mails(self.ann)), 1)

    def test_passives_and_the_switched_off_setting_send_nothing(self):
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.invite_on_promoter", "True")
        self._answers(self.bob, [8])
        self.assertFalse(self._join_mails(self.bob))
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.invite_on_promoter", False)
        self._answers(self.gil, [9])
        self.assertEqual(self.gil.advocate_state, "candidate", "the closed loop itself goes on")
        self.assertFalse(self._join_mails(self.gil))

    def test_the_invitation_is_made_by_the_sending_cron_not_in_the_answer(self):
        """The answer's transaction makes the contact's join link and notes the mail for the sending
        cron (like every advocate mail); the cron renders it."""
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.invite_on_promoter", "True")
        self._answers(self.ann, [10])
        token = self.ann.sudo().advocacy_join_token
        self.assertTrue(token, "the join link is made in the answer's transaction")
        self.assertFalse(self._join_mails_made(self.ann), "no mail rendered in the answer's transaction")
        self.env.cr.flush()  # the commit's pre-commit hooks: the mail is noted for the sending cron
        line = self.env["advocacy.notification"].sudo().search([("partner_id", "=", self.ann.id)])
        self.assertEqual(
            (line.event, line.res_model, line.res_id, line.digest),
            ("join_invitation", "res.partner", self.ann.id, False),
        )
        cron = self.env.ref("advocacy_program.ir_cron_send_advocate_mails")
        self.assertTrue(
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]),
            "the sending cron is woken at commit",
        )
        self.assertFalse(self._join_mails_made(self.ann), "still nothing rendered before the cron")
        self.env["advocacy.notification"]._cron_send_mails()
        mail = self._join_mails(self.ann)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(f"/advocacy/join/{token}", mail.body_html)
        self.assertFalse(line.exists(), "the line is gone once mailed")
