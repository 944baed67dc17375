"""Password hashing (argon2id) and the password rules.

argon2-cffi's defaults (RFC 9106 low-memory profile) cost about 64 MiB and 0.2 s per hash, so a
semaphore keeps a burst of sign-ins from exhausting a small server's memory. Argon2 also has no
72-byte limit, which long Vietnamese passphrases would hit with bcrypt.
"""

from __future__ import annotations

import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from store.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 1024  # a multi-megabyte "password" would only be a way to burn CPU

# Tests swap in a cheaper hasher; everything here reads this name at call time.
HASHER = PasswordHasher()
_SLOTS = threading.BoundedSemaphore(4)
_dummy: tuple[PasswordHasher, str] | None = None


def hash_password(password: str) -> str:
    with _SLOTS:
        return HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """Check a password. With no hash (unknown user) it verifies against a dummy hash anyway, so
    an unknown username costs the same time as a wrong password and cannot be told apart."""
    with _SLOTS:
        try:
            return HASHER.verify(password_hash or _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current hasher's."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def check_policy(password: str, username: str) -> None:
    """Length is what matters for a passphrase; composition rules only push people to Password1!."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput("password_too_short", least=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise InvalidInput("password_too_long", most=MAX_LENGTH)
    if password.strip().lower() == username.lower():
        raise InvalidInput("password_is_username")


def _dummy_hash() -> str:
    global _dummy
    current = _dummy
    if current is None or current[0] is not HASHER:
        current = (HASHER, HASHER.hash(secrets.token_urlsafe(16)))
        _dummy = current
    return current[1]
