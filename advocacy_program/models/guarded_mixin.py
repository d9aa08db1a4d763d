from odoo import api, models
from odoo.exceptions import AccessError

from . import service_guard


class AdvocacyGuardedMixin(models.AbstractModel):
    """The common shape of a model whose fields are kept by a service (see service_guard): the
    fields listed in ``_advocacy_guarded_fields`` and every stored field the addons compute from
    others (related or computed, read-only, without inverse) refuse any write or create that does
    not come from the model's service ``_advocacy_service_key``: RPC, import, a form, and superuser
    scripts that do not go through the service. Services write them with
    ``records._advocacy_service().write(vals)``, after checking that the caller may act on the
    records."""

    _name = "advocacy.guarded.mixin"
    _description = "Advocacy: fields only their owning service writes"

    _advocacy_guarded_fields = ()
    _advocacy_service_key = None  # models without one: their derived fields are written by nobody

    def _advocacy_service(self):
        """These records as their owning service writes them."""
        return service_guard.as_service(self, self._advocacy_service_key)

    def _advocacy_is_service(self):
        return bool(self._advocacy_service_key) and service_guard.is_service(self, self._advocacy_service_key)

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
        return {*self._advocacy_guarded_fields, *derived}

    def _advocacy_check_guarded(self, fnames):
        if self._advocacy_is_service():
            return
        refused = service_guard.refused_fields(self, fnames, self._advocacy_guarded(), None)
        if refused:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s are kept by the application and cannot be set directly: "
                    "use the buttons of the record.",
                    fields=refused,
                    model=self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        guarded = self._advocacy_guarded()
        for vals in vals_list:
            # a guarded field may be given its default (an import file listing "New"), nothing else
            self._advocacy_check_guarded(
                [
                    name
                    for name in guarded
                    if name in vals and vals[name] and vals[name] != self._advocacy_guarded_default(name)
                ]
            )
        return super().create(vals_list)

    def write(self, vals):
        self._advocacy_check_guarded(vals)
        return super().write(vals)

    def _advocacy_guarded_default(self, name):
        default = self._fields[name].default
        return default(self) if callable(default) else default
