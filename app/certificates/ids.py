"""Public certificate ids such as ``CV-7K3M-9QXD-2P8W-H``: unguessable, typeable, self-checking.

Twelve Crockford base32 characters carry 60 random bits, so ids cannot be enumerated on the
verification page. The last character is Crockford's mod-37 check symbol, which catches every single
mistyped character and every swap of two neighbours before a database lookup. Ids whose check would be
one of Crockford's five extra symbols (* ~ $ = U) are drawn again: printed on a certificate and read
over the phone, a plain letter or digit is easier (this leaves 59.8 bits of randomness). Crockford's
alphabet leaves out I, L, O and U, and reading accepts what people type instead (o for 0, l or i for 1,
lower case, spaces, missing dashes).
"""

import secrets

PREFIX = "CV"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Crockford's check symbols: the 32 digits plus five extra symbols for the values 32–36.
CHECK_SYMBOLS = ALPHABET + "*~$=U"
DATA_LENGTH = 12
GROUP = 4
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_certificate_id() -> str:
    """A fresh random id, grouped and with a letter or digit as its check character."""
    while True:
        value = secrets.randbits(DATA_LENGTH * 5)
        if value % 37 < 32:
            return _format(value)


def _format(value: int) -> str:
    """Format a 60-bit value as ``CV-XXXX-XXXX-XXXX-C``."""
    digits = "".join(ALPHABET[(value >> (5 * shift)) & 31] for shift in reversed(range(DATA_LENGTH)))
    groups = [digits[index : index + GROUP] for index in range(0, DATA_LENGTH, GROUP)]
    return "-".join([PREFIX, *groups, CHECK_SYMBOLS[value % 37]])


def normalise_certificate_id(text: str) -> str | None:
    """The canonical form of a typed id, or None if it is malformed or its check character is wrong."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    compact = "".join(text.split()).replace("-", "").upper()
    if len(compact) == DATA_LENGTH + 1 + len(PREFIX) and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != DATA_LENGTH + 1:
        return None
    data, check = compact[:DATA_LENGTH].translate(_TYPO), compact[DATA_LENGTH]
    if check not in "*~$=U":
        check = check.translate(_TYPO)
    if any(char not in ALPHABET for char in data) or check not in CHECK_SYMBOLS:
        return None
    value = 0
    for char in data:
        value = value * 32 + ALPHABET.index(char)
    if CHECK_SYMBOLS[value % 37] != check:
        return None
    return _format(value)
