from odoo import api, models
from odoo.exceptions import AccessError

# The mark of an owning service (see `_advocacy_service`). RPC callers choose their own context but can
# never run as superuser, so only code of the addons can carry both.
SERVICE_KEY = "advocacy_service"


class AdvocacyGuardedMixin(models.AbstractModel):
    """Fields derived from a source of truth (the points ledger, confirmed orders, the buttons of a
    workflow) change only through their owning service. Any other write or create of them is refused:
    RPC, import, a form, and superuser scripts that do not go through the service.

    A model lists its guarded fields in ``_advocacy_guarded_fields``; every stored field the addons
    compute from others (related or computed, read-only, without inverse) is guarded too. Services
    write them with ``records._advocacy_service().write(vals)``, after checking that the caller may act
    on the records."""

    _name = "advocacy.guarded.mixin"
    _description = "Advocacy: fields only their owning service writes"

    _advocacy_guarded_fields = ()

    def _advocacy_service(self):
        """These records as their owning service writes them (superuser, with the service's mark)."""
        return self.sudo().with_context(**{SERVICE_KEY: True})

    def _advocacy_is_service(self):
        return self.env.su and self.env.context.get(SERVICE_KEY)

    def _advocacy_guarded(self):
        derived = [
            name
            for name, field in self._fields.items()
            if field.store
            and field.compute
            and not field.inverse
            and field.readonly
            and (field._module or "").startswith("advocacy_")
        ]
        return [*self._advocacy_guarded_fields, *derived]

    def _advocacy_check_guarded(self, fnames):
        guarded = [name for name in self._advocacy_guarded() if name in fnames]
        if guarded and not self._advocacy_is_service():
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in guarded)
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s are kept by the application and cannot be set directly: "
                    "use the buttons of the record.",
                    fields=labels,
                    model=self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a guarded field may be given its default (an import file listing "New"), nothing else
            given = [
                name
                for name in self._advocacy_guarded()
                if name in vals and vals[name] and vals[name] != self._advocacy_guarded_default(name)
            ]
            self._advocacy_check_guarded(given)
        return super().create(vals_list)

    def write(self, vals):
        self._advocacy_check_guarded(vals)
        return super().write(vals)

    def _advocacy_guarded_default(self, name):
        default = self._fields[name].default
        return default(self) if callable(default) else default
