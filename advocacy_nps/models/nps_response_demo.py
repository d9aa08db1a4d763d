import random

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..tools import nps_math
from .nps_response import ROLES, TOUCHPOINTS

DEMO_COMMENTS = {
    "promoter": ["Great partner, fast answers.", "The product saves us hours every week.", ""],
    "passive": ["Good, but the price went up.", "Fine overall; reports could be better.", ""],
    "detractor": ["Support took a week to answer.", "Too many bugs since the last release.", ""],
}


def _demo_score(rng, promoter_share):
    """A score drawn so that about `promoter_share` of the answers are promoters, 25% passives."""
    draw = rng.random()
    if draw < promoter_share:
        return rng.choice([9, 10])
    if draw < promoter_share + 0.25:
        return rng.choice([7, 8])
    return rng.randint(2, 6)


class AdvocacyNpsResponse(models.Model):
    """Demo data: a year of NPS answers and CSAT, the same at every install."""

    _inherit = "advocacy.nps.response"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _nps_demo_generate(self, months=12, per_month=30, seed=42):
        """Twelve months of NPS answers and CSAT over the demo contacts (deterministic)."""
        rng = random.Random(seed)
        partners = self.env["res.partner"].search(
            [("email", "!=", False), ("is_company", "=", False), ("partner_share", "=", True)], order="id"
        )
        if not partners:
            return
        # one generator drawn in a fixed order: the answers first, then the CSAT
        self.create(self._nps_demo_answer_vals(rng, partners, months, per_month))
        self.env["advocacy.csat.response"].create(self._nps_demo_csat_vals(rng, partners, months))

    @api.model
    def _nps_demo_answer_vals(self, rng, partners, months, per_month):
        roles = [role for role, _label in ROLES]
        touchpoints = [tp for tp, _label in TOUCHPOINTS]
        reasons = self.env["advocacy.nps.reason"].search([])
        today = fields.Date.context_today(self)
        vals_list = []
        for month in range(months, 0, -1):
            # the program works: promoters grow from 35% to about 60% over the year
            promoter_share = 0.35 + 0.25 * (months - month) / max(months - 1, 1)
            for _i in range(per_month):
                partner = partners[rng.randrange(len(partners))]
                score = _demo_score(rng, promoter_share)
                answered = today - relativedelta(months=month - 1) - relativedelta(days=rng.randint(0, 27))
                kind = rng.choice(["relationship", "relationship", "transactional"])
                band = nps_math.band(score)
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "score": score,
                        "date": min(answered, today),
                        "kind": kind,
                        "touchpoint": rng.choice(touchpoints) if kind == "transactional" else False,
                        "role": partner.nps_role or rng.choice(roles),
                        "channel": rng.choice(["email", "email", "email", "phone", "review", "survey"]),
                        "comment": rng.choice(DEMO_COMMENTS[band]) or False,
                        "consent": rng.random() < 0.6,
                        "reason_ids": [fields.Command.set(reasons[: rng.randint(0, 2)].ids)]
                        if reasons
                        else [],
                        "followup_state": "done" if band == "detractor" and month > 1 else "none",
                    }
                )
        return vals_list

    @api.model
    def _nps_demo_csat_vals(self, rng, partners, months):
        today = fields.Date.context_today(self)
        csat_vals = []
        for month in range(months, 0, -1):
            for _i in range(12):
                partner = partners[rng.randrange(len(partners))]
                draw = rng.random()
                csat_vals.append(
                    {
                        "partner_id": partner.id,
                        "touchpoint": rng.choice(
                            ["software", "hardware", "implementation", "after_sales", "events"]
                        ),
                        "rating": "satisfied" if draw < 0.7 else "neutral" if draw < 0.85 else "dissatisfied",
                        "date": today
                        - relativedelta(months=month - 1)
                        - relativedelta(days=rng.randint(0, 27)),
                    }
                )
        return csat_vals
