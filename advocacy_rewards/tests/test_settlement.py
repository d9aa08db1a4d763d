import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import AdvocacyRewardsRpcCase, RpcRefused


@tagged("post_install", "-at_install")
class TestSettlement(AdvocacyRewardsRpcCase):
    """What a CFO notices once cash and credit rewards reach the books: a due reward is on exactly one
    draft document per payee, on the right account, journal, currency and amount, never twice; a reversal
    after posting has its reversing entry; a paid bill pays the reward."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="rw_settle_accountant",
            groups="advocacy_program.group_advocacy_manager,account.group_account_invoice",
            name="Ada Accountant",
        )
        cls.cash = cls._rule(name="Referral fee", reward_type="cash", amount_fixed=75)
        cls.credit = cls._rule(name="Account credit", reward_type="credit", amount_fixed=40)
        cls.Move = cls.env["account.move"]
        cls.expense, cls.bill_journal, cls.credit_journal = cls.company._advocacy_reward_accounting()

    def _won(self, referrer, hold_days=-1):
        """A won referral of ``referrer`` whose rewards are approved and ``hold_days`` from the end of their
        holding period (negative: over)."""
        referral = self._referral(referrer)
        referral.action_set_won()
        rewards = self.env["advocacy.reward"].search([("referral_id", "=", referral.id)])
        hold = fields.Date.context_today(rewards) + timedelta(days=hold_days)
        rewards.with_context(advocacy_rewards_reward_service=True).write({"hold_until": hold})
        self.assertEqual(set(rewards.mapped("state")), {"approved"})
        return rewards

    def _reward_moves(self):
        return self.Move.search([("invoice_origin", "=", "Advocacy rewards")])

    def _settle(self, rewards, user=None):
        return self._call_kw(user or self.accountant, "advocacy.reward", "action_settle", [rewards.ids])

    def test_due_rewards_on_one_draft_bill_per_payee_never_twice(self):
        alice_1, alice_2, bob = self._won(self.alice), self._won(self.alice), self._won(self.bob)
        in_hold = self._won(self.alice, hold_days=0)  # last day of its holding period: not final yet
        everything = alice_1 | alice_2 | bob | in_hold
        action = self._settle(everything)
        moves = self._reward_moves()
        self.assertEqual(sorted(action["domain"][0][2]), sorted(moves.ids))
        bills = moves.filtered(lambda m: m.move_type == "in_invoice")
        refunds = moves.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(sorted(bills.partner_id.mapped("name")), ["Alice Advocate", "Bob Booster"])
        self.assertEqual(sorted(refunds.partner_id.mapped("name")), ["Alice Advocate", "Bob Booster"])
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        self.assertEqual(moves.journal_id.filtered(lambda j: j.type == "purchase"), self.bill_journal)
        self.assertEqual(refunds.journal_id, self.credit_journal)
        self.assertEqual(moves.currency_id, self.company.currency_id)
        alice_bill = bills.filtered(lambda m: m.partner_id == self.alice)
        self.assertEqual(alice_bill.invoice_line_ids.mapped("price_unit"), [75.0, 75.0])
        self.assertEqual(alice_bill.invoice_line_ids.account_id, self.expense)
        self.assertFalse(alice_bill.invoice_line_ids.tax_ids)
        self.assertEqual(alice_bill.amount_total, 150.0)
        alice_cash = (alice_1 | alice_2).filtered(lambda r: r.reward_type == "cash")
        self.assertEqual(alice_cash.move_id, alice_bill)
        self.assertEqual(alice_cash.move_line_id, alice_bill.invoice_line_ids)
        self.assertEqual(refunds.filtered(lambda m: m.partner_id == self.alice).amount_total, 80.0)
        self.assertFalse(in_hold.move_line_id, "a reward within its holding period is not billed")
        # a second run (the button again, then the scheduler) bills nothing twice
        lines = {reward: reward.move_line_id for reward in everything}
        with self.assertRaises(RpcRefused):
            self._settle(alice_1 | alice_2 | bob)
        self.env["advocacy.reward"]._cron_settle()
        ours = self._reward_moves().filtered(lambda m: m.partner_id in (self.alice | self.bob))
        self.assertEqual(ours, moves)
        self.assertEqual({reward: reward.move_line_id for reward in everything}, lines)
        self.assertEqual(len(everything.move_line_id), 6)

    def test_settings_choose_account_and_journals(self):
        other_expense = self.env["account.account"].create(
            {"name": "Referral fees", "code": "623900", "account_type": "expense"}
        )
        other_journal = self.bill_journal.copy({"name": "Advocacy bills", "code": "ADVB"})
        settings = self.env["res.config.settings"].create(
            {
                "advocacy_reward_account_id": other_expense.id,
                "advocacy_reward_bill_journal_id": other_journal.id,
            }
        )
        settings.execute()
        rewards = self._won(self.alice)
        self.env["advocacy.reward"]._cron_settle()
        bill = rewards.filtered(lambda r: r.reward_type == "cash").move_id
        self.assertEqual(bill.journal_id, other_journal)
        self.assertEqual(bill.invoice_line_ids.account_id, other_expense)
        refund = rewards.filtered(lambda r: r.reward_type == "credit").move_id
        self.assertEqual(refund.journal_id, self.credit_journal, "unset: the first sales journal")
        self.assertEqual(refund.invoice_line_ids.account_id, other_expense)

    def test_reversal_before_and_after_posting(self):
        first, second = self._won(self.alice), self._won(self.alice)
        cash_1 = first.filtered(lambda r: r.reward_type == "cash")
        cash_2 = second.filtered(lambda r: r.reward_type == "cash")
        self._settle(first | second)
        bill = cash_1.move_id
        # a draft: the reversed reward's line leaves the bill
        self._call_kw(self.manager, "advocacy.reward", "action_reverse", [cash_1.ids])
        self.assertEqual(cash_1.state, "reversed")
        self.assertFalse(cash_1.move_line_id)
        self.assertEqual(bill.invoice_line_ids, cash_2.move_line_id)
        self.assertEqual(bill.amount_total, 75.0)
        # posted: the reversing entry of that line only
        third = self._won(self.alice)
        cash_3 = third.filtered(lambda r: r.reward_type == "cash")
        self._settle(third)
        bill_3 = cash_3.move_id
        self.assertNotEqual(bill_3, bill, "a new run, a new bill")
        (bill | bill_3).action_post()
        self._call_kw(self.manager, "advocacy.reward", "action_reverse", [cash_2.ids])
        reversal = cash_2.reversal_move_id
        self.assertEqual(cash_2.state, "reversed")
        self.assertEqual(reversal.move_type, "in_refund")
        self.assertEqual(reversal.reversed_entry_id, bill)
        self.assertEqual(reversal.partner_id, self.alice)
        self.assertEqual(reversal.amount_total, 75.0)
        self.assertEqual(reversal.invoice_line_ids.account_id, self.expense)
        self.assertEqual(cash_2.move_id, bill, "the posted bill stays as it was")
        self.assertEqual(bill.state, "posted")
        # reversing a line of a bill with several: only its line is refunded
        fourth = self._won(self.bob)
        fifth = self._won(self.bob)
        self._settle(fourth | fifth)
        bob_bill = fourth.filtered(lambda r: r.reward_type == "cash").move_id
        self.assertEqual(len(bob_bill.invoice_line_ids), 2)
        bob_bill.action_post()
        reversed_cash = fifth.filtered(lambda r: r.reward_type == "cash")
        self._call_kw(self.manager, "advocacy.reward", "action_reverse", [reversed_cash.ids])
        self.assertEqual(reversed_cash.reversal_move_id.amount_total, 75.0)
        self.assertEqual(len(reversed_cash.reversal_move_id.invoice_line_ids), 1)

    def test_emptied_draft_bill_is_deleted_and_deleted_bill_frees_its_rewards(self):
        first, second = self._won(self.alice), self._won(self.bob)
        self._settle(first | second)
        cash = first.filtered(lambda r: r.reward_type == "cash")
        bill = cash.move_id
        self._call_kw(self.manager, "advocacy.reward", "action_reverse", [cash.ids])
        self.assertFalse(bill.exists(), "the draft bill had only this reward")
        # finance deletes a draft bill: its rewards are due again on the next run
        bob_cash = second.filtered(lambda r: r.reward_type == "cash")
        bob_cash.move_id.unlink()
        self.assertFalse(bob_cash.move_line_id)
        self.assertFalse(bob_cash.move_id)
        self.env["advocacy.reward"]._cron_settle()
        self.assertEqual(bob_cash.move_id.amount_total, 75.0)

    def test_paid_bill_and_posted_credit_note_fulfil_their_rewards(self):
        rewards = self._won(self.alice)
        cash = rewards.filtered(lambda r: r.reward_type == "cash")
        credit = rewards.filtered(lambda r: r.reward_type == "credit")
        self._settle(rewards)
        with self.assertRaises(RpcRefused) as refused:
            self._call_kw(self.manager, "advocacy.reward", "action_mark_fulfilled", [cash.ids])
        self.assertEqual(refused.exception.name, "odoo.exceptions.UserError")
        cash.move_id.action_post()
        self.assertEqual(cash.state, "approved", "posted is not paid")
        credit.move_id.action_post()
        self.assertEqual(credit.state, "fulfilled", "the customer has the credit")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cash.move_id.ids
        ).create({})._create_payments()
        self.assertIn(cash.move_id.payment_state, ("paid", "in_payment"))
        self.assertEqual(cash.state, "fulfilled")
        self.assertTrue(cash.fulfilled_date)

    def test_only_managers_with_invoicing_rights_settle(self):
        rewards = self._won(self.alice)
        for user in (self.portal_user, self.rpc_rep, self.rpc_manager, self.manager):
            with self.subTest(user=user.login), self.assertRaises(RpcRefused) as refused:
                self._settle(rewards, user)
            self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
        self.assertFalse(rewards.move_line_id)
        self._settle(rewards)
        self.assertEqual(len(rewards.move_line_id), 2)
        # the link to the books is the settlement's, never a caller's
        with self.assertRaises(RpcRefused) as refused:
            self._call_kw(self.accountant, "advocacy.reward", "write", [rewards.ids, {"move_line_id": False}])
        self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
        self.assertEqual(len(rewards.move_line_id), 2)

    def test_payout_workbook_names_the_bill_of_a_billed_reward(self):
        billed = self._won(self.alice)
        self._won(self.bob)
        self._settle(billed)
        self.authenticate(self.accountant.login, self.accountant.login)
        response = self.url_open("/advocacy_rewards/payout.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        documents = {
            (row[0], row[4]): row[10] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]
        }
        cash = billed.filtered(lambda r: r.reward_type == "cash")
        self.assertEqual(documents[(self.alice.display_name, "Cash")], cash.move_id.display_name)
        self.assertFalse(documents[(self.bob.display_name, "Cash")])


@tagged("post_install", "-at_install")
class TestGiftAndDonation(AdvocacyRewardsRpcCase):
    """Gift and donation rewards make their document: a free quotation line for the gift's product to the
    advocate, a draft vendor bill to the charity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="rw_gift_accountant",
            groups="advocacy_program.group_advocacy_manager,account.group_account_invoice",
        )
        cls.charity = cls.env["res.partner"].create({"name": "Trees for Tomorrow", "is_company": True})
        cls.hoodie = cls.env["product.product"].create({"name": "Branded hoodie", "list_price": 45.0})
        cls.item = cls.env["advocacy.catalog.item"].create(
            {"name": "Hoodie", "points_cost": 300, "product_id": cls.hoodie.id}
        )
        cls.gift = cls._rule(
            name="Hoodie gift", reward_type="gift", catalog_item_id=cls.item.id, amount_fixed=45
        )
        cls.donation = cls._rule(
            name="Trees", reward_type="donation", donation_partner_id=cls.charity.id, amount_fixed=20
        )

    def _won(self, referrer):
        referral = self._referral(referrer)
        referral.action_set_won()
        rewards = self.env["advocacy.reward"].search([("referral_id", "=", referral.id)])
        rewards.with_context(advocacy_rewards_reward_service=True).write(
            {"hold_until": fields.Date.context_today(rewards) - timedelta(days=1)}
        )
        return rewards

    def test_donations_of_several_advocates_on_one_bill_to_the_charity(self):
        rewards = self._won(self.alice) | self._won(self.bob)
        donations = rewards.filtered(lambda r: r.reward_type == "donation")
        self._call_kw(self.accountant, "advocacy.reward", "action_settle", [rewards.ids])
        bill = donations.move_id
        self.assertEqual(len(bill), 1)
        self.assertEqual((bill.move_type, bill.state, bill.partner_id), ("in_invoice", "draft", self.charity))
        self.assertEqual(bill.amount_total, 40.0)
        bill.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        self.env.flush_all()  # the end of the request: the bill's payment state is saved
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertEqual(set(donations.mapped("state")), {"fulfilled"})

    def test_gift_is_a_free_quotation_line_confirmed_to_send(self):
        first, second = self._won(self.alice), self._won(self.alice)
        gifts = (first | second).filtered(lambda r: r.reward_type == "gift")
        self._call_kw(self.accountant, "advocacy.reward", "action_settle", [(first | second).ids])
        order = gifts.sale_order_id
        self.assertEqual(len(order), 1, "one order per advocate per run")
        self.assertEqual((order.partner_id, order.state), (self.alice, "draft"))
        self.assertEqual(order.order_line.product_id, self.hoodie)
        self.assertEqual(order.order_line.mapped("price_unit"), [0.0, 0.0])
        self.assertEqual(order.amount_total, 0.0)
        # reversed before the order is confirmed: its line leaves the quotation
        reversed_gift = gifts.filtered(lambda r: r.referral_id == second.referral_id)
        self._call_kw(self.manager, "advocacy.reward", "action_reverse", [reversed_gift.ids])
        self.assertEqual(len(order.order_line), 1)
        self.assertFalse(reversed_gift.sale_line_id)
        order.action_confirm()
        kept = gifts - reversed_gift
        self.assertEqual(kept.state, "fulfilled", "confirmed: the gift is on its way")

    def test_gift_rule_needs_a_product_and_donation_a_charity(self):
        bare = self.env["advocacy.catalog.item"].create({"name": "Thanks card", "points_cost": 10})
        with self.assertRaises(ValidationError):
            self._rule(name="No product", reward_type="gift", catalog_item_id=bare.id)
        with self.assertRaises(ValidationError):
            self._rule(name="No charity", reward_type="donation")
