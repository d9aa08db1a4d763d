from odoo.tests import TransactionCase, new_test_user


class AdvocacyCommon(TransactionCase):
    """Two reps, a manager and a portal advocate; an advocate company with a referral code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env.company
        cls.rep = new_test_user(
            cls.env, login="adv_rep", name="Rita Rep", groups="advocacy_program.group_advocacy_user"
        )
        cls.rep2 = new_test_user(
            cls.env, login="adv_rep2", name="Otto Other", groups="advocacy_program.group_advocacy_user"
        )
        cls.manager = new_test_user(
            cls.env,
            login="adv_manager",
            name="Mona Manager",
            groups="advocacy_program.group_advocacy_manager",
        )
        Partner = cls.env["res.partner"]
        cls.advocate_company = Partner.create(
            {
                "name": "Acme Robotics",
                "is_company": True,
                "email": "info@acme-robotics.com",
                "account_manager_id": cls.rep.id,
            }
        )
        cls.advocate = Partner.create(
            {
                "name": "Ada Advocate",
                "parent_id": cls.advocate_company.id,
                "email": "ada@acme-robotics.com",
                "advocate_state": "active",
            }
        )
        cls.code = cls.advocate.referral_code
        cls.portal_user = new_test_user(
            cls.env, login="adv_portal", name="Ada Advocate Portal", groups="base.group_portal"
        )
        cls.portal_user.partner_id.parent_id = cls.advocate_company
        cls.customer = Partner.create(
            {"name": "Globex Corporation", "is_company": True, "email": "buy@globex.com", "customer_rank": 1}
        )
        cls.won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.product = cls.env["product.product"].create({"name": "Advocacy Suite", "list_price": 1000.0})
        cls.env["ir.config_parameter"].sudo().set_param("advocacy_program.attribution_window_days", "365")

    def _referral(self, **vals):
        values = {
            "referrer_id": self.advocate.id,
            "referred_name": "Paula Prospect",
            "referred_company": "Initech",
            "referred_email": "paula@initech.com",
            "user_id": self.rep.id,
        }
        values.update(vals)
        return self.env["advocacy.referral"].create(values)

    def _order(self, partner, amount=1000.0, **vals):
        values = {
            "partner_id": partner.id,
            "order_line": [
                (0, 0, {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount})
            ],
        }
        values.update(vals)
        return self.env["sale.order"].create(values)
