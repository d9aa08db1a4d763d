from . import base_partner_merge, cohort_report
