import re
import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq, html2plaintext, is_html_empty

from . import service_guard
from .res_partner import CODE_STATES

# a join link is a credential: 43 url-safe characters (256 random bits), valid this many days
JOIN_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
JOIN_TOKEN_DAYS = 30


class ResPartner(models.Model):
    """Joining the program: the invitation link and the advocate's consent to the terms."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _advocacy_join_url(self):
        """Absolute URL of the contact's invitation to join: a fresh secret when none is valid, and
        valid JOIN_TOKEN_DAYS from now (an invitation sent again extends the link it carries)."""
        self.ensure_one()
        partner = self.sudo()
        now = fields.Datetime.now()
        vals = {"advocacy_join_expiry": now + timedelta(days=JOIN_TOKEN_DAYS)}
        if not partner.advocacy_join_token or (partner.advocacy_join_expiry or now) < now:
            vals["advocacy_join_token"] = secrets.token_urlsafe(32)
        partner.write(vals)
        return f"{partner.get_base_url()}/advocacy/join/{partner.advocacy_join_token}"

    def _advocacy_join_link(self):
        """The current join link, without creating one (the mail template renders it after
        _advocacy_send_join_invitation made it; a preview in the editor writes nothing)."""
        self.ensure_one()
        token = self.sudo().advocacy_join_token
        return f"{self.get_base_url()}/advocacy/join/{token}" if token else ""

    @api.model
    def _advocacy_from_join_token(self, token):
        """The contact whose valid join link carries ``token``, else an empty recordset (unknown,
        forged, expired or archived: the page cannot tell them apart)."""
        empty = self.browse()
        if not isinstance(token, str) or not JOIN_TOKEN_RE.fullmatch(token):
            return empty
        partner = self.sudo().search([("advocacy_join_token", "=", token)], limit=1)
        if (
            not partner
            or not consteq(partner.advocacy_join_token, token)
            or (partner.advocacy_join_expiry or fields.Datetime.now()) < fields.Datetime.now()
        ):
            return empty
        return partner

    def _advocacy_terms(self):
        """{'version', 'html'}: the program terms of the contact's company, in the contact's language."""
        self.ensure_one()
        company = (self.company_id or self.env.company).sudo().with_context(lang=self.lang or self.env.lang)
        terms = company.advocacy_terms
        if is_html_empty(terms):
            terms = Markup("<p>%s</p>") % self.with_context(lang=self.lang).env._(
                "You recommend us to people you know, by your own choice and in your own words. We contact "
                "the people you refer only about what they asked for. Rewards follow the program's rules "
                "and are never paid for a score or a review's content. You can leave the program at any "
                "time by telling your account manager or unsubscribing."
            )
        return {"version": company.advocacy_terms_version or "1", "html": terms}

    def _advocacy_accept_join(self):
        """The contact accepted the terms on the join page: consent recorded with the terms accepted,
        the contact an active advocate with a referral code at once."""
        self.ensure_one()
        terms = self._advocacy_terms()
        partner = service_guard.as_service(self, service_guard.JOIN)
        vals = {
            "advocacy_consent_date": fields.Datetime.now(),
            "advocacy_terms_accepted": self.env._(
                "Version %(version)s:\n%(text)s", version=terms["version"], text=html2plaintext(terms["html"])
            ),
        }
        if partner.advocate_state not in CODE_STATES:
            vals["advocate_state"] = "active"
        partner.write(vals)
        if not partner.referral_code:
            partner._advocacy_assign_code()
        partner.message_post(
            body=self.env._("Joined the advocacy program (terms version %s accepted).", terms["version"]),
            subtype_xmlid="mail.mt_note",
        )
        return partner

    def _advocacy_invitable(self, manual=False):
        """Those of self who may be invited to join: reachable by email, not blacklisted, not asked
        to be left alone, not yet consenting; automatic invitations go to newcomers and candidates,
        a rep may also invite an active advocate who never accepted the terms."""
        states = ("none", "candidate", *CODE_STATES) if manual else ("none", "candidate")
        return self.sudo().filtered(
            lambda p: (
                p.active
                and p.email
                and not p.is_blacklisted
                and not p.advocacy_do_not_ask
                and not p.advocacy_consent_date
                and p.advocate_state in states
            )
        )

    def _advocacy_send_join_invitation(self, manual=False):
        """The invitation to join (template editable by admins), through the mail dispatcher: each
        contact's join link is made now, the mail by the sending cron after the commit. Returns the
        contacts invited."""
        partners = self._advocacy_invitable(manual=manual)
        template = self.env.ref("advocacy_program.mail_template_advocacy_join", raise_if_not_found=False)
        if not partners or not template or not template.active:
            return self.browse()
        for partner in partners:
            partner._advocacy_join_url()
        self._advocacy_notify("join_invitation", partners)
        partners._message_log_batch(
            bodies={p.id: self.env._("Invitation to join the advocacy program sent.") for p in partners}
        )
        return partners

    def _advocacy_auto_invite(self):
        """Invitation after a promoter answer or an accepted ask, when the setting allows it."""
        if not self.env["advocacy.settings"]._advocacy_setting("advocacy_program.invite_on_promoter"):
            return self.browse()
        # one invitation at a time: a promoter whose ask is then accepted is not mailed twice
        now = fields.Datetime.now()
        pending = self.sudo().filtered(lambda p: p.advocacy_join_expiry and p.advocacy_join_expiry > now)
        return (self - pending)._advocacy_send_join_invitation()

    def action_advocacy_invite_to_join(self):
        """Button of the account manager: send the invitation to join now."""
        self._advocacy_check_user()
        self.check_access("write")
        invited = self._advocacy_send_join_invitation(manual=True)
        if not invited:
            raise UserError(
                self.env._(
                    "Nobody to invite: the contact needs an email address, must not have opted out or "
                    "asked not to be asked, and must not have joined already."
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Invitation to join sent to %s.", ", ".join(invited.mapped("name"))),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
