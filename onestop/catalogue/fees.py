"""Compute fees in whole VND from a procedure's fee rule."""

from __future__ import annotations

from onestop.catalogue.model import FeeKind, FeeRule


class FeeNotSet(ValueError):
    """The province sets this fee; no amount until the unit adopts one."""


def compute_fee(rule: FeeRule, *, pages: int = 1, copies: int = 1) -> int:
    """Return the fee in VND for a case with this many pages per copy and copies."""
    if pages < 1 or copies < 1:
        raise ValueError(f"pages and copies must be at least 1, got {pages=} {copies=}")
    match rule.kind:
        case FeeKind.FREE:
            return 0
        case FeeKind.FLAT:
            return _required(rule.amount, rule)
        case FeeKind.PER_COPY:
            return _required(rule.price, rule) * copies
        case FeeKind.PER_PAGE:
            return price_one_copy(rule, pages) * copies
        case FeeKind.SET_BY_PROVINCE:
            raise FeeNotSet(f"{rule.name or 'fee'}: set by the province; adopt an amount first")
    raise AssertionError(rule.kind)  # unreachable: the match covers every kind


def price_one_copy(rule: FeeRule, pages: int) -> int:
    """Return the per-page price of one copy, capped per copy."""
    total = 0
    for page in range(1, pages + 1):
        # The tier in force is the last one starting at or before this page.
        total += next(t.price for t in reversed(rule.per_page) if t.from_page <= page)
    if rule.cap_per_copy is not None:
        total = min(total, rule.cap_per_copy)
    return total


def describe_fee(rule: FeeRule) -> str:
    """Return the rule as Vietnamese text for the catalogue page."""
    match rule.kind:
        case FeeKind.FREE:
            text = "Miễn phí"
        case FeeKind.FLAT:
            text = f"{vnd(_required(rule.amount, rule))}/hồ sơ"
        case FeeKind.PER_COPY:
            text = f"{vnd(_required(rule.price, rule))}/bản"
        case FeeKind.PER_PAGE:
            first, *rest = rule.per_page
            parts = [f"{vnd(first.price)}/trang"]
            parts += [f"từ trang thứ {t.from_page} trở lên {vnd(t.price)}/trang" for t in rest]
            if rule.cap_per_copy is not None:
                parts.append(f"tối đa {vnd(rule.cap_per_copy)}/bản")
            text = "; ".join(parts)
        case FeeKind.SET_BY_PROVINCE:
            text = "Theo mức thu do Hội đồng nhân dân cấp tỉnh quy định"
    return f"{rule.name}: {text}" if rule.name else text


def vnd(amount: int) -> str:
    """Format an amount the Vietnamese way: 200.000 ₫."""
    return f"{amount:,}".replace(",", ".") + " ₫"


def _required(value: int | None, rule: FeeRule) -> int:
    if value is None:  # parse_fee guarantees it; guard against hand-built rules
        raise ValueError(f"incomplete {rule.kind.value} fee rule")
    return value
