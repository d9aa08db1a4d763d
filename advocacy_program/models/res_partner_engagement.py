from odoo import models


class ResPartner(models.Model):
    """The advocate's engagement: its business reviews, advocacy moments and challenges (counts and lists)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _compute_advocacy_counts(self):
        ids = [pid for pid in self.ids if pid]
        reviews = moments = {}
        if ids:
            reviews = dict(
                self.env["advocacy.review"]._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            )
            moments = dict(
                self.env["advocacy.moment"]._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            )
        reviews = {p.id: c for p, c in reviews.items()}
        moments = {p.id: c for p, c in moments.items()}
        for partner in self:
            partner.advocacy_review_count = reviews.get(partner.id, 0)
            partner.advocacy_moment_count = moments.get(partner.id, 0)

    def action_view_advocacy_reviews(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_review_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _compute_advocacy_participation_count(self):
        ids = [pid for pid in self.ids if pid]
        own = by_company = {}
        if ids:
            Participation = self.env["advocacy.participation"]
            own = {
                partner.id: count
                for partner, count in Participation._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            }
            by_company = {
                partner.id: count
                for partner, count in Participation._read_group(
                    [("commercial_partner_id", "in", ids)], ["commercial_partner_id"], ["__count"]
                )
            }
        for partner in self:
            # a company counts its contacts' participations, a contact its own
            counts = by_company if partner.commercial_partner_id == partner else own
            partner.advocacy_participation_count = counts.get(partner.id, 0)

    def action_view_advocacy_participations(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advocacy_program.advocacy_participation_action"
        )
        field = "commercial_partner_id" if self.commercial_partner_id == self else "partner_id"
        action["domain"] = [(field, "=", self.id)]
        return action

    def action_view_advocacy_moments(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_moment_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
