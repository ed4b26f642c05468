"""An uploaded recipient list kept between its preview and the user's confirmation.

Nothing goes into the invitations table before the confirmation; the checked rows wait in the user's session
(in the database, so any web process can confirm), compressed and capped in size.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from .recipients import Recipient, RecipientList, UnreadableFile

MAX_KEPT_BYTES = 8 * 1024 * 1024
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class KeptUpload:
    name: str
    recipients: list[Recipient]
    errors: list[tuple[int, str]]
    refused: int

    @property
    def sample(self) -> list[Recipient]:
        return self.recipients[:PREVIEW_ROWS]


def _key(campaign_id: int) -> str:
    return f"recipient-upload-{campaign_id}"


def keep(session: SessionBase, campaign_id: int, name: str, checked: RecipientList) -> None:
    rows = [[r.email, r.name, r.language, r.segment] for r in checked.rows]
    blob = base64.b64encode(zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 6)).decode()
    if len(blob) > MAX_KEPT_BYTES:
        raise UnreadableFile("The list is too large to preview; split it into smaller files.")
    session[_key(campaign_id)] = {
        "name": name[:200],
        "rows": blob,
        "errors": checked.errors,
        "refused": checked.refused,
    }


def kept(session: SessionBase, campaign_id: int) -> KeptUpload | None:
    data: dict[str, Any] | None = session.get(_key(campaign_id))
    if not data:
        return None
    rows = json.loads(zlib.decompress(base64.b64decode(data["rows"])))
    errors = [(int(number), str(text)) for number, text in data["errors"]]
    return KeptUpload(data["name"], [Recipient(*row) for row in rows], errors, data["refused"])


def forget(session: SessionBase, campaign_id: int) -> None:
    session.pop(_key(campaign_id), None)
