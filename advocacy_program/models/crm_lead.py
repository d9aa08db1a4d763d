from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import attribution
from .referral import OPEN_STATES


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

    def _inverse_referrer_id(self):
        """Setting the advocate records a referral. Changing or clearing it rejects the lead's open
        referral with the reason (so rewards still in their holding period are reversed) and, for a
        change, records a new referral for the new advocate. A won or lost referral stays as it is."""
        self._advocacy_check_referral_rights()
        # read the new advocates first: unlinking a referral recomputes referrer_id
        targets = {lead.id: lead.referrer_id for lead in self}
        missing = [str(p.id) for p in targets.values() if p and not p.sudo().exists()]
        if missing:
            raise ValidationError(self.env._("No contact has the id %s.", ", ".join(missing)))
        replaced = self.env["advocacy.referral"].sudo()
        to_create = self.browse()
        for lead in self:
            referral = lead.referral_id.sudo()
            if referral.referrer_id == targets[lead.id]:
                continue
            if referral.state in ("won", "lost"):
                state = dict(referral._fields["state"]._description_selection(self.env))[referral.state]
                raise UserError(
                    self.env._(
                        "The referral %(referral)s of %(lead)s is %(state)s: its advocate can no longer "
                        "be changed from the opportunity. Reopen the opportunity first.",
                        referral=referral.name,
                        lead=lead.display_name,
                        state=state,
                    )
                )
            if referral:
                replaced |= referral
            if targets[lead.id]:
                to_create |= lead
        if replaced:
            to_reject = replaced.filtered(lambda r: r.state != "rejected")
            for referral in to_reject:
                referral.rejection_reason = self.env._(
                    "%(user)s removed or replaced the referring advocate on %(lead)s.",
                    user=self.env.user.name,
                    lead=referral.lead_id.display_name,
                )
            replaced.lead_ids.write({"referral_id": False})
            to_reject._advocacy_service().write({"state": "rejected", "rejection_type": "other"})
        if to_create:
            referrals = (
                self.env["advocacy.referral"]
                .sudo()
                .create([lead._advocacy_referral_values(targets[lead.id], "rep") for lead in to_create])
            )
            for lead, referral in zip(to_create, referrals, strict=True):
                lead.referral_id = referral

    # ------------------------------------------------------------------ helpers
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

    def _advocacy_is_won(self):
        """An opportunity won in the CRM (False for no lead)."""
        return bool(self) and self._advocacy_outcome() == "won"

    def _advocacy_outcome(self):
        self.ensure_one()
        if not self.active:
            return "lost"
        return "won" if self.stage_id.is_won else "open"

    def _advocacy_referral_values(self, referrer, channel, vals=None):
        """Values of the referral a lead (or the values of a lead about to be created) produce."""
        vals = (
            vals
            if vals is not None
            else {
                "contact_name": self.contact_name,
                "partner_name": self.partner_name,
                "email_from": self.email_from,
                "phone": self.phone,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id,
                "company_id": self.company_id.id,
                "type": self.type,
                "advocacy_campaign_id": self.advocacy_campaign_id.id,
            }
        )
        values = {
            "referrer_id": referrer.id,
            "channel": channel,
            "referred_name": vals.get("contact_name") or False,
            "referred_company": vals.get("partner_name") or False,
            "referred_email": vals.get("email_from") or False,
            "referred_phone": vals.get("phone") or vals.get("mobile") or False,
            "partner_id": vals.get("partner_id") or False,
            "user_id": vals.get("user_id") or referrer._advocacy_account_manager().id or self.env.user.id,
            "company_id": vals.get("company_id") or self.env.company.id,
            "campaign_id": vals.get("advocacy_campaign_id") or False,
        }
        if self:
            values["lead_id"] = self.id
        return values

    # ------------------------------------------------------------------ create / write
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("referral_id") or vals.get("referrer_id") for vals in vals_list):
            self._advocacy_check_referral_rights()
            self._advocacy_check_referral_ids([vals.get("referral_id") for vals in vals_list])
        # resolve every code of the batch in one query
        codes = set()
        for vals in vals_list:
            if vals.get("referral_code"):
                vals["referral_code"] = attribution.normalize_code(vals["referral_code"]) or False
                if vals["referral_code"] and not vals.get("referral_id"):
                    codes.add(vals["referral_code"])
        advocates = {}
        if codes:
            partners = (
                self.env["res.partner"]
                .sudo()
                .search_fetch(
                    [("referral_code", "in", list(codes)), ("advocate_state", "!=", "opted_out")],
                    [
                        "referral_code",
                        "commercial_partner_id",
                        "account_manager_id",
                        "user_id",
                        "email",
                        "name",
                    ],
                )
            )
            advocates = {p.referral_code: p for p in partners}
        attributed, referral_vals = [], []
        for index, vals in enumerate(vals_list):
            advocate = advocates.get(vals.get("referral_code")) if not vals.get("referral_id") else None
            if advocate:
                attributed.append(index)
                referral_vals.append(self._advocacy_referral_values(advocate, "code", vals))
        if referral_vals:
            # bulk path (imports, forms): no chatter bookkeeping on the referrals themselves; each
            # referral is reachable through its lead, created right below
            referrals = (
                self.env["advocacy.referral"]
                ._advocacy_service()
                .with_context(tracking_disable=True, advocacy_lead_pending=True)
                .create(referral_vals)
            )
            for index, referral in zip(attributed, referrals, strict=False):
                vals_list[index]["referral_id"] = referral.id
        leads = super().create(vals_list)
        unknown = leads.filtered(lambda lead: lead.referral_code and not lead.referral_id)
        for lead in unknown:
            lead._advocacy_note_unknown_code()
        leads._advocacy_journey_try()
        return leads

    def _advocacy_journey_try(self):
        """An opportunity: its customer tries us (journey stage)."""
        opportunities = self.sudo().filtered(lambda lead: lead.type == "opportunity" and lead.partner_id)
        opportunities.partner_id._advocacy_with_company()._advocacy_advance_journey("try")

    def _advocacy_note_unknown_code(self):
        self.ensure_one()
        self.message_post(
            body=Markup("%s")
            % self.env._(
                "Referral code %(code)s is unknown or was revoked: the lead is kept without attribution.",
                code=self.referral_code,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

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

    def _advocacy_attribute_code(self):
        """Attribute existing leads whose code was typed after creation."""
        codes = set(self.mapped("referral_code")) - {False, ""}
        partners = (
            self.env["res.partner"]
            .sudo()
            .search([("referral_code", "in", list(codes)), ("advocate_state", "!=", "opted_out")])
        )
        advocates = {p.referral_code: p for p in partners}
        for lead in self:
            advocate = advocates.get(lead.referral_code)
            if not advocate:
                lead._advocacy_note_unknown_code()
                continue
            referral = (
                self.env["advocacy.referral"].sudo().create(lead._advocacy_referral_values(advocate, "code"))
            )
            lead.referral_id = referral

    def _advocacy_sync_referrals(self, before):
        """Winning, losing or restoring the opportunity moves its referral."""
        moves = {}
        for lead in self.filtered("referral_id"):
            referral = lead.referral_id.sudo()
            old_outcome, old_type = before.get(lead.id, ("open", lead.type))
            outcome = lead._advocacy_outcome()
            target = None
            if referral.state == "rejected":
                continue
            if outcome != old_outcome:
                if outcome == "won" and referral.state != "won":
                    target = "won"
                elif outcome == "lost" and referral.state != "lost":
                    target = "lost"
                elif outcome == "open" and referral.state in ("won", "lost"):
                    target = "qualified" if lead.type == "opportunity" else "new"
            elif old_type == "lead" and lead.type == "opportunity" and referral.state == "new":
                target = "qualified"
            if target:
                moves.setdefault(target, self.env["advocacy.referral"].sudo())
                moves[target] |= referral
        for target, referrals in moves.items():
            referrals._advocacy_service().write({"state": target})

    # ------------------------------------------------------------------ merge
    def _merge_opportunity(self, user_id=False, team_id=False, auto_unlink=True, max_length=5):
        """Merging leads keeps one referral (the kept lead's, else the first of the merged ones by
        Odoo's merge order); the other open referrals are rejected as duplicates so they stop counting."""
        referrals = self._sort_by_confidence_level(reverse=True).sudo().referral_id
        head = super()._merge_opportunity(
            user_id=user_id, team_id=team_id, auto_unlink=auto_unlink, max_length=max_length
        )
        head._advocacy_merge_referrals(referrals)
        return head

    def _advocacy_merge_referrals(self, referrals):
        self.ensure_one()
        lead = self.sudo()
        kept = lead.referral_id or referrals[:1]
        if kept and lead.referral_id != kept:
            lead.write({"referral_id": kept.id})
        dropped = (referrals - kept).filtered(lambda r: r.state in OPEN_STATES)
        for referral in dropped:
            referral.rejection_reason = self.env._(
                "Duplicate: its lead was merged into %(lead)s, which keeps referral %(kept)s.",
                lead=lead.display_name,
                kept=kept.name,
            )
        dropped._advocacy_service().write({"state": "rejected", "rejection_type": "duplicate_lead"})

    # ------------------------------------------------------------------ actions
    def action_view_advocacy_referral(self):
        self.ensure_one()
        self.referral_id.check_access("read")
        return self.referral_id.get_formview_action()
