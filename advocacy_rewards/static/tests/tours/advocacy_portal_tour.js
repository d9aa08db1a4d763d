import { registry } from "@web/core/registry";
import { takeScreenshot } from "@advocacy_program/../tests/tours/screenshot";

registry.category("web_tour.tours").add("advocacy_rewards_portal_tour", {
    url: "/my/advocacy",
    steps: () => [
        {
            content: "Fill in the referred person's name",
            trigger: "#advocacy_ref_name",
            run: "edit Tina Tour",
        },
        {
            content: "and company",
            trigger: "#advocacy_ref_company",
            run: "edit Tour Prospect Inc",
        },
        {
            content: "and email",
            trigger: "#advocacy_ref_email",
            run: "edit tina@tour-prospect.example",
        },
        {
            content: "Submit the referral",
            trigger: ".o_advocacy_submit_referral",
            run: "click",
        },
        {
            content: "The referral is listed",
            trigger: ".o_advocacy_referrals td:contains('Tour Prospect Inc')",
        },
        {
            content: "Redeem the tote bag",
            trigger: ".o_advocacy_item:has(.o_advocacy_item_name:contains('Tour Tote Bag')) .o_advocacy_redeem",
            run: "click",
        },
        {
            content: "The redemption is confirmed",
            trigger: ".o_advocacy_message",
        },
        {
            content: "and the ledger shows it",
            trigger: ".o_advocacy_ledger td:contains('Tour Tote Bag')",
            async run() {
                await takeScreenshot("advocacy_portal_page");
            },
        },
    ],
});
