from odoo.tools import SQL


def uninstall_hook(env):
    """The points ledger, the rewards and the redemptions go away with the addon (their tables are
    dropped). They are deleted first, in their dependency order, because their links are
    ondelete="restrict" (an append-only ledger must not lose its lines): otherwise Odoo's removal of the
    addon's rules, catalogue items and demo records trips over them, logs an error for each and retries.
    The SQL reports go first too: they read columns of res_partner that the uninstall drops."""
    for view in ("advocacy_leaderboard", "advocacy_campaign_roi"):
        env.cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(view)))
    for table in ("advocacy_points_entry", "advocacy_redemption", "advocacy_reward"):
        env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
    env.invalidate_all()
