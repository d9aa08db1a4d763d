from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestAdvocateNotification(AdvocacyCommon):
    """The mails an advocate receives: queued (not sent inline) to their address, in their language,
    only when the event's switch is on and the advocate did not opt out; a digest instead for those who
    chose it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "advocacy@our-company.example"
        cls.mail_cron = cls.env.ref("mail.ir_cron_mail_scheduler_action")

    def _mails(self, partner, model=None):
        # the events are noted when the transaction commits (run its pre-commit hooks as a commit does),
        # then the sending cron, woken by them, makes the mails
        self.env.cr.flush()
        self.env["advocacy.notification"]._cron_send_mails()
        # the mails of the templates (not the chatter's notifications)
        domain = [("recipient_ids", "in", partner.ids), ("message_type", "=", "email_outgoing")]
        if model:
            domain.append(("model", "=", model))
        return self.env["mail.mail"].sudo().search(domain)

    def _set(self, **switches):
        self.env["res.config.settings"].create(switches).execute()

    def _new_contact(self, name, email, **vals):
        return self.env["res.partner"].create({"name": name, "email": email, **vals})

    def test_welcome_is_queued_to_the_new_advocate(self):
        contact = self._new_contact("Nina New", "nina@newco.example")
        triggers_before = (
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", self.mail_cron.id)])
        )
        contact.with_user(self.rep).write({"advocate_state": "active"})
        mail = self._mails(contact, "res.partner")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, not sent in the transaction")
        self.assertIn("Welcome to our advocacy program", mail.subject)
        self.assertIn(contact.referral_code, mail.body_html, "the mail carries the advocate's link")
        self.assertGreater(
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", self.mail_cron.id)]),
            triggers_before,
            "the mail queue is woken up",
        )
        # staying active (or becoming champion) does not welcome again
        contact.with_user(self.rep).write({"advocate_state": "champion"})
        self.assertEqual(len(self._mails(contact, "res.partner")), 1)

    def test_mail_in_the_advocates_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("advocacy_program.mail_template_advocate_welcome")
        template.with_context(lang="fr_FR").subject = "Bienvenue dans notre programme, {{ object.name }}"
        french = self._new_contact("Fabienne", "fabienne@client.example", lang="fr_FR")
        english = self._new_contact("Edward", "edward@client.example", lang="en_US")
        (french | english).with_user(self.rep).write({"advocate_state": "active"})
        self.assertEqual(self._mails(french).subject, "Bienvenue dans notre programme, Fabienne")
        self.assertEqual(self._mails(english).subject, "Welcome to our advocacy program, Edward")

    def test_switch_off_sends_nothing(self):
        self._set(advocacy_notify_welcome=False)
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.advocacy_notify_welcome)
        self.assertTrue(settings.advocacy_notify_referral_received, "the other switches keep their default")
        contact = self._new_contact("Quiet Quinn", "quinn@client.example")
        contact.with_user(self.rep).write({"advocate_state": "active"})
        self.assertFalse(self._mails(contact))
        self._referral(referrer_id=contact.id)
        self.assertEqual(len(self._mails(contact, "advocacy.referral")), 1, "referral mails still go")

    def test_opted_out_and_no_email_get_nothing_and_the_event_goes_through(self):
        opted = self._new_contact("Olga Out", "olga@client.example")
        opted.with_user(self.rep).write({"advocate_state": "opted_out"})
        referral = self._referral(referrer_id=opted.id)
        self.assertEqual(referral.state, "new", "the referral is recorded")
        self.assertFalse(self._mails(opted))
        no_email = self._new_contact("Norbert Nomail", False)
        no_email.with_user(self.rep).write({"advocate_state": "active"})
        self.assertTrue(no_email.referral_code, "the activation went through without a mail")

    def test_referral_received_then_won_through_the_order(self):
        prospect = self._new_contact("Initech", "buy@initech.example", is_company=True)
        lead = self.env["crm.lead"].create(
            {
                "name": "Deal from Ada",
                "type": "opportunity",
                "referral_code": self.code,
                "partner_id": prospect.id,
                "email_from": "buy@initech.example",
            }
        )
        referral = lead.referral_id
        received = self._mails(self.advocate, "advocacy.referral")
        self.assertEqual(len(received), 1)
        self.assertEqual(received.res_id, referral.id)
        self.assertIn("We received your referral", received.subject)
        order = self._order(prospect, opportunity_id=lead.id)
        order.action_confirm()
        self.assertEqual(referral.state, "won")
        won = self._mails(self.advocate, "advocacy.referral") - received
        self.assertEqual(len(won), 1)
        self.assertIn("became a customer", won.subject)
        self.assertEqual(won.email_to or won.recipient_ids.email, "ada@acme-robotics.com")

    def test_challenge_invitation(self):
        campaign = self.env["advocacy.campaign"].create(
            {"name": "Spring reviews", "date_start": "2026-01-01", "date_end": "2026-12-31"}
        )
        idea = self.env["advocacy.activity.idea"].search([], limit=1)
        challenge = self.env["advocacy.challenge"].create(
            {"name": "Review us on G2", "campaign_id": campaign.id, "idea_id": idea.id}
        )
        asked_not = self._new_contact("Dora Donotask", "dora@client.example", advocacy_do_not_ask=True)
        asked_not.with_user(self.rep).write({"advocate_state": "active"})
        challenge.with_user(self.manager).action_invite()
        mail = self._mails(self.advocate, "advocacy.participation")
        self.assertEqual(len(mail), 1)
        self.assertIn("Review us on G2", mail.subject)
        self.assertFalse(self._mails(asked_not, "advocacy.participation"), "do-not-ask: no invitation mail")

    def test_digest_groups_the_days_events_in_one_mail(self):
        welcome = self._mails(self.advocate)  # Ada joined the program in the set-up
        self.advocate.with_user(self.rep).advocacy_notify_digest = True
        first = self._referral()
        second = self._referral(referred_name="Sam Second", referred_email="sam@hooli.example")
        self.assertEqual(self._mails(self.advocate), welcome, "no mail per event for a digest advocate")
        Notification = self.env["advocacy.notification"].sudo()
        self.assertEqual(
            Notification.search_count(
                [("partner_id", "=", self.advocate.id), ("event", "=", "referral_received")]
            ),
            2,
        )
        other = self._new_contact("Direct Dan", "dan@client.example")
        other.with_user(self.rep).write({"advocate_state": "active"})
        Notification._cron_send_digest()
        digest = self._mails(self.advocate) - welcome
        self.assertEqual(len(digest), 1, "one mail for the day")
        self.assertEqual(digest.subject, "Your advocacy news of the day")
        self.assertIn(first.name, digest.body_html)
        self.assertIn(second.name, digest.body_html)
        self.assertIn("Referral received", digest.body_html)
        self.assertFalse(Notification.search_count([]), "the lines are consumed")
        Notification._cron_send_digest()
        self.assertEqual(self._mails(self.advocate) - welcome, digest, "nothing new: no second digest")

    def test_digest_batches_with_progress(self):
        advocates = self.env["res.partner"].create(
            [
                {"name": f"Digest {i}", "email": f"d{i}@digest.example", "advocacy_notify_digest": True}
                for i in range(3)
            ]
        )
        advocates.with_user(self.rep).write({"advocate_state": "active"})
        self.env.cr.flush()
        Notification = self.env["advocacy.notification"].sudo()
        self.assertEqual(Notification._cron_send_digest(batch_size=2), 2)
        self.assertEqual(Notification._cron_send_digest(batch_size=2), 1)
        for advocate in advocates:
            self.assertEqual(len(self._mails(advocate)), 1)

    def test_hand_logged_moment(self):
        form = Form(self.env["advocacy.moment"].with_user(self.rep))
        form.partner_id = self.customer
        form.moment_type = "renewal"
        form.note = "Renewal call went well"
        moment = form.save()
        self.assertEqual(moment.user_id, self.rep)
        self.assertEqual(moment.state, "asked")
        self.assertEqual(moment.activity_ids.user_id, self.rep, "the ask is on the rep's to-do list")

    def test_the_event_wakes_the_sending_cron_which_makes_the_mail(self):
        send_cron = self.env.ref("advocacy_program.ir_cron_send_advocate_mails")
        self.env["ir.cron.trigger"].search([("cron_id", "=", send_cron.id)]).unlink()
        referral = self._referral()
        self.env.cr.flush()  # the commit: the event noted, no mail rendered in the referral's transaction
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "advocacy.referral"), ("res_id", "=", referral.id)])
        )
        self.assertTrue(self.env["ir.cron.trigger"].search_count([("cron_id", "=", send_cron.id)]), "woken")
        mails = self._mails(self.advocate, "advocacy.referral")
        self.assertEqual(mails.res_id, referral.id)
        self.assertFalse(
            self.env["advocacy.notification"].search([("res_id", "=", referral.id)]), "sent once"
        )

    def test_a_broken_template_never_blocks_the_event(self):
        template = self.env.ref("advocacy_program.mail_template_referral_received")
        template.subject = "{{ object.no_such_field }}"
        referral = self._referral()
        self.env.cr.flush()
        self.assertEqual(referral.state, "new", "the referral is recorded")
        with self.assertLogs("odoo.addons.advocacy_program.models.notification", "ERROR"):
            self.assertFalse(self._mails(self.advocate, "advocacy.referral"))
        self.assertFalse(
            self.env["advocacy.notification"].search([("res_id", "=", referral.id)]),
            "dropped, not retried forever",
        )

    def test_no_moment_by_hand_for_a_do_not_ask_contact(self):
        self.customer.advocacy_do_not_ask = True
        form = Form(self.env["advocacy.moment"].with_user(self.rep))
        form.partner_id = self.customer
        form.moment_type = "renewal"
        with self.assertRaises(ValidationError):
            form.save()
        self.assertFalse(self.env["advocacy.moment"].search([("partner_id", "=", self.customer.id)]))
