"""The journey stage follows the CRM and sales events: an opportunity or a quotation (try), a first
confirmed order (buy), a second (repeat), a first referral (refer, see referral._on_state_change). These
events only move a contact forward; earlier stages (know, like, trust) and corrections are set by hand."""

from collections import defaultdict

from odoo import api, models

from .res_partner import JOURNEY_STAGES

JOURNEY_RANK = {stage: rank for rank, (stage, _label) in enumerate(JOURNEY_STAGES)}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _advocacy_advance_journey(self, stage):
        """The journey service: move the contacts of self that stand before `stage` to it, in one write
        (never backwards)."""
        partners = self.sudo().filtered(
            lambda p: p.id and JOURNEY_RANK.get(p.journey_stage, -1) < JOURNEY_RANK[stage]
        )
        if partners:
            partners.write({"journey_stage": stage})
        return partners

    def _advocacy_with_company(self):
        """The contacts of self and their companies (a company's journey is its contacts')."""
        partners = self.sudo()
        return partners | partners.commercial_partner_id


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.sudo().partner_id._advocacy_with_company()._advocacy_advance_journey("try")
        return orders

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") == "sale":
            self._advocacy_journey_on_confirm()
        return res

    def _advocacy_journey_on_confirm(self):
        """Buy at the first confirmed order of a customer (its company counts), repeat at the second:
        one count per company for the whole batch."""
        orders = self.sudo()
        companies = orders.partner_id.commercial_partner_id
        counts = defaultdict(int)
        for partner, count in orders._read_group(
            [("partner_id.commercial_partner_id", "in", companies.ids), ("state", "=", "sale")],
            ["partner_id"],
            ["__count"],
        ):
            counts[partner.commercial_partner_id.id] += count
        for stage, at_least, at_most in (("buy", 1, 1), ("repeat", 2, None)):
            reached = orders.filtered(
                lambda o, lo=at_least, hi=at_most: lo
                <= counts.get(o.partner_id.commercial_partner_id.id, 0)
                <= (hi or float("inf"))
            )
            reached.partner_id._advocacy_with_company()._advocacy_advance_journey(stage)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._advocacy_journey_try()
        return leads

    def write(self, vals):
        res = super().write(vals)
        if vals.get("type") == "opportunity" or vals.get("partner_id"):
            self._advocacy_journey_try()
        return res

    def _advocacy_journey_try(self):
        opportunities = self.sudo().filtered(lambda lead: lead.type == "opportunity" and lead.partner_id)
        opportunities.partner_id._advocacy_with_company()._advocacy_advance_journey("try")
