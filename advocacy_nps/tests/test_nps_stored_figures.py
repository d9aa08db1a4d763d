from datetime import date

from odoo.addons.advocacy_program.tests.rpc import RpcCase
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsStoredLatest(NpsCommon):
    """The latest answer is stored on the contact and its company, so that lists sort, group and
    filter by it; the answers keep it true whatever happens to them."""

    def _answer(self, partner, score, day, **vals):
        return self.Response.create(
            {"partner_id": partner.id, "score": score, "date": day, "channel": "phone", **vals}
        )

    def test_latest_answer_follows_the_answers(self):
        first = self._answer(self.ann, 3, date(2026, 1, 5))
        self.assertEqual((self.ann.nps_last_band, self.ann.nps_last_score), ("detractor", 3))
        self.assertEqual(self.ann.nps_last_date, date(2026, 1, 5))
        # the company rolls up its contacts: Bob answered later
        self._answer(self.bob, 9, date(2026, 2, 1))
        self.assertEqual(self.acme.nps_last_band, "promoter")
        self.assertEqual(self.ann.nps_last_band, "detractor")
        # a corrected score (typed by phone), then a deleted answer
        first.write({"score": 8})
        self.assertEqual((self.ann.nps_last_band, self.ann.nps_last_score), ("passive", 8))
        first.unlink()
        self.assertFalse(self.ann.nps_last_band)
        self.assertEqual(self.acme.nps_last_band, "promoter")
        # group and filter in the database
        groups = dict(
            self.env["res.partner"]._read_group(
                [("id", "in", (self.acme | self.ann | self.bob).ids)], ["nps_last_band"], ["__count"]
            )
        )
        self.assertEqual(groups, {"promoter": 2, False: 1})

    def test_leaving_the_company_leaves_its_roll_up(self):
        self._answer(self.ann, 2, date(2026, 3, 1))
        self.assertEqual(self.acme.nps_last_band, "detractor")
        self.ann.parent_id = self.globex
        self.assertFalse(self.acme.nps_last_band)
        self.assertEqual(self.globex.nps_last_band, "detractor")

    def test_merge_moves_the_latest_answer(self):
        dup = self.env["res.partner"].create({"name": "Ann (dup)", "email": "ann@acme.example"})
        self._answer(dup, 10, date(2026, 4, 1))
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_ids=(self.ann | dup).ids, active_model="res.partner")
            .create({})
        )
        wizard.write({"dst_partner_id": self.ann.id, "partner_ids": [(6, 0, (self.ann | dup).ids)]})
        wizard.action_merge()
        self.assertEqual((self.ann.nps_last_band, self.ann.nps_last_score), ("promoter", 10))

    def test_nobody_sets_the_stored_figures(self):
        for env in (self.env(user=self.manager), self.env(su=True)):
            with self.subTest(user=env.user.login, su=env.su), self.assertRaises(AccessError):
                env["res.partner"].browse(self.ann.id).write({"nps_last_band": "promoter"})
        with self.assertRaises(AccessError):
            self.env["res.partner"].create({"name": "Fake", "nps_last_score": 10})


@tagged("post_install", "-at_install")
class TestAskPromotersForReferral(RpcCase):
    """The filter "Promoters without a referral yet" and the one-click ask, through the web client's door."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(cls.env, login="ask_rep", groups="advocacy_program.group_advocacy_user")
        cls.clerk = new_test_user(
            cls.env, login="ask_clerk", groups="base.group_user,base.group_partner_manager"
        )
        Partner = cls.env["res.partner"]
        cls.quiet = Partner.create(
            {"name": "Quiet Promoter", "email": "quiet@q.example", "user_id": cls.rep.id}
        )
        cls.referrer = Partner.create(
            {"name": "Busy Promoter", "email": "busy@b.example", "user_id": cls.rep.id}
        )
        cls.grumpy = Partner.create({"name": "Grumpy", "email": "grumpy@g.example", "user_id": cls.rep.id})
        Response = cls.env["advocacy.nps.response"].with_context(advocacy_nps_skip_loop=True)
        for partner, score in ((cls.quiet, 10), (cls.referrer, 9), (cls.grumpy, 2)):
            Response.create({"partner_id": partner.id, "score": score, "channel": "phone"})
        cls.env["advocacy.referral"].create(
            {"referrer_id": cls.referrer.id, "referred_name": "Friend", "referred_email": "friend@f.example"}
        )
        cls.domain = [
            ("id", "in", (cls.quiet | cls.referrer | cls.grumpy).ids),
            ("nps_last_band", "=", "promoter"),
            ("advocacy_has_referred", "=", False),
        ]

    def test_filter_and_ask(self):
        found, error = self.call_kw("ask_rep", "res.partner", "search", [self.domain])
        self.assertIsNone(error)
        self.assertEqual(found, self.quiet.ids)
        everyone = (self.quiet | self.referrer | self.grumpy).ids
        result, error = self.call_kw("ask_rep", "res.partner", "action_nps_ask_referral", [everyone])
        self.assertIsNone(error)
        self.assertIn("2 promoters", result["params"]["message"])
        moments = self.env["advocacy.moment"].search([("partner_id", "in", everyone)])
        self.assertEqual(moments.partner_id, self.quiet | self.referrer)
        self.assertEqual(set(moments.mapped("moment_type")), {"promoter"})
        self.assertTrue(moments.activity_ids)
        # asked once within the cooldown: a second click asks nobody again
        result, error = self.call_kw("ask_rep", "res.partner", "action_nps_ask_referral", [everyone])
        self.assertIn("0 promoters", result["params"]["message"])
        self.assertEqual(self.env["advocacy.moment"].search_count([("partner_id", "in", everyone)]), 2)

    def test_employee_outside_the_program_neither_filters_nor_asks(self):
        self.assertRefused(self.call_kw("ask_clerk", "res.partner", "search", [self.domain]))
        self.assertRefused(
            self.call_kw("ask_clerk", "res.partner", "action_nps_ask_referral", [self.quiet.ids])
        )
        self.assertFalse(self.env["advocacy.moment"].search([("partner_id", "=", self.quiet.id)]))
