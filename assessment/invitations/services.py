"""Writes of invitations: recipients, personal links, and their status as the respondent goes along.
Sending them e-mails is in mailings.py (starting a send) and delivery.py (the worker's side)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext

from ..campaigns.models import Campaign
from ..tokens import new_token
from .models import Invitation
from .recipients import Recipient

STORE_BATCH = 2000

# A status only moves forward: a later step never goes back to an earlier one.
_BEFORE: dict[str, tuple[str, ...]] = {
    Invitation.Status.OPENED: (Invitation.Status.PENDING, Invitation.Status.SENT),
    Invitation.Status.STARTED: (Invitation.Status.PENDING, Invitation.Status.SENT, Invitation.Status.OPENED),
}


def create_invitations(
    *, campaign: Campaign, emails: Iterable[str], reissue: bool = False
) -> tuple[list[tuple[str, str]], list[str]]:
    """Personal single-use links. Returns ([(email, token)], [emails already invited, left as they were]).

    Only the tokens' hashes are stored, so the links can be shown this once. With reissue, an address
    already invited that has not submitted gets a new link (a lost one), and its old link stops working.
    """
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    existing = {i.email: i for i in campaign.invitations.filter(email__in=wanted)}
    created: list[tuple[str, str]] = []
    invitations = []
    kept: list[str] = []
    with transaction.atomic():
        for email in wanted:
            token, token_hash = new_token()
            invitation = existing.get(email)
            if invitation is None:
                invitations.append(Invitation(campaign=campaign, email=email, token_hash=token_hash))
            elif reissue and invitation.status != Invitation.Status.COMPLETED:
                Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)
            else:
                kept.append(email)
                continue
            created.append((email, token))
        Invitation.objects.bulk_create(invitations)
    return created, sorted(kept)


def store_recipients(*, campaign: Campaign, recipients: Sequence[Recipient]) -> int:
    """Store a confirmed upload's recipients, without links (the e-mail makes them). An address invited
    meanwhile is skipped, not doubled. Returns how many were added."""
    with transaction.atomic():
        before = campaign.invitations.count()
        for start in range(0, len(recipients), STORE_BATCH):
            Invitation.objects.bulk_create(
                [
                    Invitation(campaign=campaign, email=r.email, name=r.name, language=r.language, segment=r.segment)
                    for r in recipients[start : start + STORE_BATCH]
                ],
                ignore_conflicts=True,
            )
        return campaign.invitations.count() - before


def mark_invitation(*, invitation_id: int, status: str) -> None:
    """Move an invitation forward to opened, started or completed."""
    invitations = Invitation.objects.filter(pk=invitation_id)
    if status in _BEFORE:
        invitations = invitations.filter(status__in=_BEFORE[status])
    invitations.update(status=status)


def correct_bounced_address(*, invitation: Invitation, email: str) -> Invitation:
    """A bounced invitation with its address as corrected (or as it was, to try it again): back among those
    never sent the e-mail, so the next send reaches it with a new link. Raises ValidationError."""
    email = email.strip().lower()
    validate_email(email)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != Invitation.Status.BOUNCED:
            raise ValidationError(gettext("%(email)s has not bounced: nothing to correct.") % {"email": locked.email})
        taken = Invitation.objects.filter(campaign_id=locked.campaign_id, email=email).exclude(pk=locked.pk)
        if taken.exists():
            raise ValidationError(gettext("%(email)s is already invited to this campaign.") % {"email": email})
        locked.email, locked.status = email, Invitation.Status.PENDING
        locked.save(update_fields=["email", "status"])
    return locked


def retry_bounced(*, campaign: Campaign) -> int:
    """Every bounced invitation of the campaign back among those never sent the e-mail, addresses unchanged
    (a mail server may refuse an address for a while); returns how many."""
    return campaign.invitations.filter(status=Invitation.Status.BOUNCED).update(status=Invitation.Status.PENDING)
