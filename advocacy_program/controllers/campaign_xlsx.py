from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request


class AdvocacyCampaignXlsx(http.Controller):
    @http.route("/advocacy/campaign/<int:campaign_id>/xlsx", type="http", auth="user", methods=["GET"])
    def campaign_xlsx(self, campaign_id, **kwargs):
        campaign = request.env["advocacy.campaign"].browse(campaign_id)
        try:
            campaign.check_access("read")
            campaign.ensure_one()
            content = campaign._advocacy_xlsx_content()
        except (AccessError, MissingError):
            raise request.not_found()
        filename = f"{campaign.name} - {request.env._('Results')}.xlsx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
