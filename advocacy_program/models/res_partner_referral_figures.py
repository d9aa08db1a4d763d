"""An advocate's referral figures per company, stored so that lists sort, group and filter by them.

Won referrals, referral revenue and the advocate score are ``company_dependent`` fields: Odoo 18 keeps
one value per company in a jsonb column and reads, searches, orders and groups by the current company's
value (``_field_to_sql``), so a user of company B never sees company A's figure of a shared contact.
They are written by their service only (``service_guard.FIGURES``):

- the referral service after a referral is created, changes state, revenue, referrer or company, or is
  deleted (models/referral_figures.py); a change of status or pyramid level of the contact itself;
- Odoo's contact merge (wizard/base_partner_merge.py), for the kept contact;
- a nightly recompute (reviews and accepted asks count in the score) and every install/upgrade.

One recompute writes every company's figures of a batch of contacts in one UPDATE, from one aggregate
query of the referrals; the score is tools/advocate_score's, like its explanation."""

# one file per concern of the models it extends
# pylint: disable=consider-merging-classes-inherited

import json
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import advocate_score
from . import service_guard
from .res_partner import FIGURES

FIGURE_FIELDS = ("referral_won_count", "referral_revenue", "advocate_score")
# Odoo's merge copies every plain field to the kept contact: the figures are recomputed instead
MERGE_SKIP_FIGURES = "advocacy_program_merge_skip_figures"
# what moves the score of the contact itself
SCORE_FIELDS = ("advocate_state", "pyramid_level")
# what moves a contact to another commercial entity (whose figures roll its referrals up)
ROLL_UP_FIELDS = ("parent_id", "is_company")
BATCH = 1000


