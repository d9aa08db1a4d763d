from werkzeug.exceptions import BadRequest, NotFound

from odoo import models
from odoo.http import request

ADVOCACY_MODULES = "odoo.addons.advocacy_"


def _has_nul(text):
    return "\x00" in (text or "")


def _is_advocacy_route(rule):
    """The route is served by a controller method that an advocacy addon defines or overrides."""
    func = rule.endpoint.func
    controller = getattr(func, "__self__", None)
    return controller is not None and any(
        klass.__module__.startswith(ADVOCACY_MODULES) and func.__name__ in vars(klass)
        for klass in type(controller).mro()
    )


class IrHttp(models.AbstractModel):
    """NUL bytes never reach PostgreSQL from a URL: it refuses them in any string ("A string literal
    cannot contain NUL characters"), which turned such requests into server errors.

    - a path with a NUL answers 404 before any route matches and before Odoo's 404 fallback looks
      the path up among the attachments' URLs (``_serve_fallback``);
    - a query or form parameter with a NUL sent to an advocacy route answers 400 (no browser form
      sends one; the routes store what they receive)."""

    _inherit = "ir.http"

    @classmethod
    def _match(cls, path_info):
        if _has_nul(path_info):
            raise NotFound()
        return super()._match(path_info)

    @classmethod
    def _serve_fallback(cls):
        # reached after _match's NotFound above: nothing to serve, and nothing to look up
        if _has_nul(request.httprequest.path):
            return None
        return super()._serve_fallback()

    @classmethod
    def _pre_dispatch(cls, rule, args):
        if _is_advocacy_route(rule):
            httprequest = request.httprequest
            for key, values in (*httprequest.args.lists(), *httprequest.form.lists()):
                if _has_nul(key) or any(_has_nul(value) for value in values):
                    raise BadRequest()
        return super()._pre_dispatch(rule, args)
