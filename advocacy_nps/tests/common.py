from odoo.tests import TransactionCase, new_test_user


class NpsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context={**cls.env.context, "tracking_disable": True})
        cls.company = cls.env.company
        cls.rep = new_test_user(
            cls.env,
            login="nps_rep",
            name="Rita Rep",
            email="rita@example.com",
            groups="advocacy_program.group_advocacy_user",
        )
        cls.other_rep = new_test_user(
            cls.env,
            login="nps_rep2",
            name="Olaf Rep",
            email="olaf@example.com",
            groups="advocacy_program.group_advocacy_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="nps_manager",
            name="Mona Manager",
            email="mona@example.com",
            groups="advocacy_program.group_advocacy_manager",
        )
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Corp", "is_company": True, "user_id": cls.rep.id})
        cls.ann = Partner.create(
            {
                "name": "Ann Acme",
                "email": "ann@acme.example",
                "parent_id": cls.acme.id,
                "nps_role": "decision_maker",
                "tz": "Europe/Brussels",
            }
        )
        cls.bob = Partner.create(
            {"name": "Bob Acme", "email": "bob@acme.example", "parent_id": cls.acme.id, "nps_role": "user"}
        )
        cls.globex = Partner.create({"name": "Globex", "is_company": True, "user_id": cls.other_rep.id})
        cls.gil = Partner.create(
            {
                "name": "Gil Globex",
                "email": "gil@globex.example",
                "parent_id": cls.globex.id,
                "nps_role": "user",
                "tz": "America/New_York",
            }
        )
        cls.contacts = cls.ann | cls.bob | cls.gil
        cls.Response = cls.env["advocacy.nps.response"]
        cls.Wave = cls.env["advocacy.nps.wave"]
        cls.Invitation = cls.env["advocacy.nps.invitation"]

    @classmethod
    def _wave(cls, **values):
        return cls.Wave.create(
            {
                "name": "Test wave",
                "audience_domain": str([("id", "in", cls.contacts.ids)]),
                "user_id": cls.manager.id,
                **values,
            }
        )

    def _answers(self, partner, scores, **values):
        return self.Response.create([{"partner_id": partner.id, "score": s, **values} for s in scores])
