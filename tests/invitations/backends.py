"""An e-mail backend for in-process tests: Django's locmem outbox, with a mail server's refusals."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """Refuses for good (550) any address starting with "bounce", and for now (451) those starting "later"."""

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            if address.startswith("bounce"):
                raise smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 No such user")})
            if address.startswith("later"):
                raise smtplib.SMTPRecipientsRefused({address: (451, b"4.7.1 Try again later")})
        return super().send_messages(messages)
