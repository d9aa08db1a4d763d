"""Plain pytest suite of the framework-free logic that lives in each addon's `tools/` package.

The modules are loaded from their files, so neither Odoo nor the addon package is imported:
`load_tool("advocacy_nps", "nps_math")`.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def load_tool(addon, module):
    name = f"_pure_{addon}_{module}"
    if name in sys.modules:
        return sys.modules[name]
    path = REPO_ROOT / addon / "tools" / f"{module}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def tool():
    return load_tool
