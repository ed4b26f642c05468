"""The framework the scoring tests score with: the built-in instrument's dimensions, read from its data file."""

import json
from pathlib import Path

from assessment.scoring import Framework

_DATA = Path(__file__).resolve().parents[2] / "assessment" / "instruments" / "data" / "instrument_v1.json"
_INSTRUMENT = json.loads(_DATA.read_text(encoding="utf-8"))

FRAMEWORK = Framework.from_rows(
    ((d["code"], d["level"]) for d in _INSTRUMENT["dimensions"]),
    ((i["dimension"], i["audience"]) for i in _INSTRUMENT["items"] if i["dimension"]),
)
DIMENSIONS = dict(FRAMEWORK.levels_by_dimension)
