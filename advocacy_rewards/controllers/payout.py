import io

import xlsxwriter
from werkzeug.exceptions import Forbidden

from odoo import fields, http
from odoo.http import content_disposition, request


class AdvocacyPayout(http.Controller):
    @http.route("/advocacy_rewards/payout.xlsx", type="http", auth="user")
    def payout_xlsx(self, **kw):
        """What finance may pay now: approved cash and credit rewards whose holding period is over (a
        cancelled deal can no longer reverse them), who, where to pay, how much, for what; one total per
        currency."""
        env = request.env
        if not env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise Forbidden()
        Reward = env["advocacy.reward"]
        rewards = Reward.search(
            [
                ("state", "=", "approved"),
                ("reward_type", "in", ("cash", "credit")),
                "|",
                ("hold_until", "=", False),
                ("hold_until", "<", fields.Date.context_today(Reward)),
            ]
        ).sorted(lambda r: (r.currency_id.name, r.partner_id.display_name, r.date, r.id))
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        self._payout_sheet(book, rewards)
        book.close()
        return request.make_response(
            output.getvalue(),
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition("advocacy_payout.xlsx")),
            ],
        )

    def _payout_bank_accounts(self, rewards):
        partners = rewards.partner_id | rewards.partner_id.commercial_partner_id
        bank_of = {}
        for bank in request.env["res.partner.bank"].sudo().search([("partner_id", "in", partners.ids)]):
            bank_of.setdefault(bank.partner_id.id, bank)
        return bank_of

    def _payout_sheet(self, book, rewards):
        env = request.env
        sheet = book.add_worksheet(env._("Payout"))
        bold = book.add_format({"bold": True, "bg_color": "#E8E8E8"})
        money = book.add_format({"num_format": "#,##0.00"})
        total_money = book.add_format({"num_format": "#,##0.00", "bold": True})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        headers = [
            env._("Advocate"),
            env._("Email"),
            env._("Bank account / IBAN"),
            env._("Reward"),
            env._("Type"),
            env._("Amount"),
            env._("Currency"),
            env._("Source"),
            env._("Date"),
            env._("Final after"),
            env._("Bill / credit note"),
        ]
        sheet.write_row(0, 0, headers, bold)
        types = dict(rewards._fields["reward_type"]._description_selection(env))
        bank_of = self._payout_bank_accounts(rewards)
        totals = {}
        for row, reward in enumerate(rewards, start=1):
            self._payout_row(sheet, row, reward, bank_of, types, {"money": money, "day": day})
            currency = reward.currency_id
            totals[currency] = totals.get(currency, 0.0) + reward.amount
        self._payout_totals(sheet, len(rewards) + 1, totals, bold, total_money)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 3, 28)
        sheet.set_column(4, 9, 14)
        sheet.set_column(10, 10, 22)

    def _payout_row(self, sheet, row, reward, bank_of, types, formats):
        """One reward's line: who is paid where, what for, and the document already made for it."""
        partner = reward.partner_id
        bank = bank_of.get(partner.id) or bank_of.get(partner.commercial_partner_id.id)
        sheet.write(row, 0, partner.display_name)
        sheet.write(row, 1, partner.email or "")
        sheet.write(row, 2, bank.acc_number if bank else "")
        sheet.write(row, 3, reward.rule_id.name)
        sheet.write(row, 4, types.get(reward.reward_type, ""))
        sheet.write_number(row, 5, reward.amount, formats["money"])
        sheet.write(row, 6, reward.currency_id.name)
        sheet.write(row, 7, reward.source.display_name if reward.source else "")
        sheet.write_datetime(row, 8, reward.date, formats["day"]) if reward.date else None
        if reward.hold_until:
            sheet.write_datetime(row, 9, reward.hold_until, formats["day"])
        # already on a bill or credit note: finance pays that document, not this line
        sheet.write(row, 10, reward.sudo().move_id.display_name or "")

    def _payout_totals(self, sheet, last, totals, bold, total_money):
        """The total rows below the rewards (``last`` is the last line of rewards)."""
        env = request.env
        # amounts in different currencies are never added up: one total row per currency
        for offset, (currency, total) in enumerate(sorted(totals.items(), key=lambda t: t[0].name)):
            row = last + 1 + offset
            sheet.write(row, 4, env._("Total"), bold)
            sheet.write_formula(
                row, 5, f'=SUMIF(G2:G{last},"{currency.name}",F2:F{last})', total_money, currency.round(total)
            )
            sheet.write(row, 6, currency.name, bold)
