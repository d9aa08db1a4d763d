from . import advocacy_leaderboard
