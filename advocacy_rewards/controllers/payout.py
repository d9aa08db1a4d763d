from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import content_disposition, request


class AdvocacyPayout(http.Controller):
    @http.route("/advocacy_rewards/payout.xlsx", type="http", auth="user")
    def payout_xlsx(self, **kw):
        """What finance may pay now (advocacy.reward._advocacy_payout_data): approved cash and credit
        rewards whose holding period is over, who, where to pay, how much, for what; one total per
        currency."""
        if not request.env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise Forbidden()
        content = request.env["advocacy.reward"]._advocacy_payout_xlsx_content()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition("advocacy_payout.xlsx")),
            ],
        )
