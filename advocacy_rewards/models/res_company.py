from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    advocacy_reward_account_id = fields.Many2one(
        "account.account",
        "Reward expense account",
        check_company=True,
        groups="base.group_user",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="The account the cash and credit rewards are booked on (a marketing or referral-fee expense). "
        "Empty: the company's first expense account.",
    )
    advocacy_reward_bill_journal_id = fields.Many2one(
        "account.journal",
        "Journal of reward bills",
        check_company=True,
        groups="base.group_user",
        domain="[('type', '=', 'purchase')]",
        help="Cash rewards become vendor bills to the advocate in this journal. Empty: the first purchase "
        "journal of the company.",
    )
    advocacy_reward_credit_journal_id = fields.Many2one(
        "account.journal",
        "Journal of reward credit notes",
        check_company=True,
        groups="base.group_user",
        domain="[('type', '=', 'sale')]",
        help="Account-credit rewards become customer credit notes in this journal. Empty: the first sales "
        "journal of the company.",
    )

    def _advocacy_reward_accounting(self):
        """(expense account, bill journal, credit-note journal) of this company: the settings, else the
        first of the right type."""
        self.ensure_one()
        Account = self.env["account.account"].sudo()
        Journal = self.env["account.journal"].sudo()
        account = self.advocacy_reward_account_id or Account.search(
            [
                *Account._check_company_domain(self),
                ("account_type", "=", "expense"),
                ("deprecated", "=", False),
            ],
            order="code",
            limit=1,
        )
        bill_journal = self.advocacy_reward_bill_journal_id or Journal.search(
            [*Journal._check_company_domain(self), ("type", "=", "purchase")], limit=1
        )
        credit_journal = self.advocacy_reward_credit_journal_id or Journal.search(
            [*Journal._check_company_domain(self), ("type", "=", "sale")], limit=1
        )
        return account, bill_journal, credit_journal
