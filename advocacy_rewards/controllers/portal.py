from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize

LEDGER_LINES = 50


class AdvocacyPortal(CustomerPortal):
    """The advocate's page. Every read and write goes through sudo() with the partner taken from the
    logged-in user, never from the request: a portal user only ever sees and spends their own."""

    def _advocacy_partner(self):
        return request.env.user.partner_id

    def _advocacy_values(self, **kw):
        partner = self._advocacy_partner()
        sudo_partner = partner.sudo()
        env = request.env
        referrals = (
            env["advocacy.referral"]
            .sudo()
            .search([("referrer_id", "=", partner.id)], order="date desc, id desc")
        )
        entries = (
            env["advocacy.points.entry"].sudo().search([("partner_id", "=", partner.id)], limit=LEDGER_LINES)
        )
        company = env.company
        items = (
            env["advocacy.catalog.item"]
            .sudo()
            .search([("company_id", "in", (False, company.id))], order="sequence, points_cost, id")
        )
        code = sudo_partner.referral_code if "referral_code" in sudo_partner._fields else False
        base_url = sudo_partner.get_base_url()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "advocacy",
                "advocate": sudo_partner,
                "referral_code": code,
                "share_url": f"{base_url}/advocacy/r/{code}" if code else False,
                "referrals": referrals,
                "entries": entries,
                "items": items,
                "tier": sudo_partner.advocacy_tier_id,
                "message": kw.get("message"),
                "error": kw.get("error"),
            }
        )
        return values

    @http.route(["/my/advocacy"], type="http", auth="user", website=True)
    def portal_my_advocacy(self, **kw):
        return request.render("advocacy_rewards.portal_my_advocacy", self._advocacy_values(**kw))

    @http.route(["/my/advocacy/referral"], type="http", auth="user", methods=["POST"], website=True)
    def portal_advocacy_referral(self, name="", company="", email="", phone="", **kw):
        env = request.env
        name, company, email, phone = (v.strip() for v in (name, company, email, phone))
        values = self._advocacy_values()
        if not (name or company) or not email_normalize(email):
            values["error"] = env._("Give the name or company of the person you refer and a valid email.")
            return request.render("advocacy_rewards.portal_my_advocacy", values)
        partner = self._advocacy_partner()
        try:
            with env.cr.savepoint():
                referral = (
                    env["advocacy.referral"]
                    .sudo()
                    .with_context(mail_create_nosubscribe=True)
                    .create(
                        {
                            "referrer_id": partner.id,
                            "referred_name": name,
                            "referred_company": company,
                            "referred_email": email,
                            "referred_phone": phone,
                            "channel": "portal",
                            "company_id": env.company.id,
                        }
                    )
                )
        except (UserError, ValidationError) as error:
            values["error"] = error.args[0]
            return request.render("advocacy_rewards.portal_my_advocacy", values)
        return request.redirect(f"/my/advocacy?message=referral&ref={referral.id}")

    @http.route(["/my/advocacy/redeem"], type="http", auth="user", methods=["POST"], website=True)
    def portal_advocacy_redeem(self, item_id=None, partner_id=None, **kw):
        env = request.env
        partner = self._advocacy_partner()
        if partner_id and str(partner_id) != str(partner.id):
            raise Forbidden()
        item_id = int(item_id) if str(item_id or "").isdecimal() and len(str(item_id)) < 10 else 0
        item = env["advocacy.catalog.item"].sudo().browse(item_id).exists()
        if not item or item.company_id not in (env["res.company"], env.company):
            values = self._advocacy_values(error=env._("This catalogue item is not available."))
            return request.render("advocacy_rewards.portal_my_advocacy", values)
        try:
            with env.cr.savepoint():
                env["advocacy.redemption"].sudo().create(
                    {"partner_id": partner.id, "item_id": item.id, "company_id": env.company.id}
                )
        except (UserError, ValidationError) as error:
            values = self._advocacy_values(error=error.args[0])
            return request.render("advocacy_rewards.portal_my_advocacy", values)
        return request.redirect("/my/advocacy?message=redeemed")
