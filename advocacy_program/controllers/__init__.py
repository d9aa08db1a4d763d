from . import campaign_xlsx, share
