from odoo.tests import tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsJoinInvitation(NpsCommon):
    """A promoter's answer sends the invitation to join the program (advocacy_program's setting)."""

    def _join_mails(self, partner):
        """The invitations to join queued for ``partner`` (their body carries the join link)."""
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