class ResPartner(models.Model):
    _inherit = "res.partner"

    referral_won_count = fields.Integer(
        string="Won Referrals",
        company_dependent=True,
        readonly=True,
        groups=FIGURES,
        help="Referrals won in the current company (for a company: by any of its contacts).",
    )
    referral_revenue = fields.Float(
        company_dependent=True,
        readonly=True,
        digits="Product Price",
        groups=FIGURES,
        help="Revenue of the referrals of the current company, in its currency (for a company: those of "
        "any of its contacts).",
    )
    advocate_score = fields.Integer(
        company_dependent=True,
        readonly=True,
        groups=FIGURES,
        help="0-100 from status, pyramid level, referrals, wins, revenue and engagement, in the current "
        "company.",
    )
    advocate_score_explanation = fields.Text(
        string="Score Explanation", compute="_compute_advocate_score_explanation", groups=FIGURES
    )

    # ------------------------------------------------------------------ guard
    def _advocacy_check_figures(self, fnames):
        refused = service_guard.refused_fields(self, fnames, set(FIGURE_FIELDS), service_guard.FIGURES)
        if refused:
            raise AccessError(
                self.env._("%(fields)s are kept by the referrals and cannot be set directly.", fields=refused)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._advocacy_check_figures([name for name in FIGURE_FIELDS if vals.get(name)])
        partners = super().create(vals_list)
        # an advocate created with a status or a level has a score before any referral
        partners.filtered(lambda p: p.advocate_state != "none" or p.pyramid_level)._advocacy_store_figures()
        return partners

    def write(self, vals):
        if self.env.context.get(MERGE_SKIP_FIGURES):
            vals = {name: value for name, value in vals.items() if name not in FIGURE_FIELDS}
        self._advocacy_check_figures(vals)
        if not any(name in vals for name in (*SCORE_FIELDS, *ROLL_UP_FIELDS)):
            return super().write(vals)
        before = self.sudo().commercial_partner_id
        res = super().write(vals)
        # the contact's own score, and the roll-up of the company it left or joined
        (self | before | self.sudo().commercial_partner_id)._advocacy_store_figures()
        return res

    # ------------------------------------------------------------------ figures
    def _advocacy_figure_rows(self):
        """{(partner_id, company_id): (count, won, revenue)} of the referrals of every company: a
        contact counts what it referred, a commercial entity what any of its contacts referred.
        Rejected referrals do not count; one without a company counts in every company."""
        return {
            (pid, cid): (count, won, revenue)
            for pid, cid, count, won, revenue in self._advocacy_referral_counts(per_company=True)
        }

    def _advocacy_engagement(self):
        """({partner_id: good reviews}, {partner_id: accepted asks}), whatever the company."""
        ids = [pid for pid in self.ids if pid]
        if not ids:
            return {}, {}
        reviews = (
            self.env["advocacy.review"]
            .sudo()
            ._read_group([("partner_id", "in", ids), ("health", "=", "good")], ["partner_id"], ["__count"])
        )
        moments = (
            self.env["advocacy.moment"]
            .sudo()
            ._read_group([("partner_id", "in", ids), ("state", "=", "accepted")], ["partner_id"], ["__count"])
        )
        return {p.id: c for p, c in reviews}, {p.id: c for p, c in moments}

    def _advocacy_score_parts(self, stats, engagement):
        """(total, parts) of tools/advocate_score for this contact and its (count, won, revenue)."""
        self.ensure_one()
        reviews, moments = engagement
        count, won, revenue = stats
        return advocate_score.score(
            state=self.advocate_state,
            pyramid_level=self.pyramid_level,
            referral_count=count,
            won_count=won,
            revenue=revenue,
            good_reviews=reviews.get(self.id, 0),
            accepted_moments=moments.get(self.id, 0),
        )

    def _advocacy_figure_values(self, company_ids):
        """[(partner_id, won, revenue, score)] with each value a {company_id: value} JSON (None: 0
        in every company)."""
        rows = self._advocacy_figure_rows()
        engagement = self._advocacy_engagement()
        values = []
        for partner in self.sudo():
            won, revenue, score = defaultdict(int), defaultdict(float), {}
            for cid in company_ids:
                stats = rows.get((partner.id, cid), (0, 0, 0.0))
                won[cid], revenue[cid] = stats[1], stats[2]
                score[cid] = partner._advocacy_score_parts(stats, engagement)[0]
            values.append(
                tuple(
                    [partner.id]
                    + [
                        json.dumps({str(c): v for c, v in figure.items() if v})
                        if any(figure.values())
                        else None
                        for figure in (won, revenue, score)
                    ]
                )
            )
        return values

    def _advocacy_store_figures(self):
        """Recomputes and stores the figures of these contacts in every company (one UPDATE)."""
        partners = self.filtered("id")
        if not partners:
            return
        partners.flush_recordset([*SCORE_FIELDS, "commercial_partner_id"])
        company_ids = self.env["res.company"].sudo().with_context(active_test=False).search([]).ids
        rows = SQL(", ").join(
            SQL("(%s, %s::jsonb, %s::jsonb, %s::jsonb)", *row)
            for row in partners._advocacy_figure_values(company_ids)
        )
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p
                      SET referral_won_count = v.won, referral_revenue = v.revenue, advocate_score = v.score
                     FROM (VALUES %s) AS v(id, won, revenue, score)
                    WHERE p.id = v.id""",
                rows,
            )
        )
        partners.invalidate_recordset(list(FIGURE_FIELDS))

    @api.model
    def _advocacy_figure_partners(self):
        """The contacts that may have a figure: referrers, their commercial entities, advocates, and
        those holding a stored figure."""
        self.env.cr.execute(
            SQL(
                """SELECT referrer_id FROM advocacy_referral
                    UNION SELECT referrer_commercial_id FROM advocacy_referral
                          WHERE referrer_commercial_id IS NOT NULL
                    UNION SELECT id FROM res_partner
                          WHERE advocate_state != 'none' OR pyramid_level IS NOT NULL
                             OR referral_won_count IS NOT NULL OR advocate_score IS NOT NULL
                    ORDER BY 1"""
            )
        )
        return self.browse([pid for (pid,) in self.env.cr.fetchall()])

    @api.model
    def _advocacy_store_all_figures(self):
        """Every contact's figures, in batches: at install and upgrade (existing databases get their
        values)."""
        self.env["res.partner"].flush_model()
        partners = self._advocacy_figure_partners()
        for start in range(0, len(partners), BATCH):
            partners[start : start + BATCH]._advocacy_store_figures()

    @api.model
    def _cron_advocacy_store_figures(self):
        """Nightly: reviews and accepted asks of a contact without referral, or figures a database
        change left behind, are recomputed. A pure recompute (five queries per thousand contacts): a run
        killed mid-way is simply run again."""
        self._advocacy_store_all_figures()

    # ------------------------------------------------------------------ explanation
    def _compute_advocate_score_explanation(self):
        """The stored score's reasons in the current company, from the same figures."""
        rows = self._advocacy_figure_rows()
        engagement = self._advocacy_engagement()
        labels = self._score_labels()
        company = self.env.company.id
        for partner in self:
            stats = rows.get((partner.id, company), (0, 0, 0.0))
            _total, parts = partner.sudo()._advocacy_score_parts(stats, engagement)
            partner.advocate_score_explanation = "\n".join(
                f"{labels[key]}: {points}/{cap}" for key, _label, points, cap in parts if points
            ) or self.env._("No advocacy yet.")
