"""Rewards settled in the books: a cash reward becomes a line of a draft vendor bill to its advocate, an
account-credit reward a line of a draft customer credit note, a donation a line of a draft vendor bill to
the rule's charity, a gift a free line of a quotation to the advocate for the catalogue item's product,
once approved and past its holding period (docs/ARCHITECTURE.md, "Rewards in accounting").

- One document per payee, kind and company per run, in the reward's currency, each line linked back to its
  reward (``move_line_id``, ``move_id``); a reward already on a document is never billed again.
- A cash reward or a donation is fulfilled (paid) when its bill is paid; a credit reward when its credit
  note is posted (the customer has the credit from then on); a gift when its order is confirmed (with
  the Inventory app, that creates the delivery).
- A reward reversed while its document is a draft leaves it (its line is removed, an emptied draft is
  deleted); reversed once the document is posted, it gets the reversing entry, made by Odoo's
  ``_reverse_moves`` (a draft refund of its line only, linked to the bill as its reversal)."""

import logging

from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .advocacy_reward import AdvocacyReward

_logger = logging.getLogger(__name__)

SETTLED_TYPES = ("cash", "credit", "donation", "gift")
MOVE_TYPES = {"cash": "in_invoice", "credit": "out_refund", "donation": "in_invoice"}


class AdvocacyRewardSettlement(models.Model):
    _inherit = "advocacy.reward"

    move_line_id = fields.Many2one(
        "account.move.line",
        "Accounting line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The line of the vendor bill or credit note that settles this reward.",
    )
    move_id = fields.Many2one(
        "account.move",
        "Bill / credit note",
        related="move_line_id.move_id",
        store=True,
        index="btree_not_null",
    )
    reversal_move_id = fields.Many2one(
        "account.move",
        "Reversing entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The refund that reverses this reward's line of a posted bill or credit note.",
    )

    sale_line_id = fields.Many2one(
        "sale.order.line",
        "Gift order line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The free line of the order that delivers this gift.",
    )
    sale_order_id = fields.Many2one(
        "sale.order", "Gift order", related="sale_line_id.order_id", store=True, index="btree_not_null"
    )

    WORKFLOW_FIELDS = AdvocacyReward.WORKFLOW_FIELDS | {
        "move_line_id",
        "move_id",
        "reversal_move_id",
        "sale_line_id",
        "sale_order_id",
    }

    # ------------------------------------------------------------------ what is due
    @api.model
    def _settlement_domain(self):
        """Cash, credit, donation and gift rewards ready for their document: approved, past their holding
        period, on no document yet (a donation with a charity, a gift with a product to send)."""
        return [
            ("state", "=", "approved"),
            ("reward_type", "in", SETTLED_TYPES),
            ("move_line_id", "=", False),
            ("sale_line_id", "=", False),
            "|",
            ("hold_until", "=", False),
            ("hold_until", "<", fields.Date.context_today(self)),
            "|",
            "&",
            ("reward_type", "in", ("cash", "credit")),
            ("amount", ">", 0),
            "|",
            "&",
            ("reward_type", "=", "donation"),
            "&",
            ("amount", ">", 0),
            ("rule_id.donation_partner_id", "!=", False),
            "&",
            ("reward_type", "=", "gift"),
            ("rule_id.catalog_item_id.product_id", "!=", False),
        ]

    def _payee(self):
        """Who the document of this reward is made out to: the charity of a donation, else the advocate."""
        self.ensure_one()
        return self.rule_id.donation_partner_id if self.reward_type == "donation" else self.partner_id

    def _check_settle_access(self):
        user = self.env.user
        if not (
            user.has_group("advocacy_program.group_advocacy_manager")
            and user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._("Only advocacy managers with invoicing rights can settle rewards in accounting.")
            )
        self.check_access("write")

    def action_settle(self):
        """Button: the selected rewards that are due go to draft bills and credit notes (the others are
        left alone). Opens what was created."""
        self._check_settle_access()
        moves, orders = self.filtered_domain(self._settlement_domain())._settle()
        if not moves and not orders:
            raise UserError(
                self.env._(
                    "None of these rewards is due for settlement: only approved cash, credit, donation and "
                    "gift rewards past their holding period and on no bill or order yet are."
                )
            )
        xmlid = "account.action_move_journal_line" if moves else "sale.action_quotations_with_onboarding"
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(
            {
                "name": self.env._("Documents of the rewards"),
                "domain": [("id", "in", (moves or orders).ids)],
                "context": {"create": False},
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    @api.model
    def _cron_settle(self, batch_size=200):
        """Scheduled run: the due rewards of up to ``batch_size`` payees per call, all of each payee's
        rewards on one document; the scheduler calls again while payees remain."""
        self = self.sudo()  # the scheduler's user: every company's due rewards
        rows = self._read_group(
            self._settlement_domain(),
            ["company_id", "reward_type", "partner_id", "rule_id"],
            ["id:array_agg"],
        )
        merged = {}  # one group per company, kind and payee (the charity of a donation)
        for company, reward_type, partner, rule, ids in rows:
            payee = rule.donation_partner_id if reward_type == "donation" else partner
            merged.setdefault((company, reward_type, payee), []).extend(ids)
        groups = [(*key, ids) for key, ids in merged.items()]
        # a company without account or journal is skipped (logged), so the scheduler does not call again
        ready = {}
        for company in {group[0] for group in groups}:
            account, bill_journal, credit_journal = company._advocacy_reward_accounting()
            ready[company] = {
                "cash": bool(account and bill_journal),
                "donation": bool(account and bill_journal),
                "credit": bool(account and credit_journal),
                "gift": True,
            }
            if not all(ready[company].values()):
                _logger.warning(
                    "Advocacy rewards of %s: no expense account or journal to settle", company.name
                )
        groups = [group for group in groups if ready[group[0]][group[1]]]
        batch = groups[:batch_size]
        rewards = self.browse(sorted(rid for *_key, ids in batch for rid in ids))
        moves, orders = rewards._settle()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(groups) - len(batch))
        return len(moves) + len(orders)

    # ------------------------------------------------------------------ building the documents
    def _settle(self):
        """Puts these rewards (due ones; locked, so two runs at once bill each once) on new draft
        documents, one per (company, payee, kind). Returns (bills and credit notes, gift orders)."""
        rewards = service_guard.lock_rows(self).filtered_domain(self._settlement_domain())
        groups = {}
        for reward in rewards.sorted(lambda r: (r.date, r.id)):
            key = (reward.company_id, reward._payee(), reward.reward_type)
            groups.setdefault(key, self.browse())
            groups[key] |= reward
        Move = self.env["account.move"].sudo()
        moves = Move
        orders = self.env["sale.order"]
        accounting = {}
        for (company, partner, reward_type), batch in groups.items():
            if reward_type == "gift":
                orders |= batch._settle_gifts(partner)
                continue
            if company not in accounting:
                accounting[company] = company.sudo()._advocacy_reward_accounting()
            account, bill_journal, credit_journal = accounting[company]
            journal = credit_journal if reward_type == "credit" else bill_journal
            if not account or not journal:
                raise UserError(
                    self.env._(
                        "Set the expense account and the journals of the rewards for %(company)s "
                        "(Advocacy settings) before settling.",
                        company=company.name,
                    )
                )
            move = Move.with_company(company).create(
                batch._settlement_move_vals(partner, reward_type, account, journal)
            )
            lines = move.invoice_line_ids.sorted("sequence")
            for reward, line in zip(batch, lines, strict=True):
                reward._workflow_write({"move_line_id": line.id})
            move.message_post(
                body=self.env._("Created by the settlement of %(count)s advocacy rewards.", count=len(batch))
            )
            moves |= move
        for reward in rewards.filtered("move_line_id"):
            reward.message_post(
                body=self.env._("Put on %(move)s for payment.", move=reward.move_id._get_html_link())
            )
        return moves, orders

    def _settlement_move_vals(self, partner, reward_type, account, journal):
        company = self.company_id
        return {
            "move_type": MOVE_TYPES[reward_type],
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": journal.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": self.env._("Advocacy rewards"),
            "ref": self.env._("Advocacy rewards of %(partner)s", partner=partner.display_name),
            "invoice_line_ids": [
                Command.create(
                    {
                        "sequence": sequence,
                        "name": self.env._(
                            "%(rule)s (%(origin)s)",
                            rule=reward.rule_id.name,
                            origin=reward.sudo().source.display_name or reward.display_name,
                        ),
                        "account_id": account.id,
                        "quantity": 1.0,
                        "price_unit": reward.amount,
                        "tax_ids": [Command.clear()],
                    }
                )
                for sequence, reward in enumerate(self, start=10)
            ],
        }

    def _settle_gifts(self, partner):
        """A quotation to the advocate with one free line per gift (the catalogue item's product): the
        salesperson confirms it, which fulfils the gifts and, with the Inventory app, makes the delivery."""
        company = self.company_id
        order = (
            self.env["sale.order"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "origin": self.env._("Advocacy rewards"),
                    "client_order_ref": self.env._("Advocacy gifts"),
                    "order_line": [
                        Command.create(
                            {
                                "sequence": sequence,
                                "product_id": reward.rule_id.catalog_item_id.product_id.id,
                                "name": self.env._(
                                    "%(item)s: %(rule)s",
                                    item=reward.rule_id.catalog_item_id.name,
                                    rule=reward.rule_id.name,
                                ),
                                "product_uom_qty": 1.0,
                                "price_unit": 0.0,
                                "discount": 0.0,
                            }
                        )
                        for sequence, reward in enumerate(self, start=10)
                    ],
                }
            )
        )
        for reward, line in zip(self, order.order_line.sorted("sequence"), strict=True):
            reward._workflow_write({"sale_line_id": line.id})
            reward.message_post(body=self.env._("Sent with %(order)s.", order=order._get_html_link()))
        order.message_post(
            body=self.env._("Gifts of %(count)s advocacy rewards: confirm to send them.", count=len(self))
        )
        return order

    # ------------------------------------------------------------------ reversal and payment
    def _reverse(self, reason):
        reversed_rewards = super()._reverse(reason)
        reversed_rewards.filtered("move_line_id")._unsettle()
        reversed_rewards.filtered("sale_line_id")._unsettle_gifts()
        return reversed_rewards

    def _unsettle(self):
        """Takes reversed rewards out of the books: their line leaves a draft document (an emptied draft
        is deleted); a posted document gets a draft refund of their lines (Odoo's reversal)."""
        for move, rewards in self.grouped(lambda r: r.move_id.sudo()).items():
            lines = rewards.move_line_id
            if move.state == "draft":
                rewards._workflow_write({"move_line_id": False})
                if move.invoice_line_ids - lines:
                    move.write({"invoice_line_ids": [Command.delete(line.id) for line in lines]})
                else:
                    move.unlink()
            elif move.state == "posted":
                refund = move._reverse_moves(
                    [{"ref": self.env._("Reversal of advocacy rewards: %(ref)s", ref=move.name)}]
                )
                kept = {line.sequence for line in lines}
                refund.write(
                    {
                        "invoice_line_ids": [
                            Command.delete(line.id)
                            for line in refund.invoice_line_ids
                            if line.sequence not in kept
                        ]
                    }
                )
                rewards._workflow_write({"reversal_move_id": refund.id})
                refund.message_post(
                    body=self.env._("Reverses %(count)s reversed advocacy rewards.", count=len(rewards))
                )

    def _unsettle_gifts(self):
        """Reversed gifts leave a quotation (an emptied one is cancelled); a confirmed order is told to stop
        the gift (it may have left the warehouse: the salesperson decides)."""
        for order, rewards in self.grouped(lambda r: r.sale_order_id.sudo()).items():
            lines = rewards.sale_line_id
            if order.state in ("draft", "sent"):
                rewards._workflow_write({"sale_line_id": False})
                if order.order_line - lines:
                    order.write({"order_line": [Command.delete(line.id) for line in lines]})
                else:
                    order._action_cancel()
            elif order.state == "sale":
                order.message_post(
                    body=self.env._(
                        "The advocacy reward of %(lines)s was reversed: do not send it if not sent yet.",
                        lines=", ".join(lines.mapped("name")),
                    )
                )

    def _on_moves_settled(self, moves, types):
        """The rewards of ``moves`` (of the given reward types) still approved become fulfilled."""
        rewards = self.sudo().search(
            [("move_id", "in", moves.ids), ("state", "=", "approved"), ("reward_type", "in", types)]
        )
        rewards = service_guard.lock_rows(rewards).filtered(lambda r: r.state == "approved")
        rewards._workflow_write({"state": "fulfilled", "fulfilled_date": fields.Datetime.now()})
        for reward in rewards:
            reward.message_post(body=self.env._("Settled by %(move)s.", move=reward.move_id._get_html_link()))
        return rewards

    def _on_orders_confirmed(self, orders):
        """The gifts of confirmed ``orders`` are fulfilled (with Inventory, their delivery is on its way)."""
        rewards = self.sudo().search([("sale_order_id", "in", orders.ids), ("state", "=", "approved")])
        rewards = service_guard.lock_rows(rewards).filtered(lambda r: r.state == "approved")
        rewards._workflow_write({"state": "fulfilled", "fulfilled_date": fields.Datetime.now()})
        for reward in rewards:
            reward.message_post(
                body=self.env._("Sent with %(order)s.", order=reward.sale_order_id._get_html_link())
            )
        return rewards

    def action_mark_fulfilled(self):
        self._check_manager()
        if self.filtered(lambda r: r.move_line_id or r.sale_line_id):
            raise UserError(
                self.env._(
                    "A reward on a bill, credit note or order is fulfilled when its document is paid, "
                    "posted or confirmed, not by hand."
                )
            )
        return super().action_mark_fulfilled()
