import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase

URL = "/advocacy_rewards/payout.xlsx"


@tagged("post_install", "-at_install")
class TestPayout(AdvocacyRewardsRpcCase):
    """Finance's payout workbook: what may be paid now (approved cash and credit out of their holding
    period), with one total per currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.company_b.currency_id = eur if cls.company.currency_id != eur else cls.env.ref("base.USD")
        cls.rpc_manager.company_ids |= cls.company_b
        cls.bruno = cls.env["res.partner"].create(
            {"name": "Bruno B-Advocate", "email": "bruno@b-adv.example", "company_id": cls.company_b.id}
        )
        cls.env["res.partner.bank"].create({"partner_id": cls.alice.id, "acc_number": "BE71096123456769"})
        cls.cash = cls._rule(name="Referral fee", reward_type="cash", amount_fixed=75)
        cls.credit = cls._rule(name="Account credit", reward_type="credit", amount_fixed=40)
        cls.big = cls._rule(name="Big fee", reward_type="cash", amount_fixed=900, approval_threshold=500)
        cls.points = cls._rule(name="Points", amount_fixed=10)

    def _won(self, referrer, company=None):
        referral = self._referral(referrer, company_id=(company or self.company).id)
        referral.action_set_won()
        return referral

    def _hold(self, reward, days):
        """Where the reward stands in its holding period (days from today; None: no holding period)."""
        today = fields.Date.context_today(reward)
        hold = today + timedelta(days=days) if days is not None else False
        reward.with_context(advocacy_rewards_reward_service=True).write({"hold_until": hold})

    def _workbook(self, user):
        self.authenticate(user.login, user.login)
        response = self.url_open(URL)
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content), data_only=True).active
        rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]
        lines = [row for row in rows if row[0]]
        totals = {row[6]: row[5] for row in rows if not row[0]}
        return lines, totals, sheet

    def test_only_what_may_be_paid_now_with_one_total_per_currency(self):
        self._won(self.alice)
        self._won(self.alice)
        self._won(self.bruno, self.company_b)
        cash = self._rewards(self.cash)
        alice_cash = cash.filtered(lambda r: r.partner_id == self.alice)
        self._hold(alice_cash[0], -1)  # its holding period ended yesterday: payable
        self._hold(alice_cash[1], 0)  # last day of its holding period: a cancelled deal still reverses it
        self._hold(self._rewards(self.credit, self.alice), None)  # no holding period: both payable
        self._hold(self._rewards(self.credit, self.bruno), -10)
        self._hold(cash.filtered(lambda r: r.partner_id == self.bruno), -10)
        pending = self._rewards(self.big)
        self._hold(pending, -10)
        self.assertEqual(set(pending.mapped("state")), {"pending"})
        lines, totals, _sheet = self._workbook(self.rpc_manager)
        listed = sorted((row[0], row[3], row[5], row[6]) for row in lines)
        main, other = self.company.currency_id.name, self.company_b.currency_id.name
        self.assertEqual(
            listed,
            sorted(
                [
                    (self.alice.display_name, "Referral fee", 75, main),
                    (self.alice.display_name, "Account credit", 40, main),
                    (self.alice.display_name, "Account credit", 40, main),
                    (self.bruno.display_name, "Referral fee", 75, other),
                    (self.bruno.display_name, "Account credit", 40, other),
                ]
            ),
        )
        self.assertEqual(totals, {main: 155, other: 115}, "one total per currency, never one sum of both")
        alice_line = next(row for row in lines if row[0] == self.alice.display_name)
        self.assertEqual(alice_line[2], "BE71096123456769")
        # once the holding period of the second fee is over, it is listed too
        self._hold(alice_cash[1], -1)
        _lines, totals, _sheet = self._workbook(self.rpc_manager)
        self.assertEqual(totals[main], 230)

    def test_rep_and_portal_get_403(self):
        self._won(self.alice)
        self._hold(self._rewards(self.cash), -1)
        for user in (self.rpc_rep, self.portal_user):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                response = self.url_open(URL)
                self.assertEqual(response.status_code, 403)
                self.assertNotIn(b"BE71096123456769", response.content)
