"""Rewards settled in the books: a cash reward becomes a line of a draft vendor bill to its advocate, an
account-credit reward a line of a draft customer credit note, once approved and past its holding period
(docs/ARCHITECTURE.md, "Rewards in accounting").

- One document per payee, kind and company per run, in the reward's currency, each line linked back to its
  reward (``move_line_id``, ``move_id``); a reward already on a document is never billed again.
- A cash reward is fulfilled (paid) when its bill is paid; a credit reward when its credit note is posted
  (the customer has the credit from then on).
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

SETTLED_TYPES = ("cash", "credit")
MOVE_TYPES = {"cash": "in_invoice", "credit": "out_refund"}


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

    WORKFLOW_FIELDS = AdvocacyReward.WORKFLOW_FIELDS | {"move_line_id", "move_id", "reversal_move_id"}

    # ------------------------------------------------------------------ what is due
    @api.model
    def _settlement_domain(self):
        """Cash and credit rewards ready for the books: approved, past their holding period, on no
        document yet."""
        return [
            ("state", "=", "approved"),
            ("reward_type", "in", SETTLED_TYPES),
            ("move_line_id", "=", False),
            ("amount", ">", 0),
            "|",
            ("hold_until", "=", False),
            ("hold_until", "<", fields.Date.context_today(self)),
        ]

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
        moves = self.filtered_domain(self._settlement_domain())._settle()
        if not moves:
            raise UserError(
                self.env._(
                    "None of these rewards is due for settlement: only approved cash and credit rewards past "
                    "their holding period and not billed yet are."
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action.update(
            {
                "name": self.env._("Reward bills and credit notes"),
                "domain": [("id", "in", moves.ids)],
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
        groups = self._read_group(
            self._settlement_domain(), ["company_id", "reward_type", "partner_id"], ["id:array_agg"]
        )
        # a company without account or journal is skipped (logged), so the scheduler does not call again
        ready = {}
        for company in {group[0] for group in groups}:
            account, bill_journal, credit_journal = company._advocacy_reward_accounting()
            ready[company] = {
                "cash": bool(account and bill_journal),
                "credit": bool(account and credit_journal),
            }
            if not all(ready[company].values()):
                _logger.warning(
                    "Advocacy rewards of %s: no expense account or journal to settle", company.name
                )
        groups = [group for group in groups if ready[group[0]][group[1]]]
        batch = groups[:batch_size]
        rewards = self.browse(sorted(rid for *_key, ids in batch for rid in ids))
        moves = rewards._settle()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(groups) - len(batch))
        return len(moves)

    # ------------------------------------------------------------------ building the documents
    def _settle(self):
        """Puts these rewards (due ones; locked, so two runs at once bill each once) on new draft
        documents, one per (company, payee, kind). Returns the documents."""
        rewards = service_guard.lock_rows(self).filtered_domain(self._settlement_domain())
        groups = {}
        for reward in rewards.sorted(lambda r: (r.date, r.id)):
            key = (reward.company_id, reward.partner_id, reward.reward_type)
            groups.setdefault(key, self.browse())
            groups[key] |= reward
        Move = self.env["account.move"].sudo()
        moves = Move
        accounting = {}
        for (company, partner, reward_type), batch in groups.items():
            if company not in accounting:
                accounting[company] = company.sudo()._advocacy_reward_accounting()
            account, bill_journal, credit_journal = accounting[company]
            journal = bill_journal if reward_type == "cash" else credit_journal
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
        return moves

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

    # ------------------------------------------------------------------ reversal and payment
    def _reverse(self, reason):
        reversed_rewards = super()._reverse(reason)
        reversed_rewards.filtered("move_line_id")._unsettle()
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

    def action_mark_fulfilled(self):
        self._check_manager()
        if self.filtered("move_line_id"):
            raise UserError(
                self.env._(
                    "A reward on a bill or credit note is fulfilled when its document is paid or posted, "
                    "not by hand."
                )
            )
        return super().action_mark_fulfilled()
