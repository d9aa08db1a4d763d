from odoo.addons.advocacy_program.tests.route_fuzz import RouteFuzzCase
from odoo.tests import tagged


@tagged("post_install", "-at_install", "route_fuzz")
class TestRewardsRouteFuzz(RouteFuzzCase):
    addon = "advocacy_rewards"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.item = env["advocacy.catalog.item"].create({"name": "Fuzz mug", "points_cost": 10})
        Entry = env["advocacy.points.entry"]
        Entry.create(
            {
                "name": "Fuzz grant",
                "partner_id": cls.fuzz_portal.partner_id.id,
                "kind": "adjust",
                "points": 1000,
            }
        )
        # the victim's own referral and ledger carry the marker: none of it may reach the portal user
        cls.victim.advocate_state = "active"
        Entry.create(
            {
                "name": f"Bonus {cls.fuzz_secret}",
                "partner_id": cls.victim.id,
                "kind": "adjust",
                "points": 77310,
            }
        )
        env["advocacy.referral"].create(
            {
                "referrer_id": cls.victim.id,
                "referred_name": f"Prospect {cls.fuzz_secret}",
                "referred_email": "prospect.zqxsecret7731@example.com",
            }
        )

    def _fuzz_seeds(self):
        return {
            "item_id": [self.item.id],
            "partner_id": [self.fuzz_portal.partner_id.id, self.victim.id],
            "email": ["paula@initech.com"],
            "name": ["Paula Prospect"],
            "company": ["Initech"],
        }

    def _fuzz_secrets(self):
        return [*super()._fuzz_secrets(), self.victim.referral_code, "77310", "prospect.zqxsecret7731"]

    def _fuzz_allowed_writes(self, rule, method, params, csrf_ok, logged_in):
        # a logged-in advocate may refer someone (the referral's rewards follow, and the tier those points
        # reach, recorded in the tier history) and redeem points
        if not (logged_in and csrf_ok and method == "POST"):
            return set()
        if rule == "/my/advocacy/referral":
            return {"advocacy.reward", "advocacy.points.entry", "advocacy.tier.change"}
        if rule == "/my/advocacy/redeem":
            return {"advocacy.redemption", "advocacy.points.entry"}
        return set()

    def _fuzz_expected_status(self, rule, method, login):
        if not login:  # every route is for logged-in users: the redirect to the login page
            return super()._fuzz_expected_status(rule, method, login)
        # a referral or a redemption sends the advocate back to the portal page with its message
        if rule == "/my/advocacy/referral":
            return 303, "/my/advocacy?message=referral"
        if rule == "/my/advocacy/redeem":
            return 303, "/my/advocacy?message=redeemed"
        # the payout export is for program managers (its export is tested in test_portal)
        if rule == "/advocacy_rewards/payout.xlsx":
            return 403
        return super()._fuzz_expected_status(rule, method, login)
