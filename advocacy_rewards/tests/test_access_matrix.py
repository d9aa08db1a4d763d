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
    # reward cost against referral revenue: the program owners' report
    "advocacy.campaign.roi": rights(NONE, READ, READ),
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
    "advocacy.reward": visible("rew_mine", "rew_mine rew_theirs", "rew_abroad"),
    "advocacy.points.entry": visible("pts_mine", "pts_mine pts_theirs", "pts_abroad"),
    "advocacy.redemption": visible("red_mine", "red_mine red_theirs", "red_abroad"),
}


@tagged("post_install", "-at_install", "access_matrix")
class TestRewardsAccessMatrix(AccessMatrixCase):
    addon = "advocacy_rewards"
    MODEL_ACCESS = MODEL_ACCESS
    RECORD_ACCESS = RECORD_ACCESS

    @classmethod
    def _access_records(cls):
        env = cls.env
        main, other = cls.main_company, cls.other_company
        Partner = env["res.partner"]
        mine = Partner.create({"name": "Matrix Rewards Mine", "user_id": cls.users["user"].id})
        theirs = Partner.create({"name": "Matrix Rewards Theirs", "user_id": cls.other_rep.id})
        abroad = Partner.create({"name": "Matrix Rewards Abroad", "company_id": other.id})
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
        for suffix, partner, company, rule in (
            ("mine", mine, main, records["rule"]),
            ("theirs", theirs, main, records["rule"]),
            ("abroad", abroad, other, records["rule_other"]),
        ):
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
            records[f"pts_{suffix}"] = Entry.create(
                {
                    "name": "Matrix grant",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "kind": "adjust",
                    "points": 100,
                }
            )
            item = records["item_other" if company == other else "item"]
            records[f"red_{suffix}"] = (
                env["advocacy.redemption"]
                .with_company(company)
                .create({"partner_id": partner.id, "item_id": item.id, "company_id": company.id})
            )
        return records
