"""Tables in module text scroll sideways on narrow screens instead of breaking words mid-word."""

from __future__ import annotations

import re

from markupsafe import Markup

_OPEN = re.compile(r"<table>")
_CLOSE = re.compile(r"</table>")


def scrollable_tables(html: str, label: str) -> Markup:
    """Wrap each table of sanitised module HTML in a focusable scroll region (keyboard users scroll it too).

    :param label: the region's accessible name, e.g. "Table (scrolls sideways)".
    """
    region = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{Markup.escape(label)}">'
    return Markup(_CLOSE.sub("</table></div>", _OPEN.sub(region + "<table>", html)))  # noqa: S704 (sanitised at import)
