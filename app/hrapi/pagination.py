"""``?page=&per_page=`` for the list endpoints: 1-based pages, a bounded page size, links to the neighbours.

The pages themselves are cut in SQL by app/web/pager.py; this module holds the API's side of the contract
(docs/api.md): a clear 400 for a bad number, and the ``data``/``meta``/``links`` envelope.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.hrapi.errors import ApiError
from app.web.pager import BadNumber, Page, strict_number

PER_PAGE = 50
PER_PAGE_MAX = 200


@dataclass(frozen=True)
class Asked:
    """The page a client asked for."""

    number: int
    size: int


def _number(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    try:
        return strict_number(args, name, default, maximum)
    except BadNumber as error:
        raise ApiError(
            400,
            "invalid_parameter",
            _("%(name)s must be a whole number from 1 to %(max)s.", name=error.name, max=error.maximum),
            parameter=error.name,
        ) from None


def page_from(args: Mapping[str, str]) -> Asked:
    """The requested page; a clear 400 for page=0, per_page=10000, page=abc and the like."""
    return Asked(
        number=_number(args, "page", 1, 10**8),
        size=_number(args, "per_page", PER_PAGE, PER_PAGE_MAX),
    )


def envelope(page: Page[Any], link: Callable[[int], str], serialize: Callable[[Any], dict]) -> dict[str, Any]:
    """``data`` (this page's items, serialised), ``meta`` with the totals, ``links`` built by ``link(n)``."""
    pages = page.pages
    return {
        "data": [serialize(item) for item in page.items],
        "meta": {"page": page.page, "per_page": page.per_page, "total": page.total, "pages": pages},
        "links": {
            "self": link(page.page),
            "first": link(1),
            "last": link(pages),
            "prev": link(page.page - 1) if 1 < page.page <= pages + 1 else None,
            "next": link(page.page + 1) if page.page < pages else None,
        },
    }
