/** @odoo-module **/

import { registry } from "@web/core/registry";
import { takeScreenshot } from "@advocacy_program/../tests/tours/screenshot";

registry.category("web_tour.tours").add("advocacy_program_referral_tour", {
    steps: () => [
        {
            content: "Set the referring advocate on the opportunity",
            trigger: ".o_form_view .o_field_widget[name=referrer_id] input",
            run: "edit Tina Tour",
        },
        {
            content: "Pick the advocate",
            trigger: ".o-autocomplete--dropdown-item a:contains('Tina Tourist')",
            run: "click",
        },
        {
            content: "Save the opportunity",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The referral smart button appears",
            trigger: "button[name=action_view_advocacy_referral]:contains('New')",
            async run() {
                await takeScreenshot("advocacy_lead_referrer");
            },
        },
        {
            content: "Win the opportunity",
            trigger: ".o_form_view button[name=action_set_won_rainbowman]",
            run: "click",
        },
        {
            content: "The opportunity is won",
            trigger: ".o_form_view .o_widget_web_ribbon:contains('Won')",
        },
        {
            content: "Open the advocate",
            trigger: ".o_field_widget[name=referrer_id] .o_external_button",
            run: "click",
        },
        {
            content: "Show the advocate's Advocacy tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Advocacy')",
            run: "click",
        },
        {
            content: "The advocate's score and referral code are shown",
            trigger: ".o_form_view .o_field_widget[name=referral_code]:not(:empty)",
            async run() {
                await takeScreenshot("advocacy_partner_tab");
            },
        },
        {
            content: "Open the advocate's referrals from the smart button",
            trigger: ".o_form_view button[name=action_view_advocacy_referrals]:contains('1 / 1')",
            run: "click",
        },
        {
            content: "The referral is won",
            trigger: ".o_list_view .o_data_row:contains('Prospect Tour Inc'):contains('Won')",
            async run() {
                await takeScreenshot("advocacy_referral_won");
            },
        },
    ],
});
