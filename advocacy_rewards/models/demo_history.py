from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL

# (state, revenue) of the three referrals made each month, in turn
HISTORY = [
    ("won", 18000.0),
    ("lost", 0.0),
    ("won", 6500.0),
    ("qualified", 0.0),
    ("won", 32000.0),
    ("new", 0.0),
]


class AdvocacyRewardRuleDemo(models.Model):
    _inherit = "advocacy.reward.rule"

    @api.model
    def _demo_advocacy_history(self, months=18):
        """Demo data only (called by demo/advocacy_rewards_demo.xml): three referrals a month over the last
        ``months`` months by the demo advocates, half of them won, spread over the demo campaigns; the rules
        reward them and the rewards, their points and their holding periods are dated when their referral
        was won, so the leaderboard, the campaign ROI and the Advocacy dashboard show a living history."""
        advocates = self.env["res.partner"].search(
            [("advocate_state", "in", ("active", "champion"))], order="id"
        )
        Referral = self.env["advocacy.referral"]
        if not advocates or Referral.search_count(
            [("referred_company", "=like", "Northwind Branch %")], limit=1
        ):
            return  # no demo advocates, or the history is there already (the module is being updated)
        campaigns = self.env["advocacy.campaign"].search([], order="id")
        today = fields.Date.context_today(self)
        plans = []
        for month in range(months, 0, -1):
            for slot in range(3):
                n = month * 3 + slot
                submitted = today - relativedelta(months=month, days=-(slot * 7 + 2))
                state, revenue = HISTORY[n % len(HISTORY)]
                plans.append(
                    (n, submitted, state, revenue * (1 + (n % 4) / 4), advocates[n % len(advocates)])
                )
        referrals = Referral.create(
            [
                {
                    "referrer_id": advocate.id,
                    "referred_name": f"Buyer {n}",
                    "referred_company": f"Northwind Branch {n}",
                    "referred_email": f"buyer{n}@northwind-branch{n}.example",
                    "date": submitted,
                    # two referrals in three come from a campaign
                    "campaign_id": campaigns[n % len(campaigns)].id if campaigns and n % 3 else False,
                }
                for n, submitted, _state, _revenue, advocate in plans
            ]
        )
        product = self.env["product.product"].create(
            {"name": "Advocacy demo subscription", "list_price": 1000}
        )
        for referral, (_n, submitted, state, revenue, _advocate) in zip(referrals, plans, strict=True):
            closed = min(submitted + relativedelta(days=21), today)
            if state == "won":
                self._demo_order(referral, product, revenue, closed)
            vals = {"state": state}
            if state in ("won", "lost"):
                vals.update(closed_date=closed, won_date=closed if state == "won" else False)
            referral._advocacy_service().write(vals)
        self.search([])._evaluate()
        self._demo_date_rewards(referrals)

    def _demo_order(self, referral, product, revenue, day):
        """The referred company as a customer, with a confirmed order of ``revenue`` dated ``day``."""
        customer = self.env["res.partner"].create(
            {"name": referral.referred_company, "email": referral.referred_email, "is_company": True}
        )
        referral.partner_id = customer
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "referral_id": referral.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": revenue})
                ],
            }
        )
        order.action_confirm()
        order.date_order = fields.Datetime.to_datetime(day)

    def _demo_date_rewards(self, referrals):
        """The rewards of the demo referrals dated when the referral was won (or submitted), their holding
        periods and points entries following."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE advocacy_reward w
                   SET date = COALESCE(r.won_date, r.date),
                       hold_until = COALESCE(r.won_date, r.date) + COALESCE(rule.holding_days, 0)
                  FROM advocacy_referral r, advocacy_reward_rule rule
                 WHERE w.referral_id = r.id AND rule.id = w.rule_id AND r.id IN %s
                """,
                tuple(referrals.ids),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE advocacy_points_entry e
                   SET date = w.date
                  FROM advocacy_reward w
                 WHERE e.reward_id = w.id AND w.referral_id IN %s
                """,
                tuple(referrals.ids),
            )
        )
        self.env.invalidate_all()
        # finance paid the money rewards whose holding period is over (the recent ones are still to pay)
        paid = self.env["advocacy.reward"].search(
            [
                ("referral_id", "in", referrals.ids),
                ("state", "=", "approved"),
                ("reward_type", "in", ("cash", "credit")),
                ("hold_until", "<", fields.Date.context_today(self)),
            ]
        )
        for reward in paid:
            reward._workflow_write(
                {"state": "fulfilled", "fulfilled_date": fields.Datetime.to_datetime(reward.hold_until)}
            )
