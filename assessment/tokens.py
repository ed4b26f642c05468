"""Respondent link tokens: 192 random bits, kept only as a SHA-256 hash.

A link is looked up by the hash of its token (an index lookup whose timing depends on the hash, not
on the secret), then the stored hash is compared in constant time.
"""

import hashlib
import hmac
import secrets

from django.utils.crypto import salted_hmac

TOKEN_BYTES = 24


def new_token() -> tuple[str, str]:
    """Return (token for the link, hash to store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hashes_match(stored_hash: str | None, token: str) -> bool:
    return stored_hash is not None and hmac.compare_digest(stored_hash.encode(), hash_token(token).encode())


def share_signature(public_id: str, salt: str) -> str:
    return salted_hmac("campaign-share-link:" + salt, public_id, algorithm="sha256").hexdigest()[:32]


def share_signature_matches(public_id: str, salt: str, signature: str) -> bool:
    # Bytes, not str: compare_digest refuses a str with non-ASCII characters (a TypeError, so a 500).
    return hmac.compare_digest(share_signature(public_id, salt).encode(), signature.encode())


# A shareable link's visitor gets a token before anything is stored (a GET writes nothing): it names its
# campaign and is signed, so the pages can be shown from it alone; the response is created on the first POST.
SHARED_PREFIX = "s"


def new_shared_token(public_id: str) -> str:
    nonce = secrets.token_urlsafe(TOKEN_BYTES)
    return f"{SHARED_PREFIX}{public_id.replace('-', '')}.{nonce}.{_shared_mac(public_id, nonce)}"


def shared_token_campaign(token: str) -> str | None:
    """The campaign public id a shareable-link token was made for, or None when it is not a valid one."""
    if not token.startswith(SHARED_PREFIX) or token.count(".") != 2:
        return None
    hex_id, nonce, mac = token[len(SHARED_PREFIX) :].split(".")
    if len(hex_id) != 32 or not all(c in "0123456789abcdef" for c in hex_id):
        return None
    public_id = f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"
    if not hmac.compare_digest(_shared_mac(public_id, nonce).encode(), mac.encode()):
        return None
    return public_id


def _shared_mac(public_id: str, nonce: str) -> str:
    return salted_hmac("shared-link-token", f"{public_id}:{nonce}", algorithm="sha256").hexdigest()[:32]


def submitted_digest(token_hash: str) -> str:
    """The mark a submitted personal link leaves (see responses.models.SubmittedLink)."""
    return salted_hmac("submitted-personal-link", token_hash, algorithm="sha256").hexdigest()
