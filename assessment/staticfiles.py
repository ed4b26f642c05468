"""Static files: whitenoise's compressed, hashed names, with each file's address worked out once."""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage

from .cache import Kept

# Templates name a few dozen files; a bound keeps a stray caller from growing the table for ever.
ADDRESSES_KEPT = 1000


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The manifest cannot change while the site runs, yet working out a hashed address from it took a
    fifth of the time of rendering a respondent's page layout: each address is worked out once per process."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: Kept[str, str] = Kept(most=ADDRESSES_KEPT)

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        return self._addresses.get(name) or self._addresses.keep(name, super().url(name))
