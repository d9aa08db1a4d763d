import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { takeScreenshot } from "@advocacy_program/../tests/tours/screenshot";

const SAVING = "o_advocacy_tour_settings_saving";
const ADVOCACY_SETTINGS = ".app_settings_block[data-key='advocacy_program']";

/** Opens a menu of the Advocacy app's Configuration section. */
function configurationMenu(menuXmlid, description) {
    return [
        {
            content: "Open the Configuration menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='advocacy_program.menu_advocacy_config']",
            run: "click",
        },
        {
            content: description,
            trigger: `.dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("advocacy_rewards_admin_tour", {
    url: "/odoo",
    steps: () => [
        // --- Settings: the program's attribution window and the rewards' points expiry
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Settings app",
            trigger: ".o_app[data-menu-xmlid='base.menu_administration']",
            run: "click",
        },
        {
            content: "Open the Customer Advocacy settings",
            trigger: ".settings_tab .tab[data-key='advocacy_program']",
            run: "click",
        },
        {
            content: "Shorten the attribution window",
            trigger: `${ADVOCACY_SETTINGS} .o_field_widget[name=advocacy_attribution_window_days] input`,
            run: "edit 180",
        },
        {
            content: "Let points expire after two years",
            trigger: `${ADVOCACY_SETTINGS} .o_field_widget[name=advocacy_points_expiry_months] input`,
            run: "edit 24",
        },
        {
            content: "Save the settings (the page reloads)",
            trigger: ".o-settings-form-view .o_form_button_save:enabled",
            run(actions) {
                // marks this page: the steps below wait for the reloaded one, which has no mark
                document.body.classList.add(SAVING);
                actions.click();
            },
        },
        {
            content: "Back on the reloaded settings, open Customer Advocacy again",
            trigger: `body:not(.${SAVING}) .settings_tab .tab[data-key='advocacy_program']`,
            run: "click",
        },
        {
            content: "The new attribution window is saved",
            trigger: `body:not(.${SAVING}) ${ADVOCACY_SETTINGS} .o_field_widget[name=advocacy_attribution_window_days] input:value(180)`,
        },
        {
            content: "and the points expiry too",
            trigger: `${ADVOCACY_SETTINGS} .o_field_widget[name=advocacy_points_expiry_months] input:value(24)`,
            async run() {
                await takeScreenshot("advocacy_admin_settings");
            },
        },
        // --- a tier
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Advocacy app",
            trigger: ".o_app[data-menu-xmlid='advocacy_program.menu_advocacy_root']",
            run: "click",
        },
        ...configurationMenu("advocacy_rewards.menu_advocacy_tier", "Open the advocate tiers"),
        {
            content: "Create a tier",
            trigger: ".o_control_panel:has(.o_last_breadcrumb_item:contains('Advocate Tiers')) .o_list_button_add:enabled",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour Ambassador",
        },
        {
            content: "Reached with successful referrals",
            trigger: ".o_form_view .o_field_widget[name=basis] select",
            run: 'select "referrals"',
        },
        {
            content: "from the first one",
            trigger: ".o_form_view .o_field_widget[name=threshold] input",
            run: "edit 1",
        },
        {
            content: "Its points rewards are worth half as much again",
            trigger: ".o_form_view .o_field_widget[name=points_multiplier] input",
            run: "edit 1.5",
        },
        ...stepUtils.saveForm(),
        {
            content: "The tier is saved",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=name] input:value(Tour Ambassador)",
        },
        {
            content: "with its name in the breadcrumb",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('Tour Ambassador')",
            async run() {
                await takeScreenshot("advocacy_admin_tier");
            },
        },
        // --- a reward rule
        ...configurationMenu("advocacy_rewards.menu_advocacy_reward_rule", "Open the reward rules"),
        {
            content: "Create a rule",
            trigger: ".o_control_panel:has(.o_last_breadcrumb_item:contains('Reward Rules')) .o_list_button_add:enabled",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit 250 points per won referral",
        },
        {
            content: "When a referral is won",
            trigger: ".o_form_view .o_field_widget[name=trigger] select",
            run: 'select "referral_won"',
        },
        {
            content: "reward the referrer",
            trigger: ".o_form_view .o_field_widget[name=beneficiary] select",
            run: 'select "referrer"',
        },
        {
            content: "with points",
            trigger: ".o_form_view .o_field_widget[name=reward_type] select",
            run: 'select "points"',
        },
        {
            content: "a fixed amount",
            trigger: ".o_form_view .o_field_widget[name=amount_mode] input[data-value=fixed]",
            run: "click",
        },
        {
            content: "of 250 points",
            trigger: ".o_form_view .o_field_widget[name=amount_fixed] input",
            run: "edit 250",
        },
        {
            content: "at most 1,000 points per advocate and year",
            trigger: ".o_form_view .o_field_widget[name=cap_per_advocate] input",
            run: "edit 1000",
        },
        ...stepUtils.saveForm(),
        {
            content: "The rule is saved",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=amount_fixed] input:value(250)",
        },
        {
            content: "with its name in the breadcrumb",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('250 points per won referral')",
            async run() {
                await takeScreenshot("advocacy_admin_rule");
            },
        },
    ],
});
