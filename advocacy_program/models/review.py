from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

REVIEW_TYPES = [
    ("qbr", "Quarterly Business Review"),
    ("ebr", "Executive Business Review"),
    ("onboarding", "Onboarding Milestone"),
    ("renewal", "Renewal"),
    ("health_check", "Health Check"),
]
CADENCE_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


class AdvocacyReview(models.Model):
    _name = "advocacy.review"
    _description = "Business Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Title", compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    review_type = fields.Selection(REVIEW_TYPES, string="Type", required=True, default="qbr", tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        string="Status",
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: [("share", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    internal_attendee_ids = fields.Many2many(
        "res.users", string="Our Attendees", domain=lambda self: [("share", "=", False)]
    )
    customer_attendee_ids = fields.Many2many(
        "res.partner",
        "advocacy_review_customer_attendee_rel",
        "review_id",
        "partner_id",
        string="Customer Attendees",
    )
    health = fields.Selection(
        [("good", "Good"), ("at_risk", "At risk"), ("poor", "Poor")],
        string="Account Health",
        tracking=True,
    )
    value_delivered = fields.Html()
    next_steps = fields.Html()
    cadence = fields.Selection(
        [
            ("none", "No follow-up"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("semiannual", "Every 6 months"),
            ("annual", "Yearly"),
        ],
        default="quarterly",
        required=True,
    )
    next_review_date = fields.Date(
        string="Next Review",
        compute="_compute_next_review_date",
        store=True,
        readonly=False,
        help="When the review is done, the account manager gets an activity due on this date.",
    )
    referral_asked = fields.Boolean(
        string="Ask Made", tracking=True, help="A referral or testimonial was asked."
    )
    ask_type = fields.Selection(
        [
            ("referral", "Referral"),
            ("testimonial", "Testimonial"),
            ("case_study", "Case study"),
            ("reference_call", "Reference call"),
            ("review", "Online review"),
        ],
        string="Ask",
        default="referral",
    )
    ask_answer = fields.Selection(
        [("pending", "Thinking about it"), ("accepted", "Accepted"), ("declined", "Declined")],
        string="Answer",
        tracking=True,
    )
    referral_ids = fields.One2many("advocacy.referral", "review_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_referral_count")

    @api.depends("partner_id", "review_type", "date")
    def _compute_name(self):
        labels = dict(self._fields["review_type"]._description_selection(self.env))
        for review in self:
            if review.partner_id and review.review_type:
                review.name = f"{labels[review.review_type]} - {review.partner_id.name}"
            elif not review.name:
                review.name = self.env._("New review")

    @api.depends("date", "cadence")
    def _compute_next_review_date(self):
        for review in self:
            months = CADENCE_MONTHS.get(review.cadence)
            review.next_review_date = (
                review.date + relativedelta(months=months) if months and review.date else False
            )

    def _compute_referral_count(self):
        counts = dict(
            self.env["advocacy.referral"]._read_group(
                [("review_id", "in", self.ids)], ["review_id"], ["__count"]
            )
        )
        for review in self:
            review.referral_count = counts.get(review, 0)

    @api.onchange("referral_asked")
    def _onchange_referral_asked(self):
        if self.referral_asked and not self.ask_answer:
            self.ask_answer = "pending"

    def action_done(self):
        self.check_access("write")
        if self.filtered(lambda r: r.state != "planned"):
            raise UserError(self.env._("Only planned reviews can be marked as done."))
        missing = self.filtered(lambda r: not r.health)
        if missing:
            raise UserError(
                self.env._(
                    "Set the account health of %s before closing it.", ", ".join(missing.mapped("name"))
                )
            )
        self.write({"state": "done"})
        activity_type = self.env.ref(
            "mail.mail_activity_data_meeting", raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        for review in self.filtered("next_review_date"):
            user = review.user_id or review.partner_id._advocacy_account_manager()
            review.partner_id.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=review.next_review_date,
                summary=self.env._("Next business review (%s)", review.name),
                user_id=user.id or self.env.user.id,
            )
        good = self.filtered(lambda r: r.health == "good" and r.referral_asked and r.ask_answer == "accepted")
        if good:
            contacts = self.env["res.partner"]
            for review in good:
                contacts |= review.customer_attendee_ids[:1] or review.partner_id
            self.env["advocacy.moment"]._trigger(
                contacts, "good_review", source=good[:1] if len(good) == 1 else None
            )
        return True

    def action_cancel(self):
        self.check_access("write")
        self.write({"state": "cancelled"})
        return True

    def action_reset(self):
        self.check_access("write")
        self.write({"state": "planned"})
        return True

    def action_new_referral(self):
        self.ensure_one()
        self.check_access("write")
        referrer = self.customer_attendee_ids[:1] or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "advocacy.referral",
            "name": self.env._("New Referral"),
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_referrer_id": referrer.id,
                "default_review_id": self.id,
                "default_channel": "rep",
                "default_user_id": self.user_id.id or self.env.user.id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_view_referrals(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_referral_action")
        action["domain"] = [("review_id", "=", self.id)]
        action["context"] = {"default_review_id": self.id, "default_referrer_id": self.partner_id.id}
        return action
