from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.tools import SQL


class AdvocacyTierChange(models.Model):
    """One change of an advocate's tier: the tier history users list, and the queue of chatter notes
    still to write (`noted` false). Append-only: only the tier recomputation (service_guard.TIER)
    creates rows and marks them noted; a deleted contact takes its history along, a merged contact
    hands it to the contact it is merged into (the merge wizard moves the foreign keys)."""

    _name = "advocacy.tier.change"
    _description = "Advocate Tier Change"
    _inherit = ["advocacy.guarded.mixin"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    _advocacy_service_key = service_guard.TIER
    _advocacy_guarded_fields = ("partner_id", "old_tier_id", "new_tier_id", "date", "noted")

    partner_id = fields.Many2one(
        "res.partner", "Advocate", required=True, readonly=True, index=True, ondelete="cascade"
    )
    old_tier_id = fields.Many2one("advocacy.tier", "Previous tier", readonly=True, ondelete="set null")
    new_tier_id = fields.Many2one("advocacy.tier", "New tier", readonly=True, ondelete="set null")
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    noted = fields.Boolean(
        "Noted on the chatter",
        readonly=True,
        copy=False,
        help="The change's note is on the advocate's chatter (large recomputations write them in batches).",
    )

    def init(self):
        # the notes cron reads the pending changes only: a small index whatever the history's size
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS advocacy_tier_change_pending_idx ON %s (id) "
                "WHERE noted IS NOT TRUE",
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _advocacy_record(self, history, today):
        """The changes `history` [(partner, old tier, new tier)] of a recomputation run on `today`:
        through the ORM with their notes at once when they fit one batch of notes, else inserted in
        one query into this model's table and noted by the notes cron, which is kicked here."""
        if len(history) < self._advocacy_notes_batch():
            changes = self._advocacy_service().create(
                [
                    {
                        "partner_id": pid,
                        "old_tier_id": old or False,
                        "new_tier_id": new or False,
                        "date": today,
                    }
                    for pid, old, new in history
                ]
            )
            changes._advocacy_log_notes()
            return
        # a new tier changes every advocate at once: ORM creates would take the nightly run's time
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO advocacy_tier_change (partner_id, old_tier_id, new_tier_id, date, noted,
                                                  create_uid, write_uid, create_date, write_date)
                SELECT p, NULLIF(o, 0), NULLIF(n, 0), %(today)s, FALSE, %(uid)s, %(uid)s,
                       now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM unnest(%(partners)s::int[], %(olds)s::int[], %(news)s::int[]) AS t(p, o, n)
                """,
                today=today,
                uid=self.env.uid,
                partners=[pid for pid, _old, _new in history],
                olds=[old or 0 for _pid, old, _new in history],
                news=[new or 0 for _pid, _old, new in history],
            )
        )
        self.invalidate_model()
        self.env.ref("advocacy_rewards.ir_cron_advocacy_tier_notes")._trigger()

    @api.model
    def _advocacy_notes_batch(self):
        return self.env["advocacy.tier"].TIER_NOTES_BATCH

    def _advocacy_log_notes(self):
        """The chatter notes of these changes through `_message_log_batch` (one call per author and
        round: a contact changed twice gets its two notes in two rounds), then marked noted."""
        changes = self.sudo().filtered(lambda change: not change.noted)
        none = self.env._("no tier")
        rounds = defaultdict(list)  # author -> [{partner: body}], each partner once per dict
        for change in changes.sorted("id"):
            body = Markup("<p>%s</p>") % self.env._(
                "Advocate tier changed: %(old)s → %(new)s",
                old=change.old_tier_id.name or none,
                new=change.new_tier_id.name or none,
            )
            author_rounds = rounds[change.create_uid.partner_id.id]
            free = next((bodies for bodies in author_rounds if change.partner_id.id not in bodies), None)
            if free is None:
                free = {}
                author_rounds.append(free)
            free[change.partner_id.id] = body
        Partner = self.env["res.partner"].sudo()
        for author, author_rounds in rounds.items():
            for bodies in author_rounds:
                Partner.browse(list(bodies))._message_log_batch(bodies, author_id=author or None)
        changes._advocacy_service().write({"noted": True})

    @api.model
    def _cron_log_tier_notes(self, batch_size=None):
        """The pending tier notes, one batch a run; `_notify_progress` makes the scheduler run it again
        while notes remain."""
        Change = self.sudo()
        pending = Change.search(
            [("noted", "=", False)], order="id", limit=batch_size or self._advocacy_notes_batch()
        )
        pending._advocacy_log_notes()
        remaining = Change.search_count([("noted", "=", False)])
        self.env["ir.cron"]._notify_progress(done=len(pending), remaining=remaining)
        return len(pending)
