"""Where built report files live: one directory per organisation under MEDIA_ROOT/reports/, so that deleting
an organisation removes every file of it in one step."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

REPORTS = "reports"


def organisation_dir(organisation_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / REPORTS / str(organisation_id)


def write_atomically(path: Path, content: bytes) -> None:
    """A reader sees the whole file or none: written beside its place, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".part", delete=False) as part:
        part.write(content)
        part.flush()
        os.fsync(part.fileno())
    os.replace(part.name, path)


def delete_organisation_files(organisation_id: int) -> None:
    shutil.rmtree(organisation_dir(organisation_id), ignore_errors=True)
