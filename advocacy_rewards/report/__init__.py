from . import advocacy_campaign_roi, advocacy_leaderboard, advocacy_reward_cost
