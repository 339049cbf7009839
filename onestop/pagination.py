"""Server-side pages of a long list: LIMIT/OFFSET over a stable order, the total counted once.

A page number past the last page serves the last page (a queue shrinks while an officer works
through it: the link they followed should still show the end of the list, not an error); a
page number that is not a positive integer is a 404. The page size defaults to 50 and may be
asked for with `per_page`, within 10..200 (a sane bound on what one request loads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort, request, url_for
from sqlalchemy.sql.selectable import GenerativeSelect

PAGE_SIZE = 50
MIN_PAGE_SIZE = 10
MAX_PAGE_SIZE = 200

S = TypeVar("S", bound=GenerativeSelect)


@dataclass(frozen=True)
class PageRequest:
    """The page asked for in the query string (`param`) and its size (`per_page`)."""

    param: str
    number: int
    size: int

    def settle(self, total: int) -> Window:
        """Clamp to the pages `total` items fill (a number past the last: the last page)."""
        pages = max((total + self.size - 1) // self.size, 1)
        return Window(self.param, min(self.number, pages), self.size, total)


@dataclass(frozen=True)
class Window:
    """One page of a list of `total` items: which rows to load, and what the pager shows."""

    param: str
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max((self.total + self.size - 1) // self.size, 1)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """1-based position of the first item shown (0 when the list is empty)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)

    def apply(self, stmt: S) -> S:
        """Narrow an ordered SELECT to this page (the order must end on a unique key)."""
        return stmt.limit(self.size).offset(self.offset)

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers to link: first, last and a few around this one; None for a gap."""
        keep = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        out: list[int | None] = []
        for n in sorted(k for k in keep if 1 <= k <= self.pages):
            if out and out[-1] is not None and n > out[-1] + 1:
                out.append(None)
            out.append(n)
        return out

    def url(self, number: int) -> str:
        """This page's address with another page number; every other argument (filters) kept."""
        args: dict[str, Any] = request.args.to_dict(flat=False)
        args[self.param] = [str(number)]
        if self.size != PAGE_SIZE:
            args["per_page"] = [str(self.size)]
        assert request.endpoint is not None
        return url_for(request.endpoint, **(request.view_args or {}), **args)


def requested(param: str = "page") -> PageRequest:
    """Read `param` and `per_page` from the query string (a bad page number: 404)."""
    raw = request.args.get(param)
    number = 1
    if raw is not None:
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
            abort(404)
        number = int(raw)
    size = request.args.get("per_page", PAGE_SIZE, type=int) or PAGE_SIZE
    return PageRequest(param, number, min(max(size, MIN_PAGE_SIZE), MAX_PAGE_SIZE))
