from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsResponse(NpsCommon):
    def test_band_is_stored_and_follows_the_score(self):
        answers = self._answers(self.ann, [0, 6, 7, 8, 9, 10])
        self.assertEqual(
            answers.mapped("category"),
            ["detractor", "detractor", "passive", "passive", "promoter", "promoter"],
        )
        answers[0].score = 10
        self.assertEqual(answers[0].category, "promoter")
        self.assertEqual(
            self.Response.search_count([("id", "in", answers.ids), ("category", "=", "promoter")]), 3
        )

    def test_score_out_of_range_is_refused_by_the_database(self):
        # the ORM refuses it with a clear message (test_nps_api_input); the database holds it anyway
        answer = self._answers(self.ann, [5])
        self.env.flush_all()
        for score in (-1, 11):
            with self.subTest(score=score), mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
                with self.env.cr.savepoint():
                    self.env.cr.execute(
                        SQL("UPDATE advocacy_nps_response SET score = %s WHERE id = %s", score, answer.id)
                    )

    def test_context_copied_from_the_contact(self):
        answer = self._answers(self.ann, [9])
        self.assertEqual(answer.commercial_partner_id, self.acme)
        self.assertEqual(answer.user_id, self.rep, "the company's salesperson")
        self.assertEqual(answer.owner_id, self.rep, "the account manager follows the answer up")
        self.assertEqual(answer.role, "decision_maker")
        self.assertEqual(answer.company_id, self.env.company)

    def test_followup_question_per_band(self):
        promoter, passive, detractor = self._answers(self.ann, [10, 7, 2])
        self.assertIn("like most", promoter.followup_question)
        self.assertIn("a 10", passive.followup_question)
        self.assertIn("went wrong", detractor.followup_question)

    def test_partner_latest_score_trend_and_company_rollup(self):
        self._answers(self.ann, [4], date=date(2026, 1, 10))
        self._answers(self.ann, [9], date=date(2026, 3, 10))
        self._answers(self.bob, [10, 2])
        self.ann.invalidate_recordset()
        self.assertEqual(self.ann.nps_latest_score, 9)
        self.assertEqual(self.ann.nps_latest_category, "promoter")
        self.assertEqual(self.ann.nps_trend, "up")
        self.assertEqual(self.ann.nps_response_count, 2)
        self.assertFalse(self.gil.nps_latest_category)
        # Acme over twelve months: (the 2026 answers that are recent) counted from the bands
        answers = self.Response.search([("commercial_partner_id", "=", self.acme.id)])
        recent = answers.filtered(lambda a: (date.today() - a.date).days < 365)
        promoters = len(recent.filtered(lambda a: a.category == "promoter"))
        detractors = len(recent.filtered(lambda a: a.category == "detractor"))
        self.assertAlmostEqual(self.acme.nps_company_score, 100.0 * (promoters - detractors) / len(recent))
        self.assertEqual(self.acme.nps_company_count, len(recent))

    def test_lead_shows_the_contact_nps(self):
        self._answers(self.ann, [3])
        lead = self.env["crm.lead"].create({"name": "Upsell", "partner_id": self.ann.id})
        self.assertEqual(lead.nps_latest_score, 3)
        self.assertEqual(lead.nps_latest_category, "detractor")

    def test_breakdown_nps_margin_and_significance(self):
        # October: 2 promoters, 0 passives, 8 detractors -> -60; November: 8 / 2 / 0 -> +80
        self._answers(self.ann, [10] * 2 + [3] * 8, date=date(2026, 10, 5))
        self._answers(self.ann, [9] * 8 + [7] * 2, date=date(2026, 11, 5))
        self._answers(self.gil, [10], date=date(2026, 11, 6))
        rows = self.Response._nps_breakdown([("partner_id", "=", self.ann.id)])
        self.assertEqual([r["nps"] for r in rows], [-60.0, 80.0])
        self.assertEqual(rows[1]["promoters"], 8)
        self.assertAlmostEqual(rows[0]["margin"], 1.959964 * 100 * ((0.2 + 0.8 - 0.36) / 10) ** 0.5, places=3)
        self.assertIsNone(rows[0]["change"])
        self.assertEqual(rows[1]["change"], 140.0)
        self.assertTrue(rows[1]["significant"])
        mine = [("partner_id", "in", self.contacts.ids), ("date", ">=", date(2026, 11, 1))]
        by_role = self.Response._nps_breakdown(mine, segment="role")
        self.assertEqual(
            {(r["segment"], r["nps"]) for r in by_role}, {("decision_maker", 80.0), ("user", 100.0)}
        )
        by_user = self.Response._nps_breakdown(mine, segment="user_id")
        self.assertEqual({(r["segment"], r["count"]) for r in by_user}, {(self.rep, 10), (self.other_rep, 1)})

    def test_report_view_gives_the_true_nps(self):
        self._answers(self.ann, [10, 10, 8, 0], date=date(2026, 11, 5))
        groups = self.env["advocacy.nps.report"]._read_group(
            [("partner_id", "=", self.ann.id)], ["date:month"], ["nps:avg", "response_count:sum", "score:avg"]
        )
        self.assertEqual(len(groups), 1)
        _month, nps, count, average_score = groups[0]
        self.assertEqual(count, 4)
        self.assertAlmostEqual(nps, 25.0, msg="50% promoters - 25% detractors")
        self.assertAlmostEqual(average_score, 7.0, msg="the average score is not the NPS")

    def test_reps_see_their_own_customers_only(self):
        mine = self._answers(self.ann, [8])
        theirs = self._answers(self.gil, [8])
        visible = self.Response.with_user(self.rep).search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep).read(["score"])
        self.assertEqual(
            self.Response.with_user(self.manager).search_count([("id", "in", (mine | theirs).ids)]), 2
        )
        report = (
            self.env["advocacy.nps.report"].with_user(self.rep).search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(report.ids, mine.ids)

    def test_other_company_answers_are_invisible(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        answer = self.Response.create({"partner_id": self.ann.id, "score": 9, "company_id": other.id})
        self.assertFalse(self.Response.with_user(self.manager).search([("id", "=", answer.id)]))

    def test_portal_user_reads_nothing(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal Ann",
                "login": "portal_ann",
                "partner_id": self.bob.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        answer = self._answers(self.bob, [9])
        with self.assertRaises(AccessError):
            answer.with_user(portal).read(["score"])

    def test_csat_percent_per_touchpoint_and_period(self):
        Csat = self.env["advocacy.csat.response"]
        Csat.search([]).unlink()
        Csat.create(
            [
                {
                    "partner_id": self.ann.id,
                    "touchpoint": "software",
                    "rating": rating,
                    "date": date(2026, 10, 3),
                }
                for rating in ("satisfied", "satisfied", "satisfied", "neutral")
            ]
            + [
                {
                    "partner_id": self.gil.id,
                    "touchpoint": "events",
                    "rating": rating,
                    "date": date(2026, 11, 3),
                }
                for rating in ("satisfied", "dissatisfied")
            ]
        )
        rows = {(r["touchpoint"], r["period"].month): (r["count"], r["csat"]) for r in Csat._csat_breakdown()}
        self.assertEqual(rows, {("software", 10): (4, 75.0), ("events", 11): (2, 50.0)})
        # the pivot measure is the same CSAT%
        groups = Csat._read_group([], ["touchpoint"], ["csat_value:avg"])
        self.assertEqual(dict(groups), {"software": 75.0, "events": 50.0})
