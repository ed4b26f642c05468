from django import template

from ..results import rows

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


@register.filter
def exact(value: float | None) -> str:
    """A setting (a threshold, a floor) or a figure judged against one, with its own decimals: 72.5, not 72."""
    return rows.exact(value)


@register.filter
def signed(value: float | None) -> str:
    return rows.signed(value)


@register.filter
def get(mapping: dict, key: str):  # type: ignore[type-arg]
    return mapping.get(key) if mapping else None
