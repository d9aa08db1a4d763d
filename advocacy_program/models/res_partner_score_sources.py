"""What else moves the advocates' stored figures (models/res_partner_referral_figures.py): a business
review's health, an accepted ask (both count in the score), and a new company (every advocate gets a
score there)."""

# one file per concern of the models it extends
# pylint: disable=consider-merging-classes-inherited

from odoo import api, models

REVIEW_FIELDS = ("partner_id", "health")
MOMENT_FIELDS = ("partner_id", "state")


def _refresh_on_write(records, vals, names, write):
    """Calls ``write(vals)`` and stores the figures of the contacts before and after, when ``vals``
    touches one of ``names``."""
    if not any(name in vals for name in names):
        return write(vals)
    before = records.sudo().partner_id
    res = write(vals)
    (before | records.sudo().partner_id)._advocacy_store_figures()
    return res


class AdvocacyReview(models.Model):
    _inherit = "advocacy.review"

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews.sudo().filtered(lambda r: r.health == "good").partner_id._advocacy_store_figures()
        return reviews

    def write(self, vals):
        return _refresh_on_write(self, vals, REVIEW_FIELDS, super().write)

    def unlink(self):
        partners = self.sudo().partner_id
        res = super().unlink()
        partners._advocacy_store_figures()
        return res


class AdvocacyMoment(models.Model):
    _inherit = "advocacy.moment"

    @api.model_create_multi
    def create(self, vals_list):
        moments = super().create(vals_list)
        moments.sudo().filtered(lambda m: m.state == "accepted").partner_id._advocacy_store_figures()
        return moments

    def write(self, vals):
        return _refresh_on_write(self, vals, MOMENT_FIELDS, super().write)

    def unlink(self):
        partners = self.sudo().partner_id
        res = super().unlink()
        partners._advocacy_store_figures()
        return res


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # the advocates' scores in the new company (their status, level and engagement count there)
        self.env["res.partner"]._advocacy_store_all_figures()
        return companies
