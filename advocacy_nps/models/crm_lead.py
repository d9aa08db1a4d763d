from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    nps_latest_score = fields.Integer(related="partner_id.nps_latest_score", string="Contact's NPS")
    nps_latest_category = fields.Selection(
        related="partner_id.nps_latest_category", string="Contact's NPS Band"
    )
    nps_latest_date = fields.Date(related="partner_id.nps_latest_date", string="Contact's NPS Date")
    nps_company_score = fields.Float(related="partner_id.nps_company_score", string="Company NPS")
