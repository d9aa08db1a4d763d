from odoo import api, fields, models

IDEA_FAMILIES = [
    ("demand_generation", "Demand Generation"),
    ("social", "Social"),
    ("product_marketing", "Product Marketing"),
    ("inbound_content", "Inbound and Content"),
    ("word_of_mouth", "Word of Mouth"),
    ("customer_experience", "Customer Experience"),
    ("events", "Events"),
]
EFFORT_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
]


class AdvocacyActivityIdea(models.Model):
    _name = "advocacy.activity.idea"
    _inherit = ["advocacy.guarded.mixin"]
    _description = "Advocacy Activity Idea"
    _order = "family, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    family = fields.Selection(IDEA_FAMILIES, required=True, index=True, default="word_of_mouth")
    description = fields.Text(translate=True, help="What the advocate does and why it matters.")
    effort = fields.Selection(
        EFFORT_LEVELS,
        string="Effort Level",
        required=True,
        default="medium",
        help="Effort asked of the advocate.",
    )
    value = fields.Monetary(
        currency_field="currency_id",
        help="What one such act of advocacy is worth to the company, in company currency: campaigns "
        "report the value their verified activities influenced.",
    )
    is_testimonial = fields.Boolean(
        string="Testimonial or Review",
        help="A verified activity of this idea publishes a testimonial or a review "
        "(rewards can react to it).",
    )
    company_id = fields.Many2one(
        "res.company", index="btree_not_null", help="Leave empty to share the idea between companies."
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    challenge_ids = fields.One2many("advocacy.challenge", "idea_id", string="Challenges Using It")
    challenge_count = fields.Integer(string="Challenges", compute="_compute_challenge_count")

    _sql_constraints = [
        ("value_positive", "CHECK(value >= 0)", "The value of an activity idea cannot be negative."),
    ]

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for idea in self:
            idea.currency_id = (idea.company_id or self.env.company).currency_id

    def _compute_challenge_count(self):
        counts = dict(
            self.env["advocacy.challenge"]._read_group(
                [("idea_id", "in", self.ids)], ["idea_id"], ["__count"]
            )
        )
        for idea in self:
            idea.challenge_count = counts.get(idea, 0)

    def action_view_challenges(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_challenge_action")
        action["domain"] = [("idea_id", "=", self.id)]
        action["context"] = {"default_idea_id": self.id}
        return action
