from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize

LEDGER_LINES = 50
REFERRAL_LINES = 20  # referrals per page: an active advocate has hundreds
REWARD_LINES = 20
TIMELINE_LINES = 10


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
        referrals, pager, latest = self._advocacy_referral_rows(partner, kw.get("page") or 1)
        entries = (
            env["advocacy.points.entry"]
            .sudo()
            .search_read([("partner_id", "=", partner.id)], ["date", "name", "points"], limit=LEDGER_LINES)
        )
        tier = partner.advocacy_tier_id
        rewards = self._advocacy_rewards(partner)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "advocacy",
                "points": {
                    "balance": partner.advocacy_points_balance,
                    "lifetime": partner.advocacy_points_lifetime,
                },
                "referral_code": partner.referral_code,
                "share_url": partner.referral_share_url,
                "referrals": referrals,
                "pager": pager,
                "entries": entries,
                "items": self._advocacy_catalog_items(),
                "tier": tier and {"name": tier.name, "benefits": tier.benefits},
                "tier_progress": self._advocacy_tier_progress(partner),
                "kit": partner._advocacy_share_kit(),
                "rewards": rewards,
                "timeline": self._advocacy_timeline(latest, entries, rewards),
                "message": kw.get("message"),
                "error": kw.get("error"),
            }
        )
        return values

    def _advocacy_referral_rows(self, partner, page):
        """(the page's referrals, their pager, the latest referrals for the timeline), each a dict of
        date, who and the status the advocate may see."""
        statuses = self._advocacy_statuses()
        Referral = request.env["advocacy.referral"].sudo()
        domain = [("referrer_id", "=", partner.id)]
        pager = portal_pager(
            url="/my/advocacy",
            total=Referral.search_count(domain),
            page=page,
            step=REFERRAL_LINES,
        )

        def referral_rows(offset, limit):
            return [
                {
                    "date": row["date"],
                    "who": row["referred_company"] or row["referred_name"] or row["referred_email"],
                    "status": statuses[row["state"]],
                }
                for row in Referral.search_read(
                    domain,
                    ["date", "referred_company", "referred_name", "referred_email", "state"],
                    order="date desc, id desc",
                    offset=offset,
                    limit=limit,
                )
            ]

        referrals = referral_rows(pager["offset"], REFERRAL_LINES)
        latest = referrals if pager["offset"] == 0 else referral_rows(0, TIMELINE_LINES)
        return referrals, pager, latest

    def _advocacy_catalog_items(self):
        """The catalogue of the current company (and the shared items), as dicts."""
        env = request.env
        return (
            env["advocacy.catalog.item"]
            .sudo()
            .search_read(
                [("company_id", "in", (False, env.company.id))],
                ["name", "points_cost", "is_stock_limited", "stock_qty", "is_available", "image_128"],
                order="sequence, points_cost, id",
            )
        )

    def _advocacy_tier_progress(self, partner):
        """{'tier', 'missing', 'percent', 'text'} towards the next tier, from the metric of that
        tier's basis (the tier recomputation's own), or False at the top."""
        env = request.env
        current = partner.advocacy_tier_id
        next_tier = (
            env["advocacy.tier"]
            .sudo()
            .search(
                [
                    ("company_id", "in", (False, (partner.company_id or env.company).id)),
                    ("sequence", ">", current.sequence if current else -1),
                ],
                order="sequence, id",
                limit=1,
            )
        )
        if not next_tier:
            return False
        if next_tier.basis == "points":
            have = partner.advocacy_points_lifetime
        else:
            won = (
                env["advocacy.referral"]
                .sudo()
                ._read_group(
                    [("referrer_id", "=", partner.id), ("state", "=", "won")], [], ["__count", "revenue:sum"]
                )[0]
            )
            have = won[0] if next_tier.basis == "referrals" else won[1] or 0.0
        missing = max(next_tier.threshold - have, 0)
        if next_tier.basis == "points":
            text = env._("%(count)s more points to %(tier)s", count=int(missing), tier=next_tier.name)
        elif next_tier.basis == "referrals":
            text = env._("%(count)s more won referrals to %(tier)s", count=int(missing), tier=next_tier.name)
        else:
            text = env._(
                "%(amount)s more referred revenue to %(tier)s",
                amount=env.company.currency_id.format(missing),
                tier=next_tier.name,
            )
        percent = 100 if not next_tier.threshold else min(int(100 * have / next_tier.threshold), 100)
        return {"tier": next_tier.name, "missing": missing, "percent": percent, "text": text}

    def _advocacy_rewards(self, partner):
        """The advocate's last rewards: date, what earned it, status, points or amount."""
        Reward = request.env["advocacy.reward"].sudo()
        states = dict(Reward._fields["state"]._description_selection(request.env))
        rows = Reward.search(
            [("partner_id", "=", partner.id)], order="date desc, id desc", limit=REWARD_LINES
        )
        return [
            {
                "date": reward.date,
                "name": reward.rule_id.name,
                "state": reward.state,
                "status": states[reward.state],
                "value": reward.currency_id.format(reward.amount)
                if reward.amount
                else request.env._("%s points", reward.points),
            }
            for reward in rows
        ]

    def _advocacy_timeline(self, referrals, entries, rewards):
        """The recent activity: referrals, points and rewards, newest first (dicts already listed)."""
        env = request.env
        events = [
            {
                "date": r["date"],
                "icon": "fa-user-plus",
                "text": env._("You referred %s", r["who"]),
                "status": r["status"],
            }
            for r in referrals[:TIMELINE_LINES]
        ]
        events += [
            {
                "date": e["date"],
                "icon": "fa-star",
                "text": e["name"],
                "status": env._("%s points", e["points"]),
            }
            for e in entries[:TIMELINE_LINES]
        ]
        events += [
            {"date": w["date"], "icon": "fa-gift", "text": w["name"], "status": w["status"]}
            for w in rewards[:TIMELINE_LINES]
        ]
        events.sort(key=lambda event: str(event["date"] or ""), reverse=True)
        return events[:TIMELINE_LINES]

    @http.route(["/my/advocacy", "/my/advocacy/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_advocacy(self, page=1, **kw):
        return request.render("advocacy_rewards.portal_my_advocacy", self._advocacy_values(page=page, **kw))

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
