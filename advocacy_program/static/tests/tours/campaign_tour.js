/** @odoo-module **/

import { registry } from "@web/core/registry";
import { takeScreenshot } from "@advocacy_program/../tests/tours/screenshot";

registry.category("web_tour.tours").add("advocacy_program_campaign_tour", {
    steps: () => [
        {
            content: "The campaign shows its comparison tab",
            trigger: ".o_form_view .o_notebook a:contains('Referral vs Other Deals')",
            run: "click",
        },
        {
            content: "Referral win rate is displayed",
            trigger: ".o_form_view .o_field_widget[name=referral_win_rate]",
        },
        {
            content: "Open the campaign's challenges",
            trigger: "button[name=action_view_challenges]",
            run: "click",
        },
        {
            content: "Open the challenge",
            trigger: ".o_list_view .o_data_row td:contains('Tour Challenge')",
            run: "click",
        },
        {
            content: "Invite the eligible advocates",
            trigger: ".o_form_view button[name=action_invite]:enabled",
            run: "click",
        },
        {
            content: "Two advocates are now participants",
            trigger: "button[name=action_view_participations] .o_stat_value:contains('2')",
            run: "click",
        },
        {
            content: "Open Tess's participation",
            trigger: ".o_list_view .o_data_row td:contains('Tess Tour')",
            run: "click",
        },
        {
            content: "Accept on her behalf",
            trigger: ".o_form_view button[name=action_accept]:enabled",
            run: "click",
        },
        {
            content: "The participation is accepted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Accepted')",
        },
        {
            content: "Give the evidence",
            trigger: ".o_form_view .o_field_widget[name=evidence_url] input",
            run: "edit https://www.g2.com/products/tour/reviews/1",
        },
        {
            content: "Submit it",
            trigger: ".o_form_view button[name=action_submit]:enabled",
            run: "click",
        },
        {
            content: "The evidence is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
        {
            content: "Verify it",
            trigger: ".o_form_view button[name=action_verify]:enabled",
            run: "click",
        },
        {
            content: "The participation is verified",
            trigger: ".o_form_view .o_widget_web_ribbon:contains('Verified')",
            async run() {
                await takeScreenshot("advocacy_participation_verified");
            },
        },
    ],
});
