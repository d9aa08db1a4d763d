from odoo.addons.advocacy_program.tests.access_matrix import AccessMatrixCase
from odoo.tests import tagged

NONE = "----"
READ = "r---"
STAFF = "rwc-"  # reps record and follow up answers; only Managers delete
FULL = "rwcu"
MANAGERS = {"manager": FULL, "admin": FULL, "other_company": FULL}

# model -> role -> rights ("rwcu": read, write, create, unlink)
MODEL_ACCESS = {
    "advocacy.nps.response": {"public": NONE, "portal": NONE, "user": STAFF, **MANAGERS},
    "advocacy.csat.response": {"public": NONE, "portal": NONE, "user": STAFF, **MANAGERS},
    "advocacy.nps.reason": {"public": NONE, "portal": NONE, "user": READ, **MANAGERS},
    "advocacy.nps.wave": {"public": NONE, "portal": NONE, "user": READ, **MANAGERS},
    "advocacy.nps.invitation": {"public": NONE, "portal": NONE, "user": READ, **MANAGERS},
    # answers waiting for the answer cron: written by the survey page, read by Odoo's settings
    # administrators only (none of these roles)
    "advocacy.nps.click": {
        "public": NONE,
        "portal": NONE,
        "user": NONE,
        "manager": NONE,
        "admin": NONE,
        "other_company": NONE,
    },
    # a reporting view: nobody writes it
    "advocacy.nps.report": {
        "public": NONE,
        "portal": NONE,
        "user": READ,
        "manager": READ,
        "admin": READ,
        "other_company": READ,
    },
    # NPS and money (SQL views): read by the advocacy team, written by nobody
    "advocacy.nps.revenue.report": {
        "public": NONE,
        "portal": NONE,
        "user": READ,
        "manager": READ,
        "admin": READ,
        "other_company": READ,
    },
    "advocacy.nps.account.report": {
        "public": NONE,
        "portal": NONE,
        "user": READ,
        "manager": READ,
        "admin": READ,
        "other_company": READ,
    },
    # wizards: importing answers is a Manager's job, the XLSX export anyone's who reads answers
    "advocacy.nps.import": {"public": NONE, "portal": NONE, "user": NONE, **MANAGERS},
    "advocacy.nps.import.column": {"public": NONE, "portal": NONE, "user": NONE, **MANAGERS},
    "advocacy.nps.xlsx.export": {"public": NONE, "portal": NONE, "user": FULL, **MANAGERS},
}

MINE = "resp_owner resp_sales resp_partner"
ALL = f"{MINE} resp_other"
RECORD_ACCESS = {
    "advocacy.nps.response": {
        "public": "",
        "portal": "",
        "user": MINE,
        "manager": ALL,
        "admin": ALL,
        "other_company": "resp_other_company",
    },
    # the analysis follows the answer's owner and salesperson only
    "advocacy.nps.report": {
        "public": "",
        "portal": "",
        "user": "rep_owner rep_sales",
        "manager": "rep_owner rep_sales rep_partner rep_other",
        "admin": "rep_owner rep_sales rep_partner rep_other",
        "other_company": "rep_other_company",
    },
    # NPS and revenue follows the answer's owner and salesperson, like the NPS analysis
    "advocacy.nps.revenue.report": {
        "public": "",
        "portal": "",
        "user": "money_owner money_sales",
        "manager": "money_owner money_sales money_partner money_other",
        "admin": "money_owner money_sales money_partner money_other",
        "other_company": "money_other_company",
    },
    # revenue by band follows the account's salesperson and account manager, per company
    "advocacy.nps.account.report": {
        "public": "",
        "portal": "",
        "user": "account_mine",
        "manager": "account_mine account_theirs",
        "admin": "account_mine account_theirs",
        "other_company": "account_abroad",
    },
    "advocacy.csat.response": {
        "public": "",
        "portal": "",
        "user": "csat_mine csat_partner",
        "manager": "csat_mine csat_partner csat_other",
        "admin": "csat_mine csat_partner csat_other",
        "other_company": "csat_other_company",
    },
    "advocacy.nps.wave": {
        "public": "",
        "portal": "",
        "user": "wave",
        "manager": "wave",
        "admin": "wave",
        "other_company": "wave_other_company",
    },
    "advocacy.nps.invitation": {
        "public": "",
        "portal": "",
        "user": "invitation",
        "manager": "invitation",
        "admin": "invitation",
        "other_company": "invitation_other_company",
    },
    "advocacy.nps.reason": {
        "public": "",
        "portal": "",
        "user": "reason",
        "manager": "reason",
        "admin": "reason",
        "other_company": "reason",
    },
}


