import re

from werkzeug.middleware.proxy_fix import ProxyFix

from odoo import SUPERUSER_ID, http
from odoo.http import request
from odoo.tools import config

from ..tools import attribution

EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
RATE_LIMIT = 5  # submissions per address
RATE_WINDOW_MINUTES = 60


def client_address(httprequest):
    """The visitor's address for the rate limit. Behind a reverse proxy (Odoo's ``proxy_mode``): the
    address the proxy appended to X-Forwarded-For, read by werkzeug's ProxyFix trusting one hop as
    Odoo does (Odoo fixes the request itself only when X-Forwarded-Host is sent too). Without
    proxy_mode the header is ignored: anyone can write it."""
    if not config["proxy_mode"]:
        return httprequest.remote_addr or "unknown"
    fixed = {}

    def read_environ(environ, start_response):
        fixed.update(environ)
        return []

    forwarded = {
        "REMOTE_ADDR": httprequest.remote_addr,
        "HTTP_X_FORWARDED_FOR": httprequest.headers.get("X-Forwarded-For"),
    }
    ProxyFix(read_environ, x_for=1)(forwarded, None)
    return (fixed.get("REMOTE_ADDR") or "unknown")[:64]


class AdvocacyShare(http.Controller):
    """The public share page of a referral code. Valid, unknown and revoked codes get the same page,
    so the page tells nothing about who owns a code or whether it exists."""

    def _share_page(self, code, values, error=False, status=200):
        # the friend's side of a double-sided offer is the program's, the same for every code
        offer = request.env["res.partner"].sudo()._advocacy_friend_offer(request.env.company)
        return request.render(
            "advocacy_program.share_page",
            {"code": code[:64], "values": values, "error": error, "friend_offers": offer or []},
            status=status,
        )

    @http.route("/advocacy/r/<string:code>", type="http", auth="public", methods=["GET"], sitemap=False)
    def share_page(self, code, **kwargs):
        return self._share_page(code, {})

    @http.route(
        "/advocacy/r/<string:code>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def share_submit(
        self, code, name="", company="", email="", phone="", message="", website_url="", **kwargs
    ):
        code = code[:64]
        values = {"name": name, "company": company, "email": email, "phone": phone, "message": message}
        if website_url:
            # honeypot: humans never see this field; thank the bot and keep nothing
            return request.render("advocacy_program.share_thanks", {})
        name, company, email = (
            (name or "").strip()[:128],
            (company or "").strip()[:128],
            (email or "").strip()[:254],
        )
        if not name or not EMAIL_RE.match(email):
            return self._share_page(
                code, values, request.env._("Please give your name and a valid email address."), 400
            )
        env = request.env(su=True)
        address = client_address(request.httprequest)
        if not env["advocacy.share.attempt"]._check_and_record(address, RATE_LIMIT, RATE_WINDOW_MINUTES):
            return self._share_page(
                code, values, request.env._("Too many submissions from your address, please try later."), 429
            )
        self._share_create_lead(env, code, name, company, email, phone, message)
        return request.render("advocacy_program.share_thanks", {})

    def _share_create_lead(self, env, code, name, company, email, phone, message):
        """The friend's lead, for the advocate's account manager when the code is valid (the lead's
        code then attributes it); an unknown code still makes a lead, without attribution."""
        normalized = attribution.normalize_code(code)
        advocate = (
            env["res.partner"].search(
                [("referral_code", "=", normalized), ("advocate_state", "!=", "opted_out")], limit=1
            )
            if normalized
            else env["res.partner"]
        )
        user = advocate._advocacy_account_manager() if advocate else env["res.users"]
        description = (message or "").strip()[:4000]
        # created as Odoo's website forms create theirs (website.controllers.form insert_record): by
        # OdooBot, not following it; the visitor has no address, OdooBot sends the rep's "You have
        # been assigned" email
        lead_model = env["crm.lead"].with_user(SUPERUSER_ID).with_context(mail_create_nosubscribe=True)
        lead_model.create(
            {
                "name": request.env._("Referred prospect: %s", company or name),
                "type": "lead",
                "contact_name": name,
                "partner_name": company,
                "email_from": email,
                "phone": (phone or "").strip()[:64],
                "description": description,
                "referral_code": normalized or False,
                "user_id": user.id or False,
                "company_id": (advocate.company_id or env.company).id,
            }
        )
