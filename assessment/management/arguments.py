"""Argument types for the commands: text a database column cannot hold is a usage error, not a traceback.

A shell hands over bytes that are not UTF-8 (a Latin-1 terminal, say) as surrogate escapes, which
PostgreSQL's driver cannot encode; a value longer than its column fails only at the INSERT.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def text(max_length: int) -> Callable[[str], str]:
    """An argparse type: UTF-8 text without NUL, at most max_length characters."""

    def checked(value: str) -> str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise argparse.ArgumentTypeError(
                "not UTF-8 text; run the command from a UTF-8 terminal (for example LANG=C.UTF-8)"
            ) from None
        if "\x00" in value:
            raise argparse.ArgumentTypeError("contains a NUL character")
        if len(value) > max_length:
            raise argparse.ArgumentTypeError(f"at most {max_length} characters, not {len(value):,}")
        return value

    return checked
