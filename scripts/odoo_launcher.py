"""Odoo's command line (what `odoo-bin` does), run with the interpreter found in ODOO_PYTHON.

A real file rather than `python -c`: Odoo's multi-worker server re-executes sys.argv[0] to spawn its
gevent (long-polling) process.
"""

import odoo.cli

if __name__ == "__main__":
    odoo.cli.main()
