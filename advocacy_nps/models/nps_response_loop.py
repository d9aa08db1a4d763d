from contextlib import contextmanager
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import nps_math
from .base_automation import DEFERRED_RUNS, DeferredRuns
from .nps_response import LOOP_MAX_AGE_DAYS

# Activity types of each band's loop, closed when the answer leaves the band.
BAND_ACTIVITY_TYPES = {
    "detractor": "advocacy_nps.mail_activity_type_nps_detractor",
    "passive": "advocacy_nps.mail_activity_type_nps_passive",
}


class AdvocacyNpsResponse(models.Model):
    """The closed loop: what each band's answer opens (call-back, nudge, moment to ask), and closes."""

    _inherit = "advocacy.nps.response"  # pylint: disable=consider-merging-classes-inherited

    def _nps_loop_candidates(self):
        # imported history opens no follow-up (set by the import, not a permission)
        if self.env.context.get("advocacy_nps_skip_loop"):
            return self.browse()
        limit = fields.Date.context_today(self) - timedelta(days=LOOP_MAX_AGE_DAYS)
        return self.filtered(lambda r: r.date and r.date >= limit)

    @contextmanager
    def _nps_batched_loop(self):
        """Yields this model in a context where the closed loop of the answers created and written
        through it is held back, then run once for them all when the block ends: the old bands'
        loops closed, then each automation's action run on all its answers (one call per change
        of score makes one write per distinct change, each ran the loops on its own)."""
        batch = DeferredRuns()
        responses = self.with_context(**{DEFERRED_RUNS: batch})
        yield responses
        responses.env.flush_all()  # the bands recomputed here run their automations, held back too
        self.browse(batch.band_changes)._nps_close_band_loop(batch.band_changes)
        batch.run()

    def _nps_close_band_loop(self, before):
        """A changed mind: closes what the previous band's loop opened (the detractor's follow-up and
        call-back, the passive's nudge, the promoter's 'good moment to ask') with a note saying why.
        `before` maps each response id to its (band, score) before the change."""
        if not self:
            return
        bands = dict(self._fields["category"]._description_selection(self.env))
        sudo = self.sudo()
        open_followups = sudo.filtered(
            lambda r: before[r.id][0] == "detractor" and r.followup_state in ("todo", "in_progress")
        )
        for state, responses in open_followups.grouped(
            lambda r: "done" if r.followup_state == "in_progress" else "none"
        ).items():
            responses.write(
                {
                    "followup_state": state,
                    "followup_deadline": False,
                    "resurvey_date": False,
                }
            )
        for band, xmlid in BAND_ACTIVITY_TYPES.items():
            sudo.filtered(lambda r, band=band: before[r.id][0] == band).activity_unlink([xmlid])
        sudo.filtered(lambda r: before[r.id][0] == "promoter")._nps_withdraw_moments(before)
        sudo._advocacy_note_change(
            {
                response.id: Markup("<p>%s</p>")
                % self.env._(
                    "The answer changed from %(old)s (%(old_band)s) to %(new)s (%(new_band)s): "
                    "the %(old_band)s follow-up was closed.",
                    old=before[response.id][1],
                    old_band=bands.get(before[response.id][0], ""),
                    new=response.score,
                    new_band=bands.get(response.category, ""),
                )
                for response in sudo
            }
        )

    def _nps_note_score_changes(self, scores_before):
        """Notes a changed score that kept its band (a changed band is noted as its loop closes,
        `_nps_close_band_loop`). `scores_before` maps each response id to its score before."""
        kept_band = self.filtered(lambda r: nps_math.band(scores_before[r.id]) == r.category)
        kept_band._message_log_batch(
            bodies={
                response.id: self.env._(
                    "The answer changed from %(old)s to %(new)s.",
                    old=scores_before[response.id],
                    new=response.score,
                )
                for response in kept_band
            }
        )

    def _nps_withdraw_moments(self, before):
        """The 'good moment to ask' of former promoters: nobody should ask them for a referral now."""
        if not self:
            return
        by_source = {f"{response._name},{response.id}": response for response in self}
        moments = (
            self.env["advocacy.moment"]
            .sudo()
            .search([("source_ref", "in", list(by_source)), ("state", "=", "asked")])
        )
        if not moments:
            return
        # each moment's answer by its stored reference: reading `source_ref` through the ORM checks
        # every value's model and existence, a query or two per moment
        moments.flush_recordset(["source_ref"])
        sources = dict(
            self.env.execute_query(
                SQL("SELECT id, source_ref FROM advocacy_moment WHERE id IN %s", tuple(moments.ids))
            )
        )
        moments.write({"state": "expired"})
        moments.activity_unlink(["advocacy_program.mail_activity_type_advocacy_ask"])
        moments._advocacy_note_change(
            {
                moment.id: Markup("<p>%s</p>")
                % self.env._(
                    "No longer a good moment to ask: %(name)s changed their NPS answer from %(old)s "
                    "to %(new)s.",
                    name=response.partner_id.name,
                    old=before[response.id][1],
                    new=response.score,
                )
                for moment in moments
                for response in [by_source[sources[moment.id]]]
            }
        )

    def _nps_activity_user(self):
        self.ensure_one()
        return (
            self.owner_id or self.wave_id.user_id or self.env.ref("base.user_admin", raise_if_not_found=False)
        )

    def _nps_action_detractor(self):
        """Automation 'detractor': a call-back activity for the owner, due within the SLA, and a
        re-survey date."""
        responses = self._nps_loop_candidates()
        sla_hours = self.env["advocacy.settings"]._advocacy_setting("advocacy_nps.sla_hours")
        resurvey_days = self.env["advocacy.settings"]._advocacy_setting("advocacy_nps.resurvey_days")
        deadline = fields.Datetime.now() + timedelta(hours=sla_hours)
        for answered_on, answers in responses.grouped("date").items():
            answers.write(
                {
                    "followup_state": "todo",
                    "followup_deadline": deadline,
                    "resurvey_date": answered_on + timedelta(days=resurvey_days),
                }
            )
        responses._advocacy_schedule_activities(
            self.env.ref("advocacy_nps.mail_activity_type_nps_detractor"),
            {
                response.id: {
                    "summary": self.env._(
                        "Call back %(name)s (NPS %(score)s)",
                        name=response.partner_id.name,
                        score=response.score,
                    ),
                    "note": response.comment or "",
                    "date_deadline": deadline.date(),
                    "user_id": (response._nps_activity_user() or self.env.user).id,
                }
                for response in responses
            },
        )
        return True

    def _nps_action_passive(self):
        """Automation 'passive': a referral-incentive follow-up for the owner."""
        responses = self._nps_loop_candidates()
        responses._advocacy_schedule_activities(
            self.env.ref("advocacy_nps.mail_activity_type_nps_passive"),
            {
                response.id: {
                    "summary": self.env._(
                        "Offer %(name)s the referral incentive", name=response.partner_id.name
                    ),
                    "date_deadline": fields.Date.context_today(response) + timedelta(days=7),
                    "user_id": (response._nps_activity_user() or self.env.user).id,
                }
                for response in responses
            },
        )
        return True

    def _nps_action_promoter(self):
        """Automation 'promoter': an advocacy moment ('a good moment to ask') and advocate candidate."""
        responses = self._nps_loop_candidates()
        if not responses:
            return True
        # one moment per contact, from its first answer of the batch, as the cooldown would decide
        sources = {}
        for response in responses:
            sources.setdefault(response.partner_id.id, response)
        self.env["advocacy.moment"]._trigger(responses.partner_id, "promoter", source=sources)
        responses.partner_id._advocacy_mark_candidate()
        # the invitation to join the program (advocacy_program's setting and opt-outs decide)
        responses.partner_id._advocacy_auto_invite()
        return True

    @api.model
    def _cron_resurvey_detractors(self, batch_size=500):
        """Re-invites detractors whose re-survey date has come, through the re-survey wave."""
        wave = self.env.ref("advocacy_nps.wave_detractor_resurvey", raise_if_not_found=False)
        if not wave:
            return
        domain = [
            ("category", "=", "detractor"),
            ("resurvey_date", "<=", fields.Date.context_today(self)),
            ("resurvey_invitation_id", "=", False),
        ]
        responses = self.search(domain, limit=batch_size, order="resurvey_date, id")
        blacklisted = self.env["advocacy.nps.invitation"]._nps_blacklisted(
            responses.partner_id.mapped("email")
        )
        # a contact re-surveyed again gets the next cycle of the re-survey wave
        next_cycle = {
            partner.id: cycle + 1
            for partner, cycle in self.env["advocacy.nps.invitation"]._read_group(
                [("wave_id", "=", wave.id), ("partner_id", "in", responses.partner_id.ids)],
                ["partner_id"],
                ["cycle:max"],
            )
        }
        vals_list = []
        for response in responses:
            cycle = next_cycle.get(response.partner_id.id, 0)
            next_cycle[response.partner_id.id] = cycle + 1
            vals_list.append(wave._nps_invitation_vals(response.partner_id, blacklisted, cycle=cycle))
        invitations = self.env["advocacy.nps.invitation"].create(vals_list)
        for response, invitation in zip(responses, invitations, strict=True):
            response.resurvey_invitation_id = invitation
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(responses), remaining=remaining)
