from . import base_partner_merge, nps_import, nps_xlsx_export
