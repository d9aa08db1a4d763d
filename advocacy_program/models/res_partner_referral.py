from odoo import api, models
from odoo.tools import SQL


class ResPartner(models.Model):
    """Referral figures of an advocate: what it (or, for a company, its contacts) referred."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _advocacy_referral_counts(self, per_company=False):
        """Rows (partner_id, company_id, count, won, revenue) of the referrals of self, in one aggregate
        query: a contact counts what it referred itself, a commercial entity what any of its contacts
        referred (B2B roll-up); rejected referrals do not count. ``per_company``: one row per company of
        the database (a referral without company counts in each); else one row per contact over the
        allowed companies (company_id None)."""
        partners = self.filtered("id")
        if not partners:
            return []
        Referral = self.env["advocacy.referral"]
        Referral.flush_model(["referrer_id", "referrer_commercial_id", "state", "revenue", "company_id"])
        r = SQL("r")
        if per_company:
            company, join = (
                SQL("c.id"),
                SQL("JOIN res_company c ON %s", Referral._advocacy_counted_sql(r, SQL("c.id"))),
            )
            counted = SQL("TRUE")
        else:
            company, join = SQL("NULL::int"), SQL()
            counted = Referral._advocacy_counted_sql(r, self.env.companies.ids)
        mine = SQL(
            "(r.referrer_id = ANY(%(ids)s) OR r.referrer_commercial_id = ANY(%(ids)s))", ids=partners.ids
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT r.advocate_id, %(company)s, COUNT(*), COUNT(*) FILTER (WHERE %(won)s),
                       COALESCE(SUM(r.revenue), 0)
                  FROM (%(by_advocate)s) AS r %(join)s
                 WHERE r.advocate_id = ANY(%(ids)s) AND %(counted)s
              GROUP BY 1, 2
                """,
                company=company,
                won=Referral._advocacy_won_sql(r),
                by_advocate=Referral._advocacy_by_advocate_sql(mine),
                join=join,
                ids=partners.ids,
                counted=counted,
            )
        )
        return [
            (pid, cid, count, won, float(revenue)) for pid, cid, count, won, revenue in self.env.cr.fetchall()
        ]

    def _advocacy_referral_stats(self):
        """{partner_id: (count, won, revenue)} over the allowed companies (_advocacy_referral_counts)."""
        return {
            pid: (count, won, revenue) for pid, _cid, count, won, revenue in self._advocacy_referral_counts()
        }

    # over the allowed companies: a value per company selection, never one of another selection
    @api.depends_context("allowed_company_ids")
    def _compute_referral_count(self):
        stats = self._advocacy_referral_stats()
        for partner in self:
            partner.referral_count = stats.get(partner.id, (0,))[0]

    @api.depends_context("allowed_company_ids")
    def _compute_advocacy_has_referred(self):
        stats = self._advocacy_referral_stats()
        for partner in self:
            partner.advocacy_has_referred = bool(stats.get(partner.id, (0,))[0])

    def _search_advocacy_has_referred(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # the referrers counted by _advocacy_referral_counts (the contact, and its commercial entity),
        # with its definitions, over every referral of the allowed companies whoever's pipeline holds it
        Referral = self.env["advocacy.referral"]
        Referral.flush_model(["referrer_id", "referrer_commercial_id", "state", "company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT advocate_id FROM (%s) AS r",
                Referral._advocacy_by_advocate_sql(
                    Referral._advocacy_counted_sql(SQL("r"), self.env.companies.ids)
                ),
            )
        )
        referrers = [pid for (pid,) in self.env.cr.fetchall() if pid]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", referrers)]

    def _advocacy_smart_domain(self):
        self.ensure_one()
        if self.commercial_partner_id == self:
            return [("referrer_commercial_id", "=", self.id)]
        return [("referrer_id", "=", self.id)]

    def action_view_advocacy_referrals(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_referral_action")
        action["domain"] = self._advocacy_smart_domain()
        action["context"] = {"default_referrer_id": self.id}
        return action
