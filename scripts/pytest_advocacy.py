"""pytest plugin of `make test-fast` (loaded with -p): what Odoo 18's own test runner sets around the
tests (odoo/tests/loader.py run_suite) and pytest-odoo sets only from Odoo 19 on."""

import pytest

from odoo.modules import module


@pytest.fixture(autouse=True, scope="session")
def odoo_test_mode():
    # in test mode Odoo connects to no SMTP server and sends no email (ir.mail_server, mail.mail)
    module.current_test = True
    yield
    module.current_test = False
