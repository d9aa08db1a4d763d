import xmlrpc.client

from odoo.addons.advocacy_program.tests.rpc import post_call_kw, second_currency
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import mute_logger


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

    def _won_with_order(self, referrer=None, amount=1000.0, company=None):
        """A referral whose referred customer confirmed an order of `amount` (in `company`)."""
        company = company or self.env.company
        referral = self._referral(referrer, company_id=company.id)
        customer = self.env["res.partner"].create(
            {"name": referral.referred_company, "email": referral.referred_email, "is_company": True}
        )
        referral.partner_id = customer
        order = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "partner_id": customer.id,
                    "referral_id": referral.id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount})
                    ],
                }
            )
        )
        order.action_confirm()
        return referral, order

    def _rewards(self, rule, partner=None):
        domain = [("rule_id", "=", rule.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["advocacy.reward"].search(domain)


class RpcRefused(Exception):
    """The server answered a remote call with an error: `name` is the exception class, `message` its text."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class AdvocacyRewardsRpcCase(AdvocacyRewardsCase, HttpCase):
    """Attacks and clicks through the doors a remote client uses: JSON-RPC (/web/dataset/call_kw, what the web
    client sends) and XML-RPC (/xmlrpc/2/object, what scripts use), as each role. Every request runs in the
    test's transaction and commits into it (its pre-commit hooks run), as a real request would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner_editor = "base.group_partner_manager"
        cls.portal_user = new_test_user(
            cls.env,
            login="rw_rpc_portal",
            groups="base.group_portal",
            name="Pia Portal",
            email="pia@pia-rpc.example",
        )
        # a sales rep who may edit contacts (the attacker of the balance) and merge them
        cls.rpc_rep = new_test_user(
            cls.env,
            login="rw_rpc_rep",
            groups=f"advocacy_program.group_advocacy_user,{partner_editor}",
            name="Rico Rep",
        )
        cls.rpc_manager = new_test_user(
            cls.env,
            login="rw_rpc_manager",
            groups=f"advocacy_program.group_advocacy_manager,{partner_editor}",
            name="Mona Manager",
        )
        cls.rpc_admin = new_test_user(
            cls.env,
            login="rw_rpc_admin",
            groups=f"advocacy_program.group_advocacy_admin,base.group_system,{partner_editor}",
            name="Adam Admin",
        )
        cls.company_b = cls.env["res.company"].create({"name": "Rewards Company B"})
        cls.user_b = new_test_user(
            cls.env,
            login="rw_rpc_b",
            groups=f"advocacy_program.group_advocacy_manager,{partner_editor}",
            name="Bea B-Manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )

    @classmethod
    def _company_b_in_another_currency(cls):
        """Company B keeps its books in another currency (``cls.other``; the main company's is
        ``cls.main``): one unit of the main currency is worth 0.5 of it from 2025-01-01, 0.8 from
        2025-06-01 (shared rates, no others)."""
        cls.main = cls.company.currency_id
        cls.other = second_currency(cls.env, cls.main)
        cls.company_b.currency_id = cls.other

    def _call_kw(self, user, model, method, args=(), kwargs=None, context=None):
        """What the web client sends: a JSON-RPC call_kw as `user` (its password is its login). Returns
        the result or raises RpcRefused."""
        if getattr(self, "session", None) and self.session.uid == user.id:
            self.env.flush_all()  # the request reads the database, not this test's cache
        else:
            self.authenticate(user.login, user.login)
        kwargs = dict(kwargs or {})
        kwargs["context"] = dict(self.session.context, **(context or {}))
        body = post_call_kw(self, model, method, args, kwargs)
        self.env.invalidate_all()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcRefused(data.get("name", ""), data.get("message", body["error"].get("message", "")))
        return body["result"]

    def _xmlrpc(self, user, model, method, args=(), kwargs=None):
        """What an integration script sends: XML-RPC execute_kw as `user`. Returns the result or raises
        RpcRefused."""
        self.env.flush_all()
        try:
            with mute_logger("odoo.http"):
                result = self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs or {}
                )
        except xmlrpc.client.Fault as fault:
            raise RpcRefused(str(fault.faultCode), fault.faultString)
        finally:
            self.env.invalidate_all()
        return result

    def _cancel_order(self, user, order):
        """Cancel a confirmed order as a salesperson does: the Cancel button opens Odoo's cancellation
        dialog, whose Cancel button cancels the order."""
        action = self._call_kw(user, "sale.order", "action_cancel", [order.ids])
        self.assertEqual(action["res_model"], "sale.order.cancel")
        wizard_id = self._call_kw(user, "sale.order.cancel", "create", [{}], context=action["context"])
        self._call_kw(user, "sale.order.cancel", "action_cancel", [[wizard_id]], context=action["context"])
        self.assertEqual(order.state, "cancel")
