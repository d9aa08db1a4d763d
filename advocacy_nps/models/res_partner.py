from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError, UserError

from .nps_response import CATEGORIES, ROLES

TRENDS = [("up", "Improving"), ("stable", "Stable"), ("down", "Declining"), ("new", "First answer")]


# NPS data on contacts is for the advocacy team only: a field of another group is left out of reads,
# searches, exports and views of everyone else (portal users and employees outside the program).
NPS_GROUP = "advocacy_program.group_advocacy_user"
# The stored latest answer, kept by the answers' service (``_nps_refresh_last``) in one UPDATE per batch.
NPS_LAST_SERVICE = "advocacy_nps_last_answer_service"
NPS_LAST_FIELDS = ("nps_last_band", "nps_last_score", "nps_last_date")


class ResPartner(models.Model):
    _inherit = "res.partner"

    nps_role = fields.Selection(
        ROLES,
        string="NPS Role",
        groups=NPS_GROUP,
        help="Surveyed as a decision maker or as a daily user of the product.",
    )
    nps_response_ids = fields.One2many(
        "advocacy.nps.response", "partner_id", string="NPS Responses", groups=NPS_GROUP
    )
    nps_response_count = fields.Integer(compute="_compute_nps_latest", string="NPS Answers", groups=NPS_GROUP)
    nps_latest_score = fields.Integer(
        compute="_compute_nps_latest", string="Latest NPS Score", groups=NPS_GROUP
    )
    nps_latest_category = fields.Selection(
        CATEGORIES, compute="_compute_nps_latest", string="Latest NPS Band", groups=NPS_GROUP
    )
    nps_latest_date = fields.Date(compute="_compute_nps_latest", string="Latest NPS Date", groups=NPS_GROUP)
    nps_trend = fields.Selection(
        TRENDS,
        compute="_compute_nps_latest",
        string="NPS Trend",
        groups=NPS_GROUP,
        help="The latest score against the one before.",
    )
    # Stored copies of the latest answer (a company: of any of its contacts), whatever the company that
    # asked, so that lists sort, group and filter by them. Kept by the answers' service, refused to
    # anybody else (computed stored fields: Odoo's contact merge leaves them to that service too).
    nps_last_band = fields.Selection(
        CATEGORIES,
        compute="_compute_nps_last",
        store=True,
        readonly=True,
        index="btree_not_null",
        string="NPS Band",
        groups=NPS_GROUP,
        help="Band of the latest NPS answer of this contact; for a company, of any of its contacts.",
    )
    nps_last_score = fields.Integer(
        compute="_compute_nps_last", store=True, readonly=True, string="Last NPS Score", groups=NPS_GROUP
    )
    nps_last_date = fields.Date(
        compute="_compute_nps_last", store=True, readonly=True, string="Last NPS Answer", groups=NPS_GROUP
    )
    nps_company_score = fields.Float(
        compute="_compute_nps_company",
        string="Company NPS (12 months)",
        digits=(16, 1),
        groups=NPS_GROUP,
        help="%promoters - %detractors of every contact of the company over the last twelve months.",
    )
    nps_company_previous = fields.Float(
        compute="_compute_nps_company",
        string="Company NPS (previous 12 months)",
        digits=(16, 1),
        groups=NPS_GROUP,
    )
    nps_company_count = fields.Integer(
        compute="_compute_nps_company", string="Company NPS Answers", groups=NPS_GROUP
    )
    nps_company_trend = fields.Selection(
        TRENDS, compute="_compute_nps_company", string="Company NPS Trend", groups=NPS_GROUP
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._nps_check_last_fields([name for name in NPS_LAST_FIELDS if vals.get(name)])
        return super().create(vals_list)

    def write(self, vals):
        self._nps_check_last_fields([name for name in NPS_LAST_FIELDS if name in vals])
        moved = self if {"parent_id", "is_company"}.intersection(vals) else self.browse()
        before = moved.commercial_partner_id.ids
        result = super().write(vals)
        if moved:
            # a contact joining or leaving a company moves its answers in the companies' roll-up
            self._nps_refresh_last([*before, *moved.ids])
        return result

    def _nps_check_last_fields(self, names):
        if names and not service_guard.is_service(self, NPS_LAST_SERVICE):
            raise AccessError(
                self.env._(
                    "%(fields)s of a contact are kept by the NPS answers and cannot be set directly.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in names),
                )
            )

    def _nps_account_manager(self):
        """The user who follows this contact's answers up (advocacy_program's account manager)."""
        self.ensure_one()
        return self._advocacy_account_manager()

    def action_nps_ask_referral(self):
        """'Ask for a referral': a "promoter" advocacy moment (and its ask activity for the account
        manager) for each selected contact whose latest answer is a promoter's, in one batch; the
        moment service skips do-not-ask, opted-out and recently asked contacts."""
        if not self.env.user.has_group(NPS_GROUP):
            raise AccessError(self.env._("Only advocacy users can ask contacts for a referral."))
        self.check_access("read")
        self.env["advocacy.moment"].check_access("create")
        promoters = self.filtered(lambda p: p.nps_last_band == "promoter")
        moments = self.env["advocacy.moment"]._trigger(
            promoters, "promoter", note=self.env._("Asked for a referral from the promoters list.")
        )
        message = self.env._(
            "%(asked)s promoters to ask for a referral (an activity for their account manager); "
            "%(skipped)s skipped (not a promoter, do not ask, or asked recently).",
            asked=len(moments),
            skipped=len(self) - len(moments),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if moments else "warning",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_nps_responses(self):
        self.ensure_one()
        self.check_access("read")
        self.env["advocacy.nps.response"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_nps.action_nps_response")
        if self.is_company:
            action["domain"] = [("commercial_partner_id", "=", self.id)]
        else:
            action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "default_channel": "phone"}
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_except_nps_answers(self):
        """A contact's NPS and CSAT answers are history the company keeps (its NPS of past periods
        would change): such a contact is archived, not deleted. Merging contacts moves the answers
        to the kept contact first, so Odoo's merge still works."""
        for model in ("advocacy.nps.response", "advocacy.csat.response"):
            answered = self.env[model].sudo()._read_group([("partner_id", "in", self.ids)], ["partner_id"])
            if answered:
                raise UserError(
                    self.env._(
                        "%(contacts)s cannot be deleted: NPS or satisfaction answers were recorded for "
                        "them, and deleting the contact would delete that history. Archive the contact "
                        "instead.",
                        contacts=", ".join(partner.display_name for (partner,) in answered[:5]),
                    )
                )
