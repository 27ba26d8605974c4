"""Keyed hashes and sealed envelopes that keep voters and ballots apart.

Every hash is an HMAC-SHA256 keyed with ``settings.SECRECY_KEY``, a secret held outside the
database: whoever reads the database alone cannot recompute a seal from a person, nor a
code from its hash, nor a ballot's content from a paper entry's digest. While voting is
open a ballot's content is stored only encrypted (AES-256-GCM under a key derived from the
same secret), padded to one length for every ballot of a district.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

# No 0/O or 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _keyed(purpose: str, *parts: object) -> str:
    message = "\x1f".join([purpose, *(str(p) for p in parts)]).encode()
    return hmac.new(settings.SECRECY_KEY.encode(), message, hashlib.sha256).hexdigest()


class EnvelopeError(Exception):
    """A sealed ballot could not be opened: another key, or its row was tampered with."""


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


_NONCE = 12
_BLOCK = 256


def _envelope_key() -> AESGCM:
    return AESGCM(bytes.fromhex(_keyed("envelope-key")))


def _envelope_context(round_id: int, seal: str, area_id: int) -> bytes:
    # Bound to its envelope: a box moved to another voter's row, round or district won't open.
    return "\x1f".join(["envelope", str(round_id), seal, str(area_id)]).encode()


def envelope_size(choices: int, largest_id: int, largest_points: int) -> int:
    """Return the padded length of a district's sealed ballots, the same for every one.

    Long enough for the fullest ballot the district allows (every project, each with the
    most points), so the length of a sealed ballot tells nothing of what it holds.
    """
    fullest = {"choices": [largest_id] * choices, "points": [largest_points] * choices}
    length = len(json.dumps(fullest, separators=(",", ":")))
    return -(-length // _BLOCK) * _BLOCK


def envelope_seal(
    *, round_id: int, seal: str, area_id: int, content: dict[str, Any], size: int
) -> bytes:
    """Return the ballot content encrypted for its envelope, padded to ``size`` bytes."""
    plain = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    if len(plain) > size:
        raise ValueError("the ballot is longer than its district's envelope")
    nonce = os.urandom(_NONCE)
    padded = plain + b" " * (size - len(plain))  # JSON ignores trailing spaces
    context = _envelope_context(round_id, seal, area_id)
    return nonce + _envelope_key().encrypt(nonce, padded, context)


def envelope_open(*, round_id: int, seal: str, area_id: int, box: bytes) -> dict[str, Any]:
    """Return the content sealed by ``envelope_seal``; raise ``EnvelopeError`` if it won't open."""
    context = _envelope_context(round_id, seal, area_id)
    try:
        plain = _envelope_key().decrypt(box[:_NONCE], box[_NONCE:], context)
    except InvalidTag:
        raise EnvelopeError(f"an envelope of round {round_id} does not open") from None
    content: dict[str, Any] = json.loads(plain)
    return content
