from odoo import api, models

from ..tools import advocate_score


class ResPartner(models.Model):
    """The advocate score (0-100) and its explanation."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _score_labels(self):
        return {
            "state": self.env._("Advocate status"),
            "pyramid": self.env._("Advocacy pyramid level"),
            "referrals": self.env._("Referrals submitted"),
            "won": self.env._("Referrals won"),
            "revenue": self.env._("Referred revenue"),
            "engagement": self.env._("Reviews and accepted asks"),
        }

    @api.depends("advocate_state", "pyramid_level")
    def _compute_advocate_score(self):
        stats = self._advocacy_referral_stats()
        ids = [pid for pid in self.ids if pid]
        good_reviews = accepted = {}
        if ids:
            good_reviews = {
                p.id: c
                for p, c in self.env["advocacy.review"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", ids), ("health", "=", "good")], ["partner_id"], ["__count"]
                )
            }
            accepted = {
                p.id: c
                for p, c in self.env["advocacy.moment"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", ids), ("state", "=", "accepted")], ["partner_id"], ["__count"]
                )
            }
        labels = self._score_labels()
        for partner in self:
            count, won, revenue = stats.get(partner.id, (0, 0, 0.0))
            total, parts = advocate_score.score(
                state=partner.advocate_state,
                pyramid_level=partner.pyramid_level,
                referral_count=count,
                won_count=won,
                revenue=revenue,
                good_reviews=good_reviews.get(partner.id, 0),
                accepted_moments=accepted.get(partner.id, 0),
            )
            partner.advocate_score = total
            partner.advocate_score_explanation = "\n".join(
                f"{labels[key]}: {points}/{cap}" for key, _label, points, cap in parts if points
            ) or self.env._("No advocacy yet.")
