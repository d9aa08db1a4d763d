from . import advocacy_campaign_roi, advocacy_leaderboard
