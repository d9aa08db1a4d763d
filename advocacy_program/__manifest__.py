{
    "name": "Customer Advocacy Program",
    "summary": "Advocates, referrals with attribution, business reviews, advocacy moments and campaigns",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Customer Advocacy for Odoo",
    "website": "https://github.com/customer-advocacy-for-odoo/advocacy",
    "license": "LGPL-3",
    "depends": ["crm", "sale_crm", "mail", "contacts", "utm", "portal"],
    "data": [
        "security/advocacy_program_security.xml",
        "security/ir.model.access.csv",
        "views/menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": True,
}
