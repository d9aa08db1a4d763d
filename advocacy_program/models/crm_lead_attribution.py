from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError, ValidationError

from ..tools import attribution


class CrmLead(models.Model):
    """Attribution of leads to advocates: by code (created or typed later) or by the advocate set by a rep."""

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

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

    def _advocacy_advocates_by_code(self, vals_list):
        """{code: advocate} for the codes of the leads about to be created (normalised in place),
        resolved in one query for the whole batch."""
        codes = set()
        for vals in vals_list:
            if vals.get("referral_code"):
                vals["referral_code"] = attribution.normalize_code(vals["referral_code"]) or False
                if vals["referral_code"] and not vals.get("referral_id"):
                    codes.add(vals["referral_code"])
        if not codes:
            return {}
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                [("referral_code", "in", list(codes)), ("advocate_state", "!=", "opted_out")],
                ["referral_code", "commercial_partner_id", "advocacy_manager_id", "email", "name"],
            )
        )
        return {p.referral_code: p for p in partners}

    def _advocacy_referrals_from_codes(self, vals_list):
        """The referrals of the leads about to be created with a valid code, made in one batch and
        linked through ``vals_list`` (the leads' values)."""
        advocates = self._advocacy_advocates_by_code(vals_list)
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
