"""What is scored: the groups that answer, and the dimensions with their levels (PRODUCT.md section 3).

The dimensions come from the instrument data, through the caller: the scoring rules hold no list of
codes of their own, so a dimension is defined in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

CUSTOMERS = "customers"
PARTNERS = "partners"
EMPLOYEES = "employees"
SHAREHOLDERS = "shareholders"
MANAGEMENT = "management"
STAKEHOLDER_GROUPS = (CUSTOMERS, PARTNERS, EMPLOYEES, SHAREHOLDERS)
GROUPS = (*STAKEHOLDER_GROUPS, MANAGEMENT)
LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Framework:
    """The dimensions in report order, each with its level, and the groups whose questionnaire asks it."""

    levels_by_dimension: Mapping[str, int]
    asked_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code, level in self.levels_by_dimension.items():
            if level not in LEVELS:
                raise ValueError(f"dimension {code!r}: level must be one of {LEVELS}, got {level!r}")
        for code, groups in self.asked_of.items():
            self.check(f"asked_of {code!r}", code)
            unknown = sorted(set(groups) - set(GROUPS))
            if unknown:
                raise ValueError(f"asked_of {code!r}: unknown group(s) {unknown}")
        object.__setattr__(self, "levels_by_dimension", MappingProxyType(dict(self.levels_by_dimension)))
        asked = {code: tuple(g for g in GROUPS if g in groups) for code, groups in self.asked_of.items()}
        object.__setattr__(self, "asked_of", MappingProxyType(asked))

    @classmethod
    def from_rows(cls, dimensions: Iterable[tuple[str, int]], asked: Iterable[tuple[str, str]] = ()) -> Framework:
        """From (code, level) rows in report order and (code, group) rows of the questions asked."""
        asked_of: dict[str, set[str]] = {}
        for code, group in asked:
            asked_of.setdefault(code, set()).add(group)
        return cls(dict(dimensions), {code: tuple(groups) for code, groups in asked_of.items()})

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.levels_by_dimension)

    def level_of(self, code: str) -> int:
        return self.levels_by_dimension[code]

    def codes_of(self, level: int) -> tuple[str, ...]:
        return tuple(code for code, of in self.levels_by_dimension.items() if of == level)

    def check(self, where: str, code: str) -> None:
        if code not in self.levels_by_dimension:
            raise ValueError(f"{where}: unknown dimension code {code!r}")
