"""A receipt's check token: 16 Crockford base32 characters (80 random bits), printed `ABCD-EFGH-JKMN-PQRS`.

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed from paper is not mistaken; when
typed, `I`/`L` are read as 1 and `O` as 0, case and dashes or spaces do not matter.
"""

import re
import secrets

from ledger.models.verification import TOKEN_LENGTH

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPED_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")
_TOKEN = re.compile(rf"[{ALPHABET}]{{{TOKEN_LENGTH}}}")


def new_token() -> str:
    """80 bits from the operating system's CSPRNG; nothing about the receipt goes into it."""
    return "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))


def normalise(text: str) -> str | None:
    """The token as stored, from what a person typed or a QR code opened; None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 4 * TOKEN_LENGTH:
        return None
    token = _SEPARATORS.sub("", text).upper().translate(_TYPED_AS)
    return token if _TOKEN.fullmatch(token) else None


def grouped(token: str) -> str:
    """`ABCDEFGHJKMNPQRS` -> `ABCD-EFGH-JKMN-PQRS`: four groups a person can read aloud."""
    return "-".join(token[index : index + 4] for index in range(0, len(token), 4))
