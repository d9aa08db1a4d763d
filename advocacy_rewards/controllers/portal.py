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

    def _advocacy_statuses(self):
        """What the advocate sees of a referral's status: a rejected one is "closed" like a lost one, so
        the page never tells whether the person referred is already our customer or lead."""
        env = request.env
        closed = env._("Closed")
        return {
            "new": env._("Submitted"),
            "qualified": env._("In progress"),
            "won": env._("Became a customer"),
            "lost": closed,
            "rejected": closed,
        }

    def _advocacy_values(self, **kw):
        """The page's values: only the fields listed in docs/SECURITY.md, read with sudo() for the
        logged-in advocate's own contact; no record is handed to the template."""
        partner = self._advocacy_partner().sudo()
        env = request.env
        statuses = self._advocacy_statuses()
        referrals = [
            {
                "date": row["date"],
                "who": row["referred_company"] or row["referred_name"] or row["referred_email"],
                "status": statuses[row["state"]],
            }
            for row in env["advocacy.referral"]
            .sudo()
            .search_read(
                [("referrer_id", "=", partner.id)],
                ["date", "referred_company", "referred_name", "referred_email", "state"],
                order="date desc, id desc",
            )
        ]
        entries = (
            env["advocacy.points.entry"]
            .sudo()
            .search_read([("partner_id", "=", partner.id)], ["date", "name", "points"], limit=LEDGER_LINES)
        )
        items = (
            env["advocacy.catalog.item"]
            .sudo()
            .search_read(
                [("company_id", "in", (False, env.company.id))],
                ["name", "points_cost", "is_stock_limited", "stock_qty", "is_available", "image_128"],
                order="sequence, points_cost, id",
            )
        )
        code = partner.referral_code
        tier = partner.advocacy_tier_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "advocacy",
                "points": {
                    "balance": partner.advocacy_points_balance,
                    "lifetime": partner.advocacy_points_lifetime,
                },
                "referral_code": code,
                "share_url": f"{partner.get_base_url()}/advocacy/r/{code}" if code else False,
                "referrals": referrals,
                "entries": entries,
                "items": items,
                "tier": tier and {"name": tier.name, "benefits": tier.benefits},
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
