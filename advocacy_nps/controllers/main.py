from odoo import http
from odoo.http import request

from ..tools import nps_math

PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
SCORE_ROUTE = "/nps/<string:token>/<int(min=0, max=10):score>"


class NpsController(http.Controller):
    """The public one-click pages of the NPS emails. The token is the only credential.

    A GET (or HEAD) never writes: mail gateways and link checkers fetch every link of an email. The
    page of a score link shows that score selected, not yet recorded, with a "Confirm my answer"
    button; a small script sends the same POST as soon as the page is displayed to a person (and shows
    the confirmed answer in place), so one click in the email still records the answer. The POSTs
    carry no CSRF token, as the RFC 8058 unsubscription: the 256-bit token in the URL is the credential
    (a forging site would need it), and without a session cookie the pages create no session for each
    scanner's fetch.

    An unknown, forged or never-mailed token gets a 404 page saying the link is not valid, the same
    whatever a guesser tries; the token of an invitation that was mailed but expired gets a 404 page
    saying the survey is over, with the sender's company name: only the holder of that email knows
    such a token, and the email already told them both. Nothing is written, no contact's data shown.
    """

    def _invitation_or_404(self, token):
        """(invitation, the answer the contact sees, None) for a live token, else (None, None, the 404
        page)."""
        invitation, live, answer = request.env["advocacy.nps.invitation"].sudo()._nps_lookup_answer(token)
        if live:
            # the sending company, known from the lookup: without a company in the context Odoo
            # reads the public user's company from the database on every click (for the click's
            # defaults and the page's layout); the page shows it when the public user may
            company = answer["company_id"]
            if company in request.env.user._get_company_ids():
                request.update_context(allowed_company_ids=[company])
            if company:
                invitation = invitation.with_context(allowed_company_ids=[company])
            return invitation, answer, None
        return None, None, self._link_error(expired_company=answer and answer["company_name"])

    def _link_error(self, expired_company=None):
        """The 404 page; `expired_company`: the company that sent an invitation mailed but expired."""
        values = {"expired": expired_company is not None, "company_name": expired_company or ""}
        return request.render("advocacy_nps.nps_link_error_page", values, status=404, headers=PAGE_HEADERS)

    def _render(self, answer, token, score, confirmed, done=False):
        questions = request.env["advocacy.nps.response"]._followup_questions()
        return request.render(
            "advocacy_nps.nps_page",
            {
                "token": token,
                "score": score,
                "confirmed": confirmed,
                "answer": answer["followup_answer"] or "",
                "consent": answer["consent"],
                "company_name": answer["company_name"],
                "question": questions[nps_math.band(score)],
                "done": done,
            },
            headers=PAGE_HEADERS,
        )

    @http.route(SCORE_ROUTE, type="http", auth="public", methods=["GET"], sitemap=False)
    def nps_score(self, token, score, **kwargs):
        """The landing page of a score link: writes nothing (GET and HEAD alike)."""
        _invitation, answer, error = self._invitation_or_404(token)
        if error:
            return error
        return self._render(answer, token, score, confirmed=answer["score"] == score)

    @http.route(SCORE_ROUTE, type="http", auth="public", methods=["POST"], sitemap=False, csrf=False)
    def nps_score_confirm(self, token, score, **kwargs):
        """Records the answer shown on the landing page (a POST from the page's script or its button;
        the token is the credential). It appends a click (see `advocacy.nps.click`): the page shows the
        score just chosen, the answer cron records it within seconds."""
        invitation, answer, error = self._invitation_or_404(token)
        if error:
            return error
        invitation._nps_record_score(score, answer)
        return self._render({**answer, "score": score}, token, score, confirmed=True)

    @http.route(
        "/nps/<string:token>/feedback",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
        csrf=False,
    )
    def nps_feedback(self, token, answer="", consent=None, **kwargs):
        invitation, current, error = self._invitation_or_404(token)
        if error:
            return error
        if current["score"] < 0:
            # no answer to comment on: the form is only shown once the answer is recorded
            return self._link_error()
        followup_answer = (answer or "").strip()[:5000] or False
        invitation._nps_record_feedback(followup_answer, bool(consent), current)
        current = {**current, "followup_answer": followup_answer, "consent": bool(consent)}
        return self._render(current, token, current["score"], confirmed=True, done=True)

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
        invitation, answer, error = self._invitation_or_404(token)
        if error:
            return error
        if request.httprequest.method == "POST":
            invitation._nps_unsubscribe()
        return request.render(
            "advocacy_nps.nps_unsubscribe_page",
            {
                "token": token,
                "company_name": answer["company_name"],
                "unsubscribed": request.httprequest.method == "POST",
            },
            headers=PAGE_HEADERS,
        )
