import { registry } from "@web/core/registry";

const NPS_TITLE = "NPS per month";

/** The titles of the charts drawn (chart.js draws them into their canvas). */
function chartTitles() {
    const Chart = window.Chart;
    return [...document.querySelectorAll(".o_spreadsheet_dashboard_action .o-figure canvas")]
        .map((canvas) => Chart?.getChart(canvas)?.config?.options?.plugins?.title?.text)
        .filter(Boolean)
        .flat();
}

/** A manager opens Dashboards → Advocacy and finds the NPS trend drawn (scrolling down to it). */
registry.category("web_tour.tours").add("advocacy_nps_dashboard_tour", {
    url: "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
    steps: () => [
        {
            content: "Open the Advocacy dashboard",
            trigger: ".o_search_panel_category_value:contains('Advocacy')",
            run: "click",
        },
        {
            content: "The dashboard is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure canvas",
        },
        {
            content: "The NPS chart is drawn with its title",
            trigger: ".o_spreadsheet_dashboard_action .o-grid",
            async run() {
                const grid = document.querySelector(".o_spreadsheet_dashboard_action .o-grid");
                for (let attempt = 0; attempt < 60; attempt++) {
                    if (chartTitles().includes(NPS_TITLE)) {
                        return;
                    }
                    grid.dispatchEvent(
                        new WheelEvent("wheel", { deltaY: 120, deltaMode: 0, bubbles: true })
                    );
                    await new Promise((resolve) => setTimeout(resolve, 250));
                }
                throw new Error(`no chart titled "${NPS_TITLE}": ${chartTitles().join(", ")}`);
            },
        },
    ],
});
