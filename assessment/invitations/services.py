"""Writes of invitations: personal links, and their status as the respondent goes along."""

from __future__ import annotations

from collections.abc import Iterable

from ..campaigns.models import Campaign
from ..tokens import new_token
from .models import Invitation

# A status only moves forward: a later step never goes back to an earlier one.
_BEFORE: dict[str, tuple[str, ...]] = {
    Invitation.Status.OPENED: (Invitation.Status.PENDING, Invitation.Status.SENT),
    Invitation.Status.STARTED: (Invitation.Status.PENDING, Invitation.Status.SENT, Invitation.Status.OPENED),
}


def create_invitations(*, campaign: Campaign, emails: Iterable[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Personal single-use links. Returns ([(email, token)], [emails already invited]).

    Only the tokens' hashes are stored, so the links can be shown this once.
    """
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    existing = set(campaign.invitations.filter(email__in=wanted).values_list("email", flat=True))
    created: list[tuple[str, str]] = []
    invitations = []
    for email in wanted:
        if email in existing:
            continue
        token, token_hash = new_token()
        created.append((email, token))
        invitations.append(Invitation(campaign=campaign, email=email, token_hash=token_hash))
    Invitation.objects.bulk_create(invitations)
    return created, sorted(existing)


def mark_invitation(*, invitation_id: int, status: str) -> None:
    """Move an invitation forward to opened, started or completed."""
    invitations = Invitation.objects.filter(pk=invitation_id)
    if status in _BEFORE:
        invitations = invitations.filter(status__in=_BEFORE[status])
    invitations.update(status=status)
