"""``?page=&per_page=`` for the list endpoints: 1-based pages, a bounded page size, links to the neighbours."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.hrapi.errors import ApiError

PER_PAGE = 50
PER_PAGE_MAX = 200


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    def slice(self, items: Sequence[Any]) -> Sequence[Any]:
        start = (self.number - 1) * self.size
        return items[start : start + self.size]


def _positive(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or not 1 <= int(raw) <= maximum:
        raise ApiError(
            400,
            "invalid_parameter",
            _("%(name)s must be a whole number from 1 to %(max)s.", name=name, max=maximum),
            parameter=name,
        )
    return int(raw)


def page_from(args: Mapping[str, str]) -> Page:
    """The requested page; a clear 400 for page=0, per_page=10000, page=abc and the like."""
    return Page(
        number=_positive(args, "page", 1, 10**8),
        size=_positive(args, "per_page", PER_PAGE, PER_PAGE_MAX),
    )


def envelope(
    items: Sequence[Any], page: Page, link: Callable[[int], str], serialize: Callable[[Any], dict]
) -> dict[str, Any]:
    """``data`` (this page's items, serialised), ``meta`` with the totals, ``links`` built by ``link(n)``."""
    total = len(items)
    pages = max(1, -(-total // page.size))
    return {
        "data": [serialize(item) for item in page.slice(items)],
        "meta": {"page": page.number, "per_page": page.size, "total": total, "pages": pages},
        "links": {
            "self": link(page.number),
            "first": link(1),
            "last": link(pages),
            "prev": link(page.number - 1) if 1 < page.number <= pages + 1 else None,
            "next": link(page.number + 1) if page.number < pages else None,
        },
    }
