"""How learners' typed answers are compared: what counts as "the same" text or number.

Chinese input methods produce full-width letters and digits (`ＡＢＣ１２３`) and stray zero-width
characters; German keyboards produce decimal commas. None of that should make a right answer wrong, while
input that could mean two different numbers ("1,234.5" or "1.234,5") is refused rather than guessed.
"""

import math
import re
import unicodedata

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
#: Spaces people type between groups of thousands (normal, no-break, thin, narrow no-break, figure).
_GROUP_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f"), " ")
_MINUS_SIGNS = dict.fromkeys(map(ord, "\u2212\u2012\u2013\ufe63"), "-")
_MAX_NUMBER_LENGTH = 100
#: Sign, integer part (plain digits, or groups of three after a first group of one to three), optional
#: fraction after one decimal point or comma, optional exponent. Every part is anchored by a distinct
#: character, so matching is linear.
_NUMBER = re.compile(r"([+-]?)([0-9]{1,3}(?: [0-9]{3})+|[0-9]*)(?:[.,]([0-9]*))?(?:[eE]([+-]?[0-9]{1,4}))?")


def normalise_text(s: str) -> str:
    """The form in which text answers are compared: NFKC, no zero-width characters, trimmed, single
    spaces, case-folded."""
    s = unicodedata.normalize("NFKC", s.translate(ZERO_WIDTH))
    s = unicodedata.normalize("NFKC", s.casefold())
    return " ".join(s.split())


def parse_number(s: str) -> float | None:
    """A number as a learner typed it, or None when it is not one unambiguous finite number.

    Accepts a decimal point or a decimal comma (one of them, once), spaces of any width between groups of
    three digits, full-width digits and a leading sign. Refuses "1,2,3", "1,234.5", "NaN", "inf" and "".
    """
    if not isinstance(s, str) or len(s) > _MAX_NUMBER_LENGTH:
        return None
    s = unicodedata.normalize("NFKC", s.translate(ZERO_WIDTH).translate(_GROUP_SPACES))
    s = s.translate(_MINUS_SIGNS).strip()
    match = _NUMBER.fullmatch(s)
    if match is None:
        return None
    sign, whole, fraction, exponent = match.groups()
    if not whole and not fraction:
        return None
    text = f"{sign}{whole.replace(' ', '') or '0'}.{fraction or '0'}"
    if exponent:
        text += f"e{exponent}"
    value = float(text)
    return value if math.isfinite(value) else None
