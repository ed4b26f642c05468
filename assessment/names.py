"""Names people type (an organisation, a consultancy, an assessment, an action): they must show on screen.

A name made only of invisible characters (a zero-width space, say) looks blank in every list, and the
direction controls (U+202A-U+202E, U+2066-U+2069) can make a name read as another one beside it. The marks
that right-to-left text legitimately uses (U+200E, U+200F) and the joiners of scripts that need them stay.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible(value: str) -> bool:
    """Whether the text has a character that shows: not a space, a control or a format character."""
    return any(unicodedata.category(character)[0] not in "ZC" for character in value)


def check_name(value: str, field: str | None = None) -> None:
    """A validator for names: the models' fields carry it (for the admin), and the services call it with
    the form `field` the error belongs to."""
    message, code = None, ""
    if any(character in DIRECTION_CONTROLS for character in value):
        message, code = gettext("Remove the invisible characters that change the direction of the text."), "direction"
    elif value and not visible(value):
        message, code = gettext("Enter a name with letters or digits that show."), "invisible"
    if message is not None:
        error = ValidationError(message, code=code)
        raise ValidationError({field: [error]}) if field else error
