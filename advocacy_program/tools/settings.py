"""Typed settings kept as ``ir.config_parameter`` text (framework-free, tested with pytest).

Each addon declares its settings once, as :class:`Setting` rows (key, type, default, settings field,
smallest value); ``advocacy.settings._advocacy_setting(key)`` reads them through :func:`read_setting`
and the settings form stores them through :func:`store_setting`. A missing or unreadable value gives
the default, so a value typed by hand in the system parameters never breaks a cron or a request."""

from typing import NamedTuple

TRUE_TEXTS = {"1", "true", "yes", "on"}
FALSE_TEXTS = {"0", "false", "no", "off"}


class Setting(NamedTuple):
    key: str  # the ir.config_parameter key
    type: str  # "int", "float", "bool" or "char"
    default: object  # the value when the parameter is missing or unreadable
    field: str = ""  # the res.config.settings field that shows it ("" when none)
    minimum: float | None = None  # smaller stored values read as this one


def setting_table(*settings):
    """{key: Setting} of the given rows."""
    return {spec.key: spec for spec in settings}


def switch(key, field, default=True):
    """An on/off setting."""
    return Setting(key, "bool", default, field)


def _to_int(text):
    try:
        return int(text)
    except ValueError:
        number = float(text)  # "5.0", as a float field would store it
        if not number.is_integer():
            raise
        return int(number)


def _to_float(text):
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return number


def _to_bool(text):
    lowered = text.strip().lower()
    if lowered in TRUE_TEXTS:
        return True
    if lowered in FALSE_TEXTS:
        return False
    raise ValueError(text)


PARSERS = {"int": _to_int, "float": _to_float, "bool": _to_bool, "char": str}


def parse_setting(spec, text):
    """The stored text as a value of the setting's type, raised to its minimum; ValueError when it
    cannot be read."""
    value = PARSERS[spec.type](text.strip() if spec.type != "char" else text)
    if spec.minimum is not None and value < spec.minimum:
        value = type(value)(spec.minimum)
    return value


def read_setting(spec, text):
    """(value, unreadable): the stored text's value, or the default when it is missing (None, False,
    "") or unreadable (then ``unreadable`` is True)."""
    if text in (None, False, ""):
        return spec.default, False
    try:
        return parse_setting(spec, str(text)), False
    except (ValueError, OverflowError):
        return spec.default, True


def store_setting(spec, value):
    """The text to store for a value saved in the settings form; False (no parameter: the default) for
    an empty text. Numbers are kept even when 0 ("0 days: no reminder"), on/off as "1"/"0"."""
    if spec.type == "bool":
        return "1" if value else "0"
    if spec.type == "char":
        return (value or "").strip() or False
    if spec.type == "int":
        return str(int(value or 0))
    return repr(float(value or 0.0))
