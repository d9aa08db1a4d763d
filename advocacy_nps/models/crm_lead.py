from odoo import fields, models

from .res_partner import NPS_GROUP


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # the contact's NPS, for the advocacy team only (like the contact's own fields)
    nps_latest_score = fields.Integer(
        related="partner_id.nps_latest_score", string="Contact's NPS", groups=NPS_GROUP
    )
    nps_latest_category = fields.Selection(
        related="partner_id.nps_latest_category", string="Contact's NPS Band", groups=NPS_GROUP
    )
    nps_latest_date = fields.Date(
        related="partner_id.nps_latest_date", string="Contact's NPS Date", groups=NPS_GROUP
    )
    nps_company_score = fields.Float(
        related="partner_id.nps_company_score", string="Company NPS", groups=NPS_GROUP
    )
