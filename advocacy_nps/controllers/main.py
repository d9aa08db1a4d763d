from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..tools import nps_math


class NpsController(http.Controller):
    """The public one-click pages of the NPS emails. The token is the only credential: an unknown,
    forged or expired one gets a plain 404 and nothing is written; the pages show the visitor's own
    answer only."""

    def _invitation(self, token):
        invitation = request.env["advocacy.nps.invitation"].sudo()._nps_get_by_token(token)
        if not invitation:
            raise NotFound()
        return invitation

    def _render(self, invitation, token, done=False):
        questions = request.env["advocacy.nps.response"]._followup_questions()
        return request.render(
            "advocacy_nps.nps_page",
            {
                "token": token,
                "score": invitation.score,
                "answer": invitation.followup_answer or "",
                "consent": invitation.consent,
                "company_name": invitation.company_id.name,
                "question": questions[nps_math.band(invitation.score)],
                "done": done,
                "csrf_token": request.csrf_token(),
            },
            headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
        )

    @http.route(
        "/nps/<string:token>/<int(min=0, max=10):score>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def nps_score(self, token, score, **kwargs):
        invitation = self._invitation(token)
        invitation._nps_record_score(score)
        return self._render(invitation, token)

    @http.route("/nps/<string:token>/feedback", type="http", auth="public", methods=["POST"], sitemap=False)
    def nps_feedback(self, token, answer="", consent=None, **kwargs):
        invitation = self._invitation(token)
        if invitation.score < 0:
            raise NotFound()
        invitation._nps_record_feedback((answer or "").strip()[:5000] or False, bool(consent))
        return self._render(invitation, token, done=True)

    @http.route(
        "/nps/<string:token>/unsubscribe",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
        csrf=False,
    )
    def nps_unsubscribe(self, token, **kwargs):
        # POST without CSRF token on purpose: RFC 8058 one-click unsubscription from the mail client;
        # the 256-bit token is the credential. GET only shows the confirmation button.
        invitation = self._invitation(token)
        if request.httprequest.method == "POST":
            invitation._nps_unsubscribe()
        return request.render(
            "advocacy_nps.nps_unsubscribe_page",
            {
                "token": invitation.sudo().token,
                "company_name": invitation.company_id.name,
                "unsubscribed": request.httprequest.method == "POST",
            },
            headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
        )
