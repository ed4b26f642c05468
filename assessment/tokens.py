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
