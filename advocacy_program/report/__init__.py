from . import advocacy_referral_revenue
