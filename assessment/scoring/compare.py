"""How thresholds are compared."""

# Thresholds are compared at this many decimals: a score meant to sit exactly on 70, +-15 or 20
# can come out a few units in the last place short after weighting and averaging.
COMPARE_DECIMALS = 6


def at_least(value: float, bound: float) -> bool:
    return round(value, COMPARE_DECIMALS) >= bound
