import base64

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import UserError
from odoo.http import request

# what an advocate may still act on; verified ones are shown, done
OPEN_STATES = ("invited", "accepted", "rejected")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class AdvocacyChallengePortal(CustomerPortal):
    """The advocate's challenges. Portal users have no access right on participations: every read
    and write is made with sudo() on the participations of the logged-in user's own contact (found
    from the user, never from the request), and the template gets dicts of the listed fields only."""

    def _advocacy_challenge_domain(self):
        return [
            ("partner_id", "=", request.env.user.partner_id.id),
            ("challenge_id.active", "=", True),
            ("campaign_id.state", "not in", ("draft", "cancelled")),
        ]

    def _advocacy_own_participation(self, participation_id):
        """The participation if it is the user's own, else 404 (the same for another advocate's id
        and an id that does not exist)."""
        if not 0 < participation_id < 2**31:
            raise NotFound()
        participation = (
            request.env["advocacy.participation"]
            .sudo()
            .search([*self._advocacy_challenge_domain(), ("id", "=", participation_id)], limit=1)
        )
        if not participation:
            raise NotFound()
        return participation

    def _advocacy_challenge_rows(self):
        participations = (
            request.env["advocacy.participation"].sudo().search(self._advocacy_challenge_domain())
        )
        env = request.env
        states = dict(participations._fields["state"]._description_selection(env))
        efforts = dict(request.env["advocacy.challenge"]._fields["effort"]._description_selection(env))
        points = participations._advocacy_portal_points()
        rows = []
        for participation in participations:
            challenge = participation.challenge_id
            rows.append(
                {
                    "id": participation.id,
                    "name": challenge.name,
                    "description": challenge.description,
                    "instructions": challenge.instructions,
                    "action_items": [
                        line for line in (challenge.action_items or "").splitlines() if line.strip()
                    ],
                    "effort": efforts.get(challenge.effort, ""),
                    "deadline": challenge.deadline,
                    "state": participation.state,
                    "state_label": states[participation.state],
                    "is_open": participation.state in OPEN_STATES
                    and participation.campaign_id.state != "done",
                    "evidence_url": participation.evidence_url,
                    "evidence_note": participation.evidence_note,
                    "files": participation.attachment_ids.mapped("name"),
                    "points": points.get(participation.id, 0),
                }
            )
        return rows

    def _advocacy_challenge_values(self, **kw):
        values = self._prepare_portal_layout_values()
        rows = self._advocacy_challenge_rows()
        values.update(
            {
                "page_name": "advocacy_challenges",
                "advocacy_home_url": request.env.user.partner_id._advocacy_portal_url(),
                "open_challenges": [row for row in rows if row["is_open"]],
                "done_challenges": [row for row in rows if not row["is_open"]],
                "message": kw.get("message"),
                "error": kw.get("error"),
            }
        )
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "advocacy_challenge_count" in counters:
            domain = [*self._advocacy_challenge_domain(), ("state", "in", OPEN_STATES)]
            values["advocacy_challenge_count"] = (
                request.env["advocacy.participation"].sudo().search_count(domain)
            )
        return values

    @http.route(["/my/advocacy/challenges"], type="http", auth="user", website=True)
    def portal_my_advocacy_challenges(self, **kw):
        return request.render(
            "advocacy_program.portal_my_advocacy_challenges", self._advocacy_challenge_values(**kw)
        )

    @http.route(
        ["/my/advocacy/challenges/<int:participation_id>/accept"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_advocacy_challenge_accept(self, participation_id, **kw):
        participation = self._advocacy_own_participation(participation_id)
        try:
            with request.env.cr.savepoint():
                participation.action_accept()
        except UserError as error:
            return self._advocacy_challenge_error(error)
        return request.redirect("/my/advocacy/challenges?message=accepted")

    @http.route(
        ["/my/advocacy/challenges/<int:participation_id>/submit"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_advocacy_challenge_submit(
        self, participation_id, evidence_url="", evidence_note="", evidence_file=None, **kw
    ):
        participation = self._advocacy_own_participation(participation_id)
        env = request.env
        evidence_url = (evidence_url or "").strip()
        if evidence_url and not evidence_url.lower().startswith(("http://", "https://")):
            return self._advocacy_challenge_error(
                UserError(env._("The link must start with http:// or https://."))
            )
        vals = {
            "evidence_url": (evidence_url or "").strip()[:2048] or participation.evidence_url,
            "evidence_note": (evidence_note or "").strip()[:10000] or participation.evidence_note,
        }
        # a file upload (a plain form value under that name is no file)
        is_file = hasattr(evidence_file, "read") and getattr(evidence_file, "filename", None)
        data = evidence_file.read(MAX_EVIDENCE_BYTES + 1) if is_file else b""
        if len(data) > MAX_EVIDENCE_BYTES:
            return self._advocacy_challenge_error(UserError(env._("The file is too large (10 MB at most).")))
        try:
            with env.cr.savepoint():
                participation.write(vals)
                if data:
                    attachment = (
                        env["ir.attachment"]
                        .sudo()
                        .create(
                            {
                                "name": evidence_file.filename[:256],
                                "datas": base64.b64encode(data),
                                "res_model": "advocacy.participation",
                                "res_id": participation.id,
                            }
                        )
                    )
                    participation.attachment_ids = [(4, attachment.id)]
                participation.action_submit()
        except UserError as error:
            return self._advocacy_challenge_error(error)
        return request.redirect("/my/advocacy/challenges?message=submitted")

    def _advocacy_challenge_error(self, error):
        values = self._advocacy_challenge_values(error=error.args[0])
        return request.render("advocacy_program.portal_my_advocacy_challenges", values, status=400)
