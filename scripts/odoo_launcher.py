"""Odoo's command line (what `odoo-bin` does), run with the interpreter found in ODOO_PYTHON.

A real file rather than `python -c`: Odoo's multi-worker server re-executes sys.argv[0] to spawn its
gevent (long-polling) process.
"""

import os

import odoo.cli

if __name__ == "__main__":
    if os.environ.pop("ADVOCACY_OWN_PROCESS_GROUP", None) == "1":
        # `make run` started Odoo in the background: in a process group of its own, Ctrl-C reaches
        # it once, forwarded by the script (a second SIGINT would force Odoo's shutdown)
        os.setpgid(0, 0)
    odoo.cli.main()
