from odoo import models


class AdvocacyParticipation(models.Model):
    _inherit = "advocacy.participation"

    def _on_verified(self):
        """A verified act of advocacy earns the "challenge verified" rewards and, when its activity idea
        publishes a testimonial or a review, the "testimonial / review published" ones."""
        res = super()._on_verified()
        self.env["advocacy.reward.rule"]._evaluate_trigger(("challenge_verified", "review_published"), self)
        return res

    def _advocacy_portal_points(self):
        """Points the participations earned (rewards not rejected or reversed), one aggregate query."""
        if not self:
            return {}
        groups = (
            self.env["advocacy.reward"]
            .sudo()
            ._read_group(
                [
                    ("source_model", "=", "advocacy.participation"),
                    ("source_id", "in", self.ids),
                    ("state", "not in", ("rejected", "reversed")),
                ],
                ["source_id"],
                ["points:sum"],
            )
        )
        return dict(groups)
