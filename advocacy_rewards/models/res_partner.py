from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError

from .advocacy_notification import REWARD_EVENTS

# kept by the points ledger (advocacy.points.entry) and by the tier recomputation (advocacy.tier): no door
# writes them, whatever the caller's rights (see service_guard)
LEDGER_FIELDS = frozenset({"advocacy_points_balance", "advocacy_points_lifetime"})
TIER_FIELDS = frozenset({"advocacy_tier_id", "advocacy_tier_since", "advocacy_tier_grace_until"})
DERIVED_FIELDS = LEDGER_FIELDS | TIER_FIELDS
ADVOCACY_TEAM = "advocacy_program.group_advocacy_user"
# Odoo's contact merge copies every stored field onto the kept contact; with this key the derived ones are
# left out of that write (the merge rebuilds them from the merged ledger). It only removes values, so a
# caller setting it gains nothing.
MERGE_SKIP_DERIVED = "advocacy_rewards_merge_skip_derived"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # kept by the points ledger in the same transaction as its entries (advocacy.points.entry), and by the
    # tier recomputation; the advocacy team sees them (the advocate, on the portal page)
    advocacy_points_balance = fields.Integer(
        "Points balance", readonly=True, copy=False, default=0, groups=ADVOCACY_TEAM
    )
    advocacy_points_lifetime = fields.Integer(
        "Lifetime points",
        readonly=True,
        copy=False,
        default=0,
        groups=ADVOCACY_TEAM,
        help="Every point ever earned (spent or not).",
    )
    advocacy_tier_id = fields.Many2one(
        "advocacy.tier",
        "Advocate tier",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups=ADVOCACY_TEAM,
    )
    advocacy_tier_since = fields.Date("Tier since", readonly=True, copy=False, groups=ADVOCACY_TEAM)
    advocacy_tier_grace_until = fields.Date(
        "Tier grace until",
        readonly=True,
        copy=False,
        groups=ADVOCACY_TEAM,
        help="The advocate keeps the tier until this date.",
    )
    advocacy_reward_count = fields.Integer(
        "Rewards", compute="_compute_advocacy_reward_count", groups=ADVOCACY_TEAM
    )

    def _compute_advocacy_reward_count(self):
        counts = dict(
            self.env["advocacy.reward"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.advocacy_reward_count = counts.get(partner, 0)

    # ------------------------------------------------------------------ derived fields
    def _advocacy_check_derived(self, fnames):
        refused = service_guard.refused_fields(
            self, fnames, LEDGER_FIELDS, service_guard.LEDGER
        ) or service_guard.refused_fields(self, fnames, TIER_FIELDS, service_guard.TIER)
        if refused:
            raise AccessError(
                self.env._(
                    "%(fields)s are kept by the points ledger and the tier recomputation and cannot be "
                    "written directly: post a points adjustment, or recompute the tier.",
                    fields=refused,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a new contact has no points and no tier: a value is refused (empty ones pass, res.users sends
            # its defaults), and a default (context, ir.default) does not set them either
            self._advocacy_check_derived([fname for fname in DERIVED_FIELDS if vals.get(fname)])
            vals.update(dict.fromkeys(DERIVED_FIELDS, False))
        return super().create(vals_list)

    def write(self, vals):
        if DERIVED_FIELDS.intersection(vals):
            if self.env.context.get(MERGE_SKIP_DERIVED):
                vals = {fname: value for fname, value in vals.items() if fname not in DERIVED_FIELDS}
            else:
                self._advocacy_check_derived(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ buttons
    def _advocacy_check_group(self, group):
        if not self.env.user.has_group(group):
            raise AccessError(self.env._("You are not allowed to do this in the advocacy program."))

    def action_view_advocacy_rewards(self):
        self._advocacy_check_group("advocacy_program.group_advocacy_user")
        self.check_access("read")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_rewards.action_advocacy_reward")
        action["domain"] = [("partner_id", "=", self.id)]
        return action

    def action_view_advocacy_points(self):
        self._advocacy_check_group("advocacy_program.group_advocacy_user")
        self.check_access("read")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advocacy_rewards.action_advocacy_points_entry"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_recompute_advocacy_tier(self):
        self._advocacy_check_group("advocacy_program.group_advocacy_manager")
        self.check_access("read")
        self.env["advocacy.tier"]._recompute_tiers(partner_ids=self.ids)
        return True

    # ------------------------------------------------------------------ the advocate's pages
    def _advocacy_portal_url(self):
        return "/my/advocacy"

    @api.model
    def _advocacy_friend_offer(self, company):
        """The friend's side of a double-sided offer: the active referral rules that reward the
        referred customer (or both sides), described by their names and fixed values."""
        today = fields.Date.context_today(self)
        rules = (
            self.env["advocacy.reward.rule"]
            .sudo()
            .search(
                [
                    ("beneficiary", "in", ("referred", "both")),
                    ("trigger", "in", ("referral_submitted", "referral_qualified", "referral_won")),
                    ("company_id", "in", (False, company.id)),
                    "|",
                    ("date_start", "=", False),
                    ("date_start", "<=", today),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", today),
                ]
            )
        )
        offers = []
        for rule in rules:
            value = ""
            if rule.amount_mode == "fixed" and rule.amount_fixed:
                value = (
                    self.env._("%s points", int(rule.amount_fixed))
                    if rule.reward_type == "points"
                    else rule.currency_id.format(rule.amount_fixed)
                )
            offers.append(f"{rule.name}: {value}" if value else rule.name)
        return offers or False

    @api.model
    def _advocacy_notification_events(self):
        """The rewards events of advocacy_program's mail dispatcher."""
        return {**super()._advocacy_notification_events(), **REWARD_EVENTS}
