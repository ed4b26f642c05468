"""The framework: dimensions and their levels come from the instrument data, not from the scoring rules."""

import ast
from pathlib import Path

import pytest

from assessment.scoring import Framework

from .framework import FRAMEWORK


def test_built_from_rows_in_order() -> None:
    framework = Framework.from_rows([("B", 2), ("A", 1)], [("A", "customers"), ("A", "management"), ("B", "employees")])
    assert framework.codes == ("B", "A")
    assert framework.level_of("A") == 1
    assert framework.codes_of(2) == ("B",)
    assert framework.asked_of["A"] == ("customers", "management")


def test_refuses_unknown_levels_groups_and_codes() -> None:
    with pytest.raises(ValueError, match="level must be one of"):
        Framework({"A": 4})
    with pytest.raises(ValueError, match="unknown group"):
        Framework({"A": 1}, {"A": ("suppliers",)})
    with pytest.raises(ValueError, match="unknown dimension code 'Z'"):
        Framework({"A": 1}, {"Z": ("customers",)})


def test_is_read_only() -> None:
    with pytest.raises(TypeError):
        FRAMEWORK.levels_by_dimension["L1.LEAD"] = 2  # type: ignore[index]


def test_builtin_framework_has_the_sixteen_codes_of_product_md() -> None:
    assert len(FRAMEWORK.codes) == 16
    assert [len(FRAMEWORK.codes_of(level)) for level in (1, 2, 3)] == [7, 4, 5]


def test_the_scoring_package_imports_nothing_of_django() -> None:
    package = Path(__file__).resolve().parents[2] / "assessment" / "scoring"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(name.split(".")[0] == "django" for name in names), module.name
