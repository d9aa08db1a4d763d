import io

import xlsxwriter
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import content_disposition, request


class AdvocacyPayout(http.Controller):
    @http.route("/advocacy_rewards/payout.xlsx", type="http", auth="user")
    def payout_xlsx(self, **kw):
        """Approved cash and credit rewards for finance: who, where to pay, how much, for what."""
        env = request.env
        if not env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise Forbidden()
        rewards = env["advocacy.reward"].search(
            [("state", "=", "approved"), ("reward_type", "in", ("cash", "credit"))], order="partner_id, date"
        )
        banks = (
            env["res.partner.bank"]
            .sudo()
            .search(
                [("partner_id", "in", (rewards.partner_id | rewards.partner_id.commercial_partner_id).ids)]
            )
        )
        bank_of = {}
        for bank in banks:
            bank_of.setdefault(bank.partner_id.id, bank)
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(env._("Payout"))
        bold = book.add_format({"bold": True, "bg_color": "#E8E8E8"})
        money = book.add_format({"num_format": "#,##0.00"})
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
        ]
        sheet.write_row(0, 0, headers, bold)
        types = dict(rewards._fields["reward_type"]._description_selection(env))
        for row, reward in enumerate(rewards, start=1):
            partner = reward.partner_id
            bank = bank_of.get(partner.id) or bank_of.get(partner.commercial_partner_id.id)
            sheet.write(row, 0, partner.display_name)
            sheet.write(row, 1, partner.email or "")
            sheet.write(row, 2, bank.acc_number if bank else "")
            sheet.write(row, 3, reward.rule_id.name)
            sheet.write(row, 4, types.get(reward.reward_type, ""))
            sheet.write_number(row, 5, reward.amount, money)
            sheet.write(row, 6, reward.currency_id.name)
            sheet.write(row, 7, reward.source.display_name if reward.source else "")
            sheet.write_datetime(row, 8, reward.date, day) if reward.date else None
            if reward.hold_until:
                sheet.write_datetime(row, 9, reward.hold_until, day)
        if rewards:
            sheet.write(len(rewards) + 1, 4, env._("Total"), bold)
            sheet.write_formula(len(rewards) + 1, 5, f"=SUM(F2:F{len(rewards) + 1})", money)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 3, 28)
        sheet.set_column(4, 9, 14)
        book.close()
        return request.make_response(
            output.getvalue(),
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition("advocacy_payout.xlsx")),
            ],
        )
