from . import payout, portal
