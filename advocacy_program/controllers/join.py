from odoo import http
from odoo.http import request


class AdvocacyJoin(http.Controller):
    """The invitation to join the program, reached from the mailed link. The token is the
    credential: a GET (or a mail scanner's HEAD) shows the terms and writes nothing; accepting is a
    POST with CSRF. Unknown, forged and expired tokens get the same explanatory 404 page."""

    def _join_values(self, partner, **extra):
        company = (partner.company_id or request.env.company).sudo()
        portal_user = partner.user_ids.filtered(lambda u: u.active and u._is_portal())
        joined = bool(partner.advocacy_consent_date and partner.referral_code)
        return {
            "partner_name": partner.name,
            "company_name": company.name,
            "terms": partner._advocacy_terms(),
            "joined": joined,
            "kit": partner._advocacy_share_kit() if joined else False,
            "portal_url": partner._advocacy_portal_url() if portal_user else False,
            "error": False,
            "welcome": False,
            **extra,
        }

    def _not_found(self):
        return request.render("advocacy_program.join_not_found", {}, status=404)

    @http.route("/advocacy/join/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
    def join_page(self, token, welcome=None, **kwargs):
        partner = request.env["res.partner"]._advocacy_from_join_token(token)
        if not partner:
            return self._not_found()
        values = self._join_values(partner, token=token, welcome=bool(welcome))
        return request.render("advocacy_program.join_page", values)

    @http.route(
        "/advocacy/join/<string:token>/accept",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def join_accept(self, token, consent=None, **kwargs):
        partner = request.env["res.partner"]._advocacy_from_join_token(token)
        if not partner:
            return self._not_found()
        if not partner.advocacy_consent_date:
            if consent != "on":
                values = self._join_values(
                    partner,
                    token=token,
                    error=request.env._("Please tick the box to accept the program's terms."),
                )
                return request.render("advocacy_program.join_page", values, status=400)
            partner._advocacy_accept_join()
        return request.redirect(f"/advocacy/join/{token}?welcome=1", code=303)
