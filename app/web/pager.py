"""One pager for every list: the page number from the query string, and the page cut in SQL.

``paginate`` counts the rows of a query and reads only the asked page of them (COUNT, then LIMIT/OFFSET),
so a list of a hundred thousand rows costs one page of them. The page number is read in one of two ways:
``page_number`` forgives, as web pages do (junk means page 1; a page past the end shows the last one), and
``strict_number`` refuses, as the HR API promises in docs/api.md (its caller turns the error into a 400).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select

from app.extensions import db

T = TypeVar("T")

#: A page number too long to be meant (ten digits or more) reads as this: it ends on the last page.
FAR_PAGE = 10**9


class BadNumber(ValueError):
    """A query parameter that must be a whole number from 1 to ``maximum`` is not."""

    def __init__(self, name: str, maximum: int) -> None:
        super().__init__(f"{name} must be a whole number from 1 to {maximum}")
        self.name, self.maximum = name, maximum


def page_number(args: Mapping[str, str], name: str = "page") -> int:
    """The page asked for in ``args``: 1 for anything that is not a number ("abc", "-1", "2.5", "٣"…)."""
    raw = (args.get(name) or "").strip()
    if not raw.isascii() or not raw.isdigit():
        return 1
    return max(int(raw), 1) if len(raw) < 10 else FAR_PAGE


def strict_number(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    """A whole number from 1 to ``maximum`` (``default`` when absent).

    :raises BadNumber: for ``0``, ``abc``, ``2.5``, a number above ``maximum`` and the like.
    """
    raw = args.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or not 1 <= int(raw) <= maximum:
        raise BadNumber(name, maximum)
    return int(raw)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and where it lies in the whole."""

    items: list[T]
    #: This page's number (1-based).
    page: int
    per_page: int
    #: Items in the whole list.
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and ``around`` either side of this one; None for a gap."""
        shown = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers: list[int | None] = []
        for n in sorted(n for n in shown if 1 <= n <= self.pages):
            if numbers and n - numbers[-1] > 1:  # type: ignore[operator]
                numbers.append(None)
            numbers.append(n)
        return numbers


def count(query: Select[Any]) -> int:
    """How many rows ``query`` returns, counted by the database."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def paginate(
    query: Select[Any], page: int, per_page: int, *, clamp: bool = True, scalars: bool = True
) -> Page[Any]:
    """Page ``page`` of ``query`` (which must be ordered), read with LIMIT/OFFSET after one COUNT.

    :param clamp: a page past the end shows the last page (web pages); False keeps the number and gives no
        items (the HR API, whose links then still say where the list ends).
    :param scalars: items are the first column's values (entities); False gives whole rows.
    """
    total = count(query)
    if clamp:
        page = min(page, max(1, -(-total // per_page)))
    start = (page - 1) * per_page
    if start >= total:  # past the end: nothing to read
        return Page([], page, per_page, total)
    result = db.session.execute(query.limit(per_page).offset(start))
    items = list(result.scalars()) if scalars else list(result)
    return Page(items, page, per_page, total)
