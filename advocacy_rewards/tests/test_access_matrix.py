from odoo.addons.advocacy_program.tests.access_matrix import AccessMatrixCase
from odoo.tests import tagged

NONE = "----"
READ = "r---"
FULL = "rwcu"


def rights(user, manager, admin):
    """Rights per role: the other company's user is a Manager there."""
    return {
        "public": NONE,
        "portal": NONE,  # advocates reach their own figures through the portal page, never the models
        "user": user,
        "manager": manager,
        "admin": admin,
        "other_company": manager,
    }


# model -> role -> rights ("rwcu": read, write, create, unlink)
MODEL_ACCESS = {
    # configuration: Administrators only
    "advocacy.tier": rights(READ, READ, FULL),
    "advocacy.reward.rule": rights(READ, READ, FULL),
    "advocacy.catalog.item": rights(READ, READ, FULL),
    # rewards are made by the rules and approved by Managers, never created or deleted by hand
    "advocacy.reward": rights(READ, "rw--", "rw--"),
    # the points ledger is append-only: Managers post adjustments, nobody edits or deletes
    "advocacy.points.entry": rights(READ, "r-c-", "r-c-"),
    "advocacy.redemption": rights(READ, "rwc-", "rwc-"),
    "advocacy.leaderboard": rights(READ, READ, READ),
    # the rewards' cost in one currency (a report): read where the rewards are read
    "advocacy.reward.cost": rights(READ, READ, READ),
    # reward cost against referral revenue: the program owners' report
    "advocacy.campaign.roi": rights(NONE, READ, READ),
    # the tier history: written by the tier recomputation only, never by hand
    "advocacy.tier.change": rights(READ, READ, READ),
}


def visible(user, manager, other):
    return {
        "public": "",
        "portal": "",
        "user": user,
        "manager": manager,
        "admin": manager,
        "other_company": other,
    }


RECORD_ACCESS = {
    "advocacy.tier": visible("tier tier_shared", "tier tier_shared", "tier_other tier_shared"),
    "advocacy.reward.rule": visible("rule", "rule", "rule_other"),
    "advocacy.catalog.item": visible("item item_shared", "item item_shared", "item_other item_shared"),
}
# the advocates of the main company, as the "user" role sees them: who manages an advocate is its account
# manager, else its company's, else its salesperson, else its company's
# (res.partner._advocacy_account_manager)
ADVOCATES = {
    "mine": "the user is its salesperson",
    "theirs": "another rep is its salesperson",
    "managed": "the user is its account manager (another rep its salesperson)",
    "managed_co": "the user is its company's account manager (another rep its salesperson)",
    "sold_co": "the user is its company's salesperson",
    "reassigned": "the user is its salesperson, another rep its account manager",
}
USER_ADVOCATES = ("mine", "managed", "managed_co", "sold_co")
for _model, _prefix in (
    ("advocacy.reward", "rew"),
    ("advocacy.points.entry", "pts"),
    ("advocacy.redemption", "red"),
    ("advocacy.reward.cost", "cost"),
):
    RECORD_ACCESS[_model] = visible(
        " ".join(f"{_prefix}_{a}" for a in USER_ADVOCATES),
        " ".join(f"{_prefix}_{a}" for a in ADVOCATES),
        f"{_prefix}_abroad",
    )

# the tier history follows its contact: a contact shared between companies (no company: every advocate
# but "abroad") shows its tier, and so its tier history, in every company, as its form does
RECORD_ACCESS["advocacy.tier.change"] = visible(
    " ".join(f"tch_{a}" for a in USER_ADVOCATES),
    " ".join(f"tch_{a}" for a in ADVOCATES),
    " ".join(f"tch_{a}" for a in (*ADVOCATES, "abroad")),
)


