import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { takeScreenshot } from "@advocacy_program/../tests/tours/screenshot";

/** Scrolls the form so that the screenshot shows `selector` too (the form scrolls in its own pane). */
function showInScreenshot(selector) {
    document.querySelector(selector).scrollIntoView({ block: "center" });
    // the contact's name field keeps the caret of its autofocus at the end of a long name
    const name = document.querySelector(".o_form_view .o_field_widget[name=partner_id] input");
    if (name) {
        name.scrollLeft = 0;
    }
}

/**
 * The account manager's day with NPS: a customer gives a 3 on the phone, the manager records it from
 * the customer's form, the closed loop hands them the call-back, they follow it up and close it, then
 * look at the NPS analysis.
 */
registry.category("web_tour.tours").add("advocacy_nps_account_manager_tour", {
    steps: () => [
        {
            content: "Open the customer's NPS answers from the smart button",
            trigger: ".o_form_view button[name=action_view_nps_responses]",
            run: "click",
        },
        {
            content: "Record a new answer",
            trigger: ".o_list_view .o_list_button_add:enabled",
            run: "click",
        },
        {
            content: "The answer is for this customer, taken by phone",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Dana Detractor)",
        },
        {
            content: "The channel is Phone",
            trigger: ".o_form_view .o_field_widget[name=channel] select:has(option:selected:contains(Phone))",
        },
        {
            content: "Score 3 out of 10",
            trigger: ".o_form_view .o_field_widget[name=score] input",
            run: "edit 3",
        },
        {
            content: "Why: support responsiveness",
            trigger: ".o_form_view .o_field_widget[name=reason_ids] input",
            run: "edit Support resp",
        },
        {
            content: "Pick the reason",
            trigger: ".o-autocomplete--dropdown-item a:contains('Support responsiveness')",
            run: "click",
        },
        {
            content: "Write what the customer said",
            trigger: ".o_form_view .o_field_widget[name=comment] textarea",
            run: "edit Three tickets waited a week for an answer.",
        },
        ...stepUtils.saveForm(),
        {
            content: "Saved: the answer is a detractor",
            trigger: ".o_form_view .o_form_saved .o_widget_web_ribbon:contains('Detractor')",
        },
        {
            content: "The closed loop gave the manager a call-back to make",
            trigger: ".o-mail-Activity:contains('Call back Dana Detractor')",
            async run() {
                showInScreenshot(".o_form_view .o_field_widget[name=comment]");
                await takeScreenshot("advocacy_nps_phone_answer");
            },
        },
        {
            content: "Start the follow-up",
            trigger: ".o_form_view button[name=action_start_followup]",
            run: "click",
        },
        {
            content: "The follow-up is in progress",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('In progress')",
        },
        {
            content: "Write what was done to close the loop",
            trigger: ".o_form_view .o_field_widget[name=resolution] textarea",
            run: "edit Called Dana: support now answers her team within a day; training booked.",
        },
        {
            content: "Show the follow-up in progress with its call-back",
            trigger: ".o_form_view .o_field_widget[name=resolution] textarea:value(/training booked/)",
            async run() {
                showInScreenshot(".o-mail-Activity");
                await takeScreenshot("advocacy_nps_detractor_followup");
            },
        },
        {
            content: "Close the follow-up",
            trigger: ".o_form_view button[name=action_close_followup]",
            run: "click",
        },
        {
            content: "The follow-up is closed and the call-back done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Closed')",
        },
        {
            content: "No call-back is left to do",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity))",
        },
        // --- the NPS analysis
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Advocacy app",
            trigger: ".o_app[data-menu-xmlid='advocacy_program.menu_advocacy_root']",
            run: "click",
        },
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='advocacy_program.menu_advocacy_reporting']",
            run: "click",
        },
        {
            content: "Open the NPS analysis",
            trigger: ".dropdown-item[data-menu-xmlid='advocacy_nps.menu_nps_report']",
            run: "click",
        },
        {
            content: "The analysis shows the answers",
            trigger: ".o_action_manager :is(.o_graph_renderer canvas, .o_pivot table)",
            async run() {
                await takeScreenshot("advocacy_nps_analysis");
            },
        },
    ],
});
