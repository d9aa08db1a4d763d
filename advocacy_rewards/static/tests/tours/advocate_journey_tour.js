import { registry } from "@web/core/registry";
import { takeScreenshot } from "@advocacy_program/../tests/tours/screenshot";

// The advocate's journey: the invitation accepted on the join page, the link copied and shared,
// a referral submitted and a challenge taken up on the portal.
registry.category("web_tour.tours").add("advocacy_advocate_journey_tour", {
    steps: () => [
        {
            content: "The program's terms are shown",
            trigger: ".o_advocacy_terms:contains('Tour terms')",
            async run() {
                await takeScreenshot("advocacy_join_invitation");
            },
        },
        {
            content: "Tick the consent box",
            trigger: "#advocacy_consent",
            run: "click",
        },
        {
            content: "Accept the invitation",
            trigger: ".o_advocacy_accept",
            run: "click",
        },
        {
            content: "Welcome: the link is there at once",
            trigger: ".o_advocacy_joined:contains('Welcome to the program')",
        },
        {
            content: "Copy the link",
            trigger: ".o_advocacy_copy[data-copy-target='#o_advocacy_share_url']",
            run: "click",
        },
        {
            content: "The link was copied",
            trigger: ".o_advocacy_copy.o_advocacy_copied",
        },
        {
            content: "Share buttons for WhatsApp, LinkedIn and X are ready",
            trigger: ".o_advocacy_share_whatsapp[href^='https://wa.me/'] ~ .o_advocacy_share_wechat, .o_advocacy_share_linkedin",
        },
        {
            content: "Show the WeChat QR code",
            trigger: ".o_advocacy_share_wechat summary",
            run: "click",
        },
        {
            content: "The QR code of the link",
            trigger: ".o_advocacy_qr:visible",
            async run() {
                await takeScreenshot("advocacy_join_share_kit");
            },
        },
        {
            content: "Go to the portal page",
            trigger: ".o_advocacy_portal_link",
            run: "click",
        },
        {
            content: "Refer a friend: name",
            trigger: "#advocacy_ref_name",
            run: "edit Jade Journey",
        },
        {
            content: "company",
            trigger: "#advocacy_ref_company",
            run: "edit Journey Prospects Ltd",
        },
        {
            content: "email",
            trigger: "#advocacy_ref_email",
            run: "edit jade@journey-prospects.example",
        },
        {
            content: "Submit the referral",
            trigger: ".o_advocacy_submit_referral",
            run: "click",
        },
        {
            content: "The referral is listed",
            trigger: ".o_advocacy_referrals td:contains('Journey Prospects Ltd')",
        },
        {
            content: "Open the challenges",
            trigger: ".o_advocacy_challenges_link",
            run: "click",
        },
        {
            content: "Accept the challenge",
            trigger: ".o_advocacy_challenge:contains('Tour: post about us') .o_advocacy_challenge_accept",
            run: "click",
        },
        {
            content: "Give the link of the post",
            trigger: ".o_advocacy_challenge:contains('Tour: post about us') .o_advocacy_evidence_url",
            run: "edit https://www.linkedin.com/posts/tour-post",
        },
        {
            content: "Submit it for verification",
            trigger: ".o_advocacy_challenge:contains('Tour: post about us') .o_advocacy_challenge_submit",
            run: "click",
        },
        {
            content: "It waits for verification",
            trigger: ".o_advocacy_done_challenges td:contains('Tour: post about us')",
            async run() {
                await takeScreenshot("advocacy_portal_challenges");
            },
        },
    ],
});
