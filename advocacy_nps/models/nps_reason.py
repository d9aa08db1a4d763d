from odoo import fields, models


class AdvocacyNpsReason(models.Model):
    _name = "advocacy.nps.reason"
    _description = "NPS Reason Tag"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="Band",
        help="Suggest this reason for answers of that band; empty: any band.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_uniq", "UNIQUE (name)", "A reason with this name already exists.")]

    def copy(self, default=None):
        # the name is unique: a copy is named after its original (given in `default`, so that Odoo's copy
        # of the translations does not bring the original name back)
        if default and "name" in default:
            return super().copy(default)
        return self.browse().concat(
            *(
                super(AdvocacyNpsReason, reason).copy(
                    dict(default or {}, name=self.env._("%s (copy)", reason.name))
                )
                for reason in self
            )
        )
