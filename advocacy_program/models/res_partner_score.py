from odoo import models


class ResPartner(models.Model):
    """The labels of the advocate score's parts (the score itself: res_partner_referral_figures.py)."""

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
