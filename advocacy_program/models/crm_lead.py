from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import attribution


class CrmLead(models.Model):
    _inherit = "crm.lead"

    referral_id = fields.Many2one(
        "advocacy.referral",
        index="btree_not_null",
        tracking=True,
        copy=False,
        ondelete="set null",
        help="The advocate's referral this lead comes from.",
    )
    referral_code = fields.Char(
        index="btree_not_null",
        copy=False,
        help="Code typed by the rep or posted by a form; a valid code attributes the lead to its advocate.",
    )
    referrer_id = fields.Many2one(
        "res.partner",
        string="Referring Advocate",
        compute="_compute_referrer_id",
        inverse="_inverse_referrer_id",
        search="_search_referrer_id",
        help="The advocate who referred this lead. Setting it records a referral.",
    )
    referral_state = fields.Selection(related="referral_id.state", string="Referral Status")
    advocacy_campaign_id = fields.Many2one(
        "advocacy.campaign",
        index="btree_not_null",
        tracking=True,
        copy=False,
        ondelete="set null",
        help="The advocacy campaign this lead comes from; its referral takes the same campaign.",
    )

    @api.depends("referral_id.referrer_id")
    def _compute_referrer_id(self):
        for lead in self:
            lead.referrer_id = lead.referral_id.sudo().referrer_id

    def _search_referrer_id(self, operator, value):
        return [("referral_id.referrer_id", operator, value)]

    def _advocacy_check_referral_rights(self):
        """Who referred a lead is recorded by advocacy users (and by the attribution service); a
        referral code stays open to every lead creator (web forms, integrations)."""
        if not self.env.su and not self.env.user.has_group("advocacy_program.group_advocacy_user"):
            raise AccessError(self.env._("Only advocacy users can record who referred a lead."))

    def _advocacy_check_referral_ids(self, referral_ids):
        """Linking a lead to an existing referral: it exists and the user may work on it."""
        ids = {rid for rid in referral_ids if rid}
        if not ids:
            return
        referrals = self.env["advocacy.referral"].browse(ids)
        found = referrals.sudo().exists()
        if len(found) != len(ids):
            raise ValidationError(
                self.env._("No referral has the id %s.", ", ".join(map(str, sorted(ids - set(found.ids)))))
            )
        referrals.check_access("write")

    # ------------------------------------------------------------------ create / write
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("referral_id") or vals.get("referrer_id") for vals in vals_list):
            self._advocacy_check_referral_rights()
            self._advocacy_check_referral_ids([vals.get("referral_id") for vals in vals_list])
        self._advocacy_referrals_from_codes(vals_list)
        leads = super().create(vals_list)
        unknown = leads.filtered(lambda lead: lead.referral_code and not lead.referral_id)
        for lead in unknown:
            lead._advocacy_note_unknown_code()
        leads._advocacy_journey_try()
        return leads

    def write(self, vals):
        if "referral_id" in vals:
            self._advocacy_check_referral_rights()
            self._advocacy_check_referral_ids([vals["referral_id"]])
        if vals.get("referral_code"):
            vals["referral_code"] = attribution.normalize_code(vals["referral_code"]) or False
        watch = {"active", "stage_id", "probability", "type"} & set(vals)
        before = {lead.id: (lead._advocacy_outcome(), lead.type) for lead in self} if watch else {}
        res = super().write(vals)
        if before:
            self._advocacy_sync_referrals(before)
        if vals.get("referral_code"):
            self.filtered(lambda lead: not lead.referral_id)._advocacy_attribute_code()
        if vals.get("partner_id"):
            for lead in self.filtered(lambda lead: lead.referral_id and not lead.referral_id.partner_id):
                lead.referral_id.sudo().partner_id = lead.partner_id
        if vals.get("advocacy_campaign_id") or vals.get("referral_id"):
            # a referral follows the campaign of its lead unless it already counts for one
            for lead in self.filtered(lambda lead: lead.advocacy_campaign_id and lead.referral_id):
                if not lead.referral_id.sudo().campaign_id:
                    lead.referral_id.sudo().campaign_id = lead.advocacy_campaign_id
        if "expected_revenue" in vals:
            self.referral_id.sudo().filtered(lambda r: r.state == "won")._advocacy_recompute_revenue()
        if vals.get("type") == "opportunity" or vals.get("partner_id"):
            self._advocacy_journey_try()
        return res

    # ------------------------------------------------------------------ actions
    def action_view_advocacy_referral(self):
        self.ensure_one()
        self.referral_id.check_access("read")
        return self.referral_id.get_formview_action()
