from . import nps_import, nps_xlsx_export
