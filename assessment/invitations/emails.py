"""The invitation and reminder e-mails: HTML and text from templates/invitations/email/."""

from __future__ import annotations

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ..campaigns.models import Campaign
from .models import Invitation


def anonymity_sentence(campaign: Campaign, organisation: str) -> str:
    """What happens to the respondent's answers, in plain words: the e-mail must not promise more."""
    if campaign.anonymity == Campaign.Anonymity.ANONYMOUS:
        return gettext(
            "This survey is anonymous: once you submit, nothing connects your answers to you or to this e-mail. "
            "%(organisation)s only learns that you have finished, so that you get no more reminders."
        ) % {"organisation": organisation}
    if campaign.anonymity == Campaign.Anonymity.CONFIDENTIAL:
        return gettext(
            "This survey is confidential: your answers are kept linked to this invitation, but nobody at "
            "%(organisation)s is shown who answered what, and results appear only for groups of at least "
            "%(threshold)d people."
        ) % {"organisation": organisation, "threshold": campaign.anonymity_threshold}
    return gettext("This survey is not anonymous: %(organisation)s can see which answers are yours.") % {
        "organisation": organisation
    }


def invitation_email(
    *, invitation: Invitation, campaign: Campaign, organisation: str, token: str, reminder: bool, mailing_id: int
) -> EmailMultiAlternatives:
    link = settings.SITE_URL + reverse("respond", args=[token])
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        context = {
            "organisation": organisation,
            "name": invitation.name,
            "group": campaign.get_group_display().lower(),
            "link": link,
            "reminder": reminder,
            "anonymity": anonymity_sentence(campaign, organisation),
            "closes_at": campaign.closes_at,
        }
        subject = " ".join(render_to_string("invitations/email/subject.txt", context).split())
        text = render_to_string("invitations/email/invitation.txt", context)
        html = render_to_string("invitations/email/invitation.html", context)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    message = EmailMultiAlternatives(
        subject,
        text,
        from_email=formataddr((" ".join(organisation.split()), settings.DEFAULT_FROM_EMAIL)),
        to=[invitation.email],
        # The same id for a retry of the same e-mail, so a receiving system that saw it once may drop a copy.
        headers={"Message-ID": f"<mailing-{mailing_id}.invitation-{invitation.pk}@{domain}>"},
    )
    message.attach_alternative(html, "text/html")
    return message