@tagged("post_install", "-at_install", "access_matrix")
class TestNpsAccessMatrix(AccessMatrixCase):
    addon = "advocacy_nps"
    MODEL_ACCESS = MODEL_ACCESS
    RECORD_ACCESS = RECORD_ACCESS

    @classmethod
    def _access_records(cls):
        Partner = cls.env["res.partner"]
        user, rep2, foreign = cls.users["user"], cls.other_rep, cls.users["other_company"]
        mine = Partner.create(
            {"name": "Matrix NPS Mine", "email": "mine@matrix.example.com", "user_id": user.id}
        )
        theirs = Partner.create(
            {"name": "Matrix NPS Theirs", "email": "theirs@matrix.example.com", "user_id": rep2.id}
        )
        abroad = Partner.create(
            {
                "name": "Matrix NPS Abroad",
                "email": "abroad@matrix.example.com",
                "company_id": cls.other_company.id,
            }
        )
        main, other = cls.main_company.id, cls.other_company.id

        def answer(partner, owner, salesperson, company=main):
            return cls.env["advocacy.nps.response"].create(
                {
                    "partner_id": partner.id,
                    "score": 9,
                    "owner_id": owner.id,
                    "user_id": salesperson.id,
                    "company_id": company,
                }
            )

        def csat(partner, salesperson, company=main):
            return cls.env["advocacy.csat.response"].create(
                {
                    "partner_id": partner.id,
                    "touchpoint": "software",
                    "rating": "satisfied",
                    "user_id": salesperson.id,
                    "company_id": company,
                }
            )

        Wave = cls.env["advocacy.nps.wave"]
        wave = Wave.create({"name": "Matrix wave", "company_id": main})
        wave_other = Wave.create({"name": "Matrix foreign wave", "company_id": other, "user_id": foreign.id})
        Invitation = cls.env["advocacy.nps.invitation"]
        responses = {
            "resp_owner": answer(theirs, user, rep2),
            "resp_sales": answer(theirs, rep2, user),
            "resp_partner": answer(mine, rep2, rep2),
            "resp_other": answer(theirs, rep2, rep2),
            "resp_other_company": answer(abroad, foreign, foreign, other),
        }
        cls.env.flush_all()
        Report = cls.env["advocacy.nps.report"]
        Money = cls.env["advocacy.nps.revenue.report"]
        Accounts = cls.env["advocacy.nps.account.report"]
        return {
            **responses,
            **{"rep" + label[4:]: Report.browse(record.id) for label, record in responses.items()},
            **{"money" + label[4:]: Money.browse(record.id) for label, record in responses.items()},
            **{
                f"account_{name}": Accounts.search(
                    [("commercial_partner_id", "=", partner.id), ("company_id", "=", company)]
                )
                for name, partner, company in (
                    ("mine", mine, main),
                    ("theirs", theirs, main),
                    ("abroad", abroad, other),
                )
            },
            "csat_mine": csat(theirs, user),
            "csat_partner": csat(mine, rep2),
            "csat_other": csat(theirs, rep2),
            "csat_other_company": csat(abroad, foreign, other),
            "wave": wave,
            "wave_other_company": wave_other,
            "invitation": Invitation.create({"wave_id": wave.id, "partner_id": theirs.id}),
            "invitation_other_company": Invitation.create(
                {"wave_id": wave_other.id, "partner_id": abroad.id}
            ),
            "reason": cls.env["advocacy.nps.reason"].create({"name": "Matrix reason"}),
        }
