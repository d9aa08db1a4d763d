from odoo import models


class MailActivityMixin(models.AbstractModel):
    _inherit = "mail.activity.mixin"

    def _advocacy_schedule_activities(self, activity_type, values):
        """One activity of ``activity_type`` per record, each with its own ``values`` ({record id:
        {summary, note, date_deadline, user_id}}), created in one batch: the assignees are notified
        and subscribed once per batch (Odoo's ``activity_schedule`` takes one summary for all)."""
        if not self or self.env.context.get("mail_activity_automation_skip"):
            return self.env["mail.activity"]
        model_id = self.env["ir.model"]._get(self._name).id
        vals_list = []
        for record in self:
            vals = values[record.id]
            vals_list.append(
                {
                    **vals,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": record.id,
                    # the type's defaults where the caller gives nothing, as activity_schedule does
                    "summary": vals.get("summary") or activity_type.summary,
                    "note": vals.get("note") or activity_type.default_note,
                    "user_id": vals.get("user_id") or activity_type.default_user_id.id or self.env.uid,
                }
            )
        return self.env["mail.activity"].create(vals_list)
