import pytest
from conftest import load_tool

st = load_tool("advocacy_program", "settings")

DAYS = st.Setting("x.days", "int", 90, "x_days", 0)
VALIDITY = st.Setting("x.validity", "int", 30, "x_validity", 1)
VALUE = st.Setting("x.value", "float", 0.0, "x_value")
SWITCH = st.switch("x.switch", "x_switch")
OFF = st.switch("x.off", "x_off", default=False)
DOMAINS = st.Setting("x.domains", "char", "gmail.com", "x_domains")


@pytest.mark.parametrize("missing", [None, False, ""])
def test_a_missing_parameter_reads_as_the_default(missing):
    for spec in (DAYS, VALUE, SWITCH, OFF, DOMAINS):
        assert st.read_setting(spec, missing) == (spec.default, False)


def test_zero_is_a_value_not_a_missing_parameter():
    assert st.read_setting(DAYS, "0") == (0, False)
    assert st.store_setting(DAYS, 0) == "0"
    assert st.read_setting(DAYS, st.store_setting(DAYS, 0)) == (0, False)


@pytest.mark.parametrize(
    ("spec", "text", "value"),
    [
        (DAYS, "30", 30),
        (DAYS, " 30 ", 30),
        (DAYS, "30.0", 30),
        (DAYS, "-5", 0),  # below the minimum: the minimum
        (VALIDITY, "0", 1),
        (VALUE, "0.01", 0.01),
        (VALUE, "2", 2.0),
        (SWITCH, "0", False),
        (SWITCH, "1", True),
        (SWITCH, "False", False),  # what Odoo's own boolean settings stored
        (SWITCH, "True", True),
        (OFF, "true", True),
        (DOMAINS, "qq.com, 163.com", "qq.com, 163.com"),
    ],
)
def test_stored_texts_read_as_typed_values(spec, text, value):
    assert st.read_setting(spec, text) == (value, False)


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (DAYS, "ninety"),
        (DAYS, "30.5"),
        (DAYS, "inf"),
        (DAYS, "1e400"),
        (VALUE, "nan"),
        (VALUE, "-inf"),
        (VALUE, "0,01"),
        (SWITCH, "maybe"),
        (OFF, "2"),
    ],
)
def test_an_unreadable_value_gives_the_default_and_says_so(spec, text):
    assert st.read_setting(spec, text) == (spec.default, True)


def test_the_form_stores_text_that_reads_back_as_saved():
    for spec, value in ((DAYS, 45), (VALUE, 0.25), (VALUE, 0.0), (SWITCH, False), (OFF, True)):
        assert st.read_setting(spec, st.store_setting(spec, value)) == (value, False)
    assert st.store_setting(SWITCH, True) == "1"
    assert st.store_setting(SWITCH, False) == "0"


def test_an_emptied_text_setting_is_no_parameter_so_its_default():
    assert st.store_setting(DOMAINS, "  ") is False
    assert st.store_setting(DOMAINS, " qq.com ") == "qq.com"


def test_table_is_keyed_by_config_parameter():
    table = st.setting_table(DAYS, SWITCH)
    assert table == {"x.days": DAYS, "x.switch": SWITCH}