@tagged("post_install", "-at_install", "access_matrix")
class TestRewardsAccessMatrix(AccessMatrixCase):
    addon = "advocacy_rewards"
    MODEL_ACCESS = MODEL_ACCESS
    RECORD_ACCESS = RECORD_ACCESS

    @classmethod
    def _access_records(cls):
        env = cls.env
        main, other = cls.main_company, cls.other_company
        cls.advocates = cls._advocates()
        Tier, Rule, Item = env["advocacy.tier"], env["advocacy.reward.rule"], env["advocacy.catalog.item"]
        rule_values = {
            "trigger": "referral_won",
            "reward_type": "points",
            "amount_mode": "fixed",
            "amount_fixed": 10,
        }
        records = {
            "tier": Tier.create({"name": "Matrix Gold", "company_id": main.id, "threshold": 10**9}),
            "tier_shared": Tier.create({"name": "Matrix Shared", "threshold": 10**9}),
            "tier_other": Tier.create({"name": "Matrix Foreign", "company_id": other.id, "threshold": 10**9}),
            "rule": Rule.create({**rule_values, "name": "Matrix rule", "company_id": main.id}),
            "rule_other": Rule.create({**rule_values, "name": "Matrix foreign rule", "company_id": other.id}),
            "item": Item.create({"name": "Matrix mug", "company_id": main.id, "points_cost": 10}),
            "item_shared": Item.create({"name": "Matrix shirt", "points_cost": 10}),
            "item_other": Item.create({"name": "Matrix cap", "company_id": other.id, "points_cost": 10}),
        }
        # rewards are issued by the rules: the fixture writes them through the rewards' service key
        Entry = env["advocacy.points.entry"]
        Reward = env["advocacy.reward"].with_context(advocacy_rewards_reward_service=True)
        for suffix, partner in cls.advocates.items():
            company = other if suffix == "abroad" else main
            rule = records["rule_other" if suffix == "abroad" else "rule"]
            records[f"rew_{suffix}"] = Reward.create(
                {
                    "rule_id": rule.id,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "points": 10,
                    "source_model": "res.partner",
                    "source_id": partner.id,
                }
            )
            # the report's row of a reward has the reward's id
            records[f"cost_{suffix}"] = env["advocacy.reward.cost"].browse(records[f"rew_{suffix}"].id)
            records[f"pts_{suffix}"] = Entry.create(
                {
                    "name": "Matrix grant",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "kind": "adjust",
                    "points": 100,
                }
            )
            records[f"tch_{suffix}"] = (
                env["advocacy.tier.change"]
                ._advocacy_service()
                .create({"partner_id": partner.id, "new_tier_id": records["tier_shared"].id})
            )
            item = records["item_other" if company == other else "item"]
            records[f"red_{suffix}"] = (
                env["advocacy.redemption"]
                .with_company(company)
                .create({"partner_id": partner.id, "item_id": item.id, "company_id": company.id})
            )
        env.flush_all()
        return records

    @classmethod
    def _advocates(cls):
        Partner = cls.env["res.partner"]
        user, rep = cls.users["user"], cls.other_rep
        managed_company = Partner.create(
            {
                "name": "Matrix Managed Co",
                "is_company": True,
                "account_manager_id": user.id,
                "user_id": rep.id,
            }
        )
        sold_company = Partner.create({"name": "Matrix Sold Co", "is_company": True, "user_id": user.id})
        return {
            "mine": Partner.create({"name": "Matrix Rewards Mine", "user_id": user.id}),
            "theirs": Partner.create({"name": "Matrix Rewards Theirs", "user_id": rep.id}),
            "managed": Partner.create(
                {"name": "Matrix Rewards Managed", "user_id": rep.id, "account_manager_id": user.id}
            ),
            "managed_co": Partner.create(
                {"name": "Matrix Rewards Managed Contact", "parent_id": managed_company.id, "user_id": rep.id}
            ),
            "sold_co": Partner.create({"name": "Matrix Rewards Sold Contact", "parent_id": sold_company.id}),
            "reassigned": Partner.create(
                {"name": "Matrix Rewards Reassigned", "user_id": user.id, "account_manager_id": rep.id}
            ),
            "abroad": Partner.create({"name": "Matrix Rewards Abroad", "company_id": cls.other_company.id}),
        }

    def test_rules_follow_who_manages_the_advocate(self):
        """The rules of the four models give a User the advocates res.partner._advocacy_account_manager()
        names him for, no more, no less."""
        user = self.users["user"]
        managed = {
            label for label, partner in self.advocates.items() if partner._advocacy_account_manager() == user
        }
        self.assertEqual(managed, set(USER_ADVOCATES), ADVOCATES)
        for model in (
            "advocacy.reward",
            "advocacy.points.entry",
            "advocacy.redemption",
            "advocacy.reward.cost",
            "advocacy.tier.change",
        ):
            seen = (
                self.env[model]
                .with_user(user)
                .search([("partner_id", "in", [p.id for p in self.advocates.values()])])
            )
            labels = {label for label, partner in self.advocates.items() if partner in seen.partner_id}
            self.assertEqual(labels, managed, model)
