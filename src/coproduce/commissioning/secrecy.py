"""Keyed hashes that keep voters and ballots apart.

Every hash is an HMAC-SHA256 keyed with ``settings.SECRECY_KEY``, a secret held outside the
database: whoever reads the database alone cannot recompute a seal from a person, nor a
code from its hash, nor a ballot's content from a paper entry's digest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from django.conf import settings

# No 0/O or 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _keyed(purpose: str, *parts: object) -> str:
    message = "\x1f".join([purpose, *(str(p) for p in parts)]).encode()
    return hmac.new(settings.SECRECY_KEY.encode(), message, hashlib.sha256).hexdigest()


def person_identity(person_id: int) -> str:
    """Return the identity under which a signed-in person votes."""
    return f"person:{person_id}"


def code_identity(code_hash: str) -> str:
    """Return the identity under which an anonymous voter code votes."""
    return f"code:{code_hash}"


def voter_seal(round_id: int, identity: str) -> str:
    """Return the seal stored on a voter's ballot: one per voter per round."""
    return _keyed("seal", round_id, identity)


def receipt_code(round_id: int, seal: str) -> str:
    """Return the voter's receipt: stable across changes of ballot, unlinkable without the key."""
    digest = int(_keyed("receipt", round_id, seal), 16)
    chars = []
    for _ in range(10):
        digest, index = divmod(digest, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def normalise_code(code: str) -> str:
    """Return a typed voter code in canonical form (upper case, no spaces or dashes)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """Return the stored hash of a voter code."""
    return _keyed("voter-code", normalise_code(code))


def new_code() -> str:
    """Return a fresh random voter code, grouped for reading: ``ABCD-EFGH-JKMN``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def content_digest(round_id: int, code_hash_: str, content: Any) -> str:
    """Return the digest two matching paper entries share, hiding the content itself."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return _keyed("paper-entry", round_id, code_hash_, canonical)
