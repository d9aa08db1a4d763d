from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import nps_math
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

    # ------------------------------------------------------------------ stored latest answer
    @api.model
    def _nps_last_query(self, partner_ids):
        """SQL of (partner id, band, score, date) of the latest answer of each partner of the SQL set
        ``partner_ids``: its own answers for a contact, any of its contacts' for a commercial entity."""
        return SQL(
            """SELECT t.id, last.category, last.score, last.date
                 FROM res_partner t
            LEFT JOIN LATERAL (
                   SELECT r.id, r.category, r.score, r.date FROM advocacy_nps_response r
                    WHERE t.commercial_partner_id IS DISTINCT FROM t.id AND r.partner_id = t.id
                UNION ALL
                   SELECT r.id, r.category, r.score, r.date FROM advocacy_nps_response r
                    WHERE t.commercial_partner_id = t.id AND r.commercial_partner_id = t.id
                 ORDER BY date DESC, id DESC LIMIT 1
                  ) last ON TRUE
                WHERE t.id IN (%s)""",
            partner_ids,
        )

    def _compute_nps_last(self):
        # on install (column created) and for new contacts; afterwards the answers' service keeps them
        found = {}
        ids = [pid for pid in self.ids if pid]
        if ids:
            self.env["advocacy.nps.response"].flush_model(["partner_id", "commercial_partner_id", "date"])
            self.env.cr.execute(self._nps_last_query(SQL("SELECT unnest(%s::int[])", ids)))
            found = {pid: (band, score, date) for pid, band, score, date in self.env.cr.fetchall()}
        for partner in self:
            band, score, date = found.get(partner.id) or (False, 0, False)
            partner.nps_last_band = band or False
            partner.nps_last_score = score or 0
            partner.nps_last_date = date or False

    @api.model
    def _nps_refresh_last(self, partner_ids):
        """The answers' service: brings the stored latest answer of ``partner_ids`` and of their
        commercial entities up to date in one UPDATE (only the rows that change are written)."""
        partner_ids = [pid for pid in set(partner_ids) if pid]
        if not partner_ids:
            return
        self.env["advocacy.nps.response"].flush_model(
            ["partner_id", "commercial_partner_id", "date", "score", "category"]
        )
        self.flush_model(["commercial_partner_id", "parent_id"])
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p
                      SET nps_last_band = l.category, nps_last_score = COALESCE(l.score, 0),
                          nps_last_date = l.date
                     FROM (%s) AS l (id, category, score, date)
                    WHERE p.id = l.id
                      AND (p.nps_last_band, COALESCE(p.nps_last_score, 0), p.nps_last_date)
                          IS DISTINCT FROM (l.category, COALESCE(l.score, 0), l.date)""",
                self._nps_last_query(
                    SQL(
                        "SELECT id FROM res_partner WHERE id = ANY(%(ids)s) "
                        "UNION SELECT commercial_partner_id FROM res_partner WHERE id = ANY(%(ids)s)",
                        ids=partner_ids,
                    )
                ),
            )
        )
        self.invalidate_model(list(NPS_LAST_FIELDS))

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

    def _nps_readable_responses(self, domain):
        """The query of the answers matching `domain` that the reader may see: their record rules
        and, even as superuser, only the companies of `self.env.companies` (a contact shared between
        companies shows each company its own answers). None when they may read no answer at all."""
        Response = self.env["advocacy.nps.response"]
        if not Response.has_access("read"):
            return None
        return Response._search([*domain, ("company_id", "in", self.env.companies.ids)])

    @api.depends("nps_response_ids.score", "nps_response_ids.date")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_nps_latest(self):
        latest = {}
        readable = self._nps_readable_responses([("partner_id", "in", self.ids)]) if self.ids else None
        if readable is not None:
            self.env["advocacy.nps.response"].flush_model(["partner_id", "score", "category", "date"])
            # the two latest answers of each contact, one query for the batch
            self.env.cr.execute(
                SQL(
                    """SELECT partner_id, score, category, date, rank, total FROM (
                       SELECT partner_id, score, category, date,
                              ROW_NUMBER() OVER (PARTITION BY partner_id ORDER BY date DESC, id DESC) AS rank,
                              COUNT(*) OVER (PARTITION BY partner_id) AS total
                         FROM advocacy_nps_response WHERE id IN %s) t
                    WHERE rank <= 2""",
                    readable.subselect(),
                )
            )
            for partner_id, score, category, date, rank, total in self.env.cr.fetchall():
                latest.setdefault(partner_id, {})[rank] = (score, category, date, total)
        for partner in self:
            rows = latest.get(partner.id) if partner.id else None
            if not rows:
                partner.update(
                    {
                        "nps_response_count": 0,
                        "nps_latest_score": 0,
                        "nps_latest_category": False,
                        "nps_latest_date": False,
                        "nps_trend": False,
                    }
                )
                continue
            score, category, date, total = rows[1]
            trend = "new"
            if 2 in rows:
                previous = rows[2][0]
                trend = "up" if score > previous else "down" if score < previous else "stable"
            partner.update(
                {
                    "nps_response_count": total,
                    "nps_latest_score": score,
                    "nps_latest_category": category,
                    "nps_latest_date": date,
                    "nps_trend": trend,
                }
            )

    @api.depends("nps_response_ids.score", "child_ids.nps_response_ids.score", "commercial_partner_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_nps_company(self):
        self.env["advocacy.nps.response"].flush_model(["commercial_partner_id", "category", "date"])
        today = fields.Date.context_today(self)
        year_ago, two_years_ago = today - relativedelta(years=1), today - relativedelta(years=2)
        commercial_ids = list(set(self.commercial_partner_id.ids))
        readable = (
            self._nps_readable_responses(
                [("commercial_partner_id", "in", commercial_ids), ("date", ">", two_years_ago)]
            )
            if commercial_ids
            else None
        )
        counts = {}
        if readable is not None:
            self.env.cr.execute(
                SQL(
                    """SELECT commercial_partner_id, date > %(year_ago)s AS recent, category, COUNT(*)
                     FROM advocacy_nps_response
                    WHERE id IN %(readable)s
                 GROUP BY 1, 2, 3""",
                    readable=readable.subselect(),
                    year_ago=year_ago,
                )
            )
            for commercial_id, recent, category, count in self.env.cr.fetchall():
                counts.setdefault((commercial_id, recent), {})[category] = count
        for partner in self:
            key = partner.commercial_partner_id.id
            now = counts.get((key, True), {})
            before = counts.get((key, False), {})
            now_t = (now.get("promoter", 0), now.get("passive", 0), now.get("detractor", 0))
            before_t = (before.get("promoter", 0), before.get("passive", 0), before.get("detractor", 0))
            score, previous = nps_math.nps(*now_t), nps_math.nps(*before_t)
            trend = False
            if score is not None:
                change = nps_math.change_significance(now_t, before_t)
                if change is None:
                    trend = "new"
                elif change["significant"]:
                    trend = "up" if change["change"] > 0 else "down"
                else:
                    trend = "stable"
            partner.nps_company_score = score or 0.0
            partner.nps_company_previous = previous or 0.0
            partner.nps_company_count = sum(now_t)
            partner.nps_company_trend = trend

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
