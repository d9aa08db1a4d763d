from odoo.tests import TransactionCase, new_test_user


class AdvocacyRewardsCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # start from a clean slate: the demo rules must not interfere with the figures asserted here
        cls.env["advocacy.reward.rule"].search([]).action_archive()
        cls.env["advocacy.tier"].search([]).action_archive()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="rw_manager",
            groups="advocacy_program.group_advocacy_manager",
            email="m@rw.example",
        )
        cls.rep = new_test_user(cls.env, login="rw_rep", groups="advocacy_program.group_advocacy_user")
        cls.advocate_company = cls.env["res.partner"].create(
            {"name": "Acme Advocates", "is_company": True, "email": "info@acme-adv.example"}
        )
        cls.alice = cls.env["res.partner"].create(
            {
                "name": "Alice Advocate",
                "email": "alice@acme-adv.example",
                "parent_id": cls.advocate_company.id,
            }
        )
        cls.bob = cls.env["res.partner"].create({"name": "Bob Booster", "email": "bob@booster.example"})
        cls.product = cls.env["product.product"].create({"name": "Subscription", "list_price": 1000.0})
        cls._seq = 0

    @classmethod
    def _rule(cls, **values):
        vals = {
            "name": "Won referral",
            "trigger": "referral_won",
            "reward_type": "points",
            "amount_mode": "fixed",
            "amount_fixed": 500,
            "holding_days": 30,
        }
        vals.update(values)
        return cls.env["advocacy.reward.rule"].create(vals)

    def _referral(self, referrer=None, **values):
        type(self)._seq += 1
        n = self._seq
        vals = {
            "referrer_id": (referrer or self.alice).id,
            "referred_name": f"Prospect {n}",
            "referred_company": f"Prospect Company {n}",
            "referred_email": f"buyer{n}@prospect{n}.example",
        }
        vals.update(values)
        return self.env["advocacy.referral"].create(vals)

    def _won_with_order(self, referrer=None, amount=1000.0):
        """A referral whose referred customer confirmed an order of `amount`."""
        referral = self._referral(referrer)
        customer = self.env["res.partner"].create(
            {"name": referral.referred_company, "email": referral.referred_email, "is_company": True}
        )
        referral.partner_id = customer
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "referral_id": referral.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount})
                ],
            }
        )
        order.action_confirm()
        return referral, order

    def _rewards(self, rule, partner=None):
        domain = [("rule_id", "=", rule.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["advocacy.reward"].search(domain)
