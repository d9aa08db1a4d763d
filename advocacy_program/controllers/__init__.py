from . import campaign_xlsx, join, portal, share
