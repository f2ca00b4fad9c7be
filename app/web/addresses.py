"""E-mail addresses in narrow table cells: line breaks allowed only where a reader expects them."""

from __future__ import annotations

import re

from markupsafe import Markup

#: After the @ and before each dot.
_BREAKS = re.compile(r"(?<=@)|(?=\.)")


def email_breaks(address: str | None) -> Markup:
    """The address with a break opportunity (``<wbr>``) after the ``@`` and before each dot, so that a long
    address wraps as "anna.schmidt@ / example / .com" rather than "exampl / e"; screen readers and copying
    still get the whole address, as ``<wbr>`` adds no character. Each piece is escaped by the join."""
    return Markup("<wbr>").join(piece for piece in _BREAKS.split(address or "") if piece)
