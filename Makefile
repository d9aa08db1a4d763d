# Customer Advocacy for Odoo: the commands a newcomer types. See README.md.
.PHONY: run stop mail test test-fast test-pure bench lint setup gallery

run:        ## serve Odoo with demo data on http://localhost:8069; Ctrl-C stops it and its database cluster
	bash scripts/run.sh

stop:       ## stop what a killed `make run` left running (its Odoo, its PostgreSQL cluster)
	bash scripts/stop.sh

mail:       ## a local SMTP server printing the mail Odoo sends (then `MAIL_SINK=1 make run`)
	bash -c 'source scripts/common.sh && require_odoo_python && ensure_dev_requirements && exec "$$ODOO_PYTHON" scripts/mail_sink.py'

test:       ## pytest suite + every Odoo test on a fresh database; ends with `N passed, N failed`
	bash scripts/test.sh

test-fast:  ## Odoo tests through pytest-odoo on an installed database: make test-fast T=advocacy_nps/tests/test_nps_wave.py
	bash scripts/test_fast.sh

test-pure:  ## only the framework-free pytest suite (no Odoo needed)
	PURE_ONLY=1 bash scripts/test.sh

bench:      ## every benchmark of bench/, one results table in bench/RESULTS.md
	bash bench/run.sh

lint:       ## ruff and pylint-odoo through pre-commit (tools of requirements-dev.txt, next to ODOO_PYTHON)
	bash -c 'source scripts/common.sh && require_odoo_python && run_lint'

setup:      ## install requirements.txt into the Odoo interpreter
	bash -c 'source scripts/common.sh && require_odoo_python && ensure_requirements'

gallery:    ## run the Odoo tests, saving the tours' screenshots into docs/screenshots (README gallery)
	ADVOCACY_SCREENSHOTS=$(CURDIR)/docs/screenshots QUICK=1 bash scripts/test.sh
