from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # kept by the points ledger in the same transaction as its entries (advocacy.points.entry)
    advocacy_points_balance = fields.Integer("Points balance", readonly=True, copy=False, default=0)
    advocacy_points_lifetime = fields.Integer(
        "Lifetime points",
        readonly=True,
        copy=False,
        default=0,
        help="Every point ever earned (spent or not).",
    )
    advocacy_tier_id = fields.Many2one(
        "advocacy.tier",
        "Advocate tier",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    advocacy_tier_since = fields.Date("Tier since", readonly=True, copy=False)
    advocacy_tier_grace_until = fields.Date(
        "Tier grace until", readonly=True, copy=False, help="The advocate keeps the tier until this date."
    )
    advocacy_reward_count = fields.Integer("Rewards", compute="_compute_advocacy_reward_count")

    def _compute_advocacy_reward_count(self):
        counts = dict(
            self.env["advocacy.reward"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.advocacy_reward_count = counts.get(partner, 0)

    def action_view_advocacy_rewards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_rewards.action_advocacy_reward")
        action["domain"] = [("partner_id", "=", self.id)]
        return action

    def action_view_advocacy_points(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advocacy_rewards.action_advocacy_points_entry"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_recompute_advocacy_tier(self):
        self.env["advocacy.tier"]._recompute_tiers(partner_ids=self.ids)
        return True
