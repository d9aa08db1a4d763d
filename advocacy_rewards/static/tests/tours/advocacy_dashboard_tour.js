import { registry } from "@web/core/registry";

/** A manager opens Dashboards → Advocacy: the spreadsheet loads (no error) and draws its figures. */
registry.category("web_tour.tours").add("advocacy_rewards_dashboard_tour", {
    url: "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
    steps: () => [
        {
            content: "Open the Advocacy dashboard",
            trigger: ".o_search_panel_category_value:contains('Advocacy')",
            run: "click",
        },
        {
            content: "The dashboard is drawn with its charts and scorecards",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        },
        {
            content: "It loaded without error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
    ],
});
