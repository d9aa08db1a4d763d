from urllib.parse import quote

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..tools import attribution


class ResPartner(models.Model):
    """The advocate's referral code, share link and share kit."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("referral_code")
    def _compute_referral_share_url(self):
        for partner in self:
            partner.referral_share_url = (
                f"{partner.get_base_url()}/advocacy/r/{partner.referral_code}"
                if partner.referral_code
                else False
            )

    def _advocacy_check_code_free(self, code):
        """Refuse a code another contact holds before anything is written (clear error, no
        half-written record); the UNIQUE constraint still guards concurrent writes."""
        if code and self.sudo().with_context(active_test=False).search_count(
            [("referral_code", "=", code), ("id", "not in", self.ids)], limit=1
        ):
            raise ValidationError(self.env._("This referral code is already used by another contact."))

    @api.constrains("referral_code")
    def _check_referral_code(self):
        codes = [p.referral_code for p in self if p.referral_code]
        if not codes:
            return
        for partner in self.filtered("referral_code"):
            if attribution.normalize_code(partner.referral_code) != partner.referral_code:
                raise ValidationError(
                    self.env._(
                        "A referral code uses only capital letters and digits, without spaces: %s",
                        partner.referral_code,
                    )
                )
        clashes = (
            self.sudo()
            .with_context(active_test=False)
            .search_count([("referral_code", "in", codes), ("id", "not in", self.ids)], limit=1)
        )
        if clashes or len(set(codes)) != len(codes):
            raise ValidationError(self.env._("This referral code is already used by another contact."))

    def _advocacy_assign_code(self):
        """Give every partner of self a fresh random code, unique across the database."""
        if not self:
            return
        Partner = self.sudo().with_context(active_test=False)
        for _attempt in range(5):
            codes = [attribution.generate_code() for _p in self]
            if len(set(codes)) == len(codes) and not Partner.search_count(
                [("referral_code", "in", codes)], limit=1
            ):
                break
        else:
            raise UserError(self.env._("Could not generate a unique referral code, please try again."))
        for partner, code in zip(self, codes, strict=False):
            partner.sudo().referral_code = code

    def action_advocacy_generate_code(self):
        self._advocacy_check_user()
        self.check_access("write")
        self._advocacy_assign_code()
        for partner in self:
            partner.message_post(
                body=self.env._("New referral code generated; the previous one no longer attributes leads.")
            )
        return True

    def action_advocacy_revoke_code(self):
        self._advocacy_check_user()
        self.check_access("write")
        revoked = self.filtered("referral_code")
        revoked.sudo().write({"referral_code": False})
        for partner in revoked:
            partner.message_post(
                body=self.env._("Referral code revoked: leads carrying it are no longer attributed.")
            )
        return True

    def _advocacy_share_message(self):
        """The suggested message in the advocate's language (settings, else a default)."""
        self.ensure_one()
        lang = self.lang or self.env.lang
        company = (self.company_id or self.env.company).sudo().with_context(lang=lang)
        return company.advocacy_share_message or self.with_context(lang=lang).env._(
            "I work with %s and recommend them. If it could help you too, leave your details here:",
            company.name,
        )

    def _advocacy_share_kit(self):
        """What the advocate shares (link, message, share and QR code URLs), or False without a code.
        A dict of values only: pages hand it to their templates."""
        self.ensure_one()
        partner = self.sudo()
        if not partner.referral_code:
            return False
        url = partner.referral_share_url
        message = partner._advocacy_share_message()
        text = f"{message} {url}"
        subject = self.with_context(lang=partner.lang or self.env.lang).env._("A recommendation for you")
        return {
            "code": partner.referral_code,
            "url": url,
            "message": message,
            "mailto": f"mailto:?subject={quote(subject)}&body={quote(text)}",
            "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}",
            "x": f"https://x.com/intent/tweet?text={quote(message)}&url={quote(url, safe='')}",
            "whatsapp": f"https://wa.me/?text={quote(text)}",
            "qr": f"/report/barcode/?barcode_type=QR&value={quote(url, safe='')}&width=200&height=200",
        }

    def _advocacy_portal_url(self):
        """The advocate's own portal page (advocacy_rewards adds the full page)."""
        return "/my/advocacy/challenges"

    @api.model
    def _advocacy_friend_offer(self, company):
        """What a referred friend gets, shown on the share page (one text for every code, so the
        page still tells nothing about the code); advocacy_rewards fills it from its rules."""
        return False
