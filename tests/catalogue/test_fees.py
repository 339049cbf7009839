"""Fee computation with the real national figures."""

import pytest

from onestop.catalogue.fees import FeeNotSet, compute_fee, describe_fee
from onestop.catalogue.model import FeeKind, FeeRule, PageTier

CERTIFIED_COPY = FeeRule(
    kind=FeeKind.PER_PAGE,
    per_page=(PageTier(1, 2000), PageTier(3, 1000)),
    cap_per_copy=200_000,
)


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2_000),
        (2, 1, 4_000),
        (3, 1, 5_000),
        (5, 2, 14_000),  # (2×2,000 + 3×1,000) × 2
        (198, 1, 200_000),  # exactly at the cap
        (250, 1, 200_000),
        (250, 3, 600_000),  # the cap is per copy
    ],
)
def test_certified_copy_is_priced_per_page_with_cap(pages: int, copies: int, expected: int) -> None:
    assert compute_fee(CERTIFIED_COPY, pages=pages, copies=copies) == expected


def test_flat_fee_ignores_copies() -> None:
    signature = FeeRule(kind=FeeKind.FLAT, amount=10_000)
    assert compute_fee(signature, copies=3) == 10_000


def test_civil_status_extract_is_priced_per_copy() -> None:
    extract = FeeRule(kind=FeeKind.PER_COPY, price=8_000)
    assert compute_fee(extract, copies=3) == 24_000


def test_residence_fee_is_cheaper_online() -> None:
    direct = FeeRule(kind=FeeKind.FLAT, amount=20_000)
    online = FeeRule(kind=FeeKind.FLAT, amount=10_000)
    assert compute_fee(online) < compute_fee(direct)


def test_free_costs_nothing() -> None:
    assert compute_fee(FeeRule(kind=FeeKind.FREE), pages=10, copies=5) == 0


def test_fee_set_by_province_has_no_amount_until_adopted() -> None:
    with pytest.raises(FeeNotSet):
        compute_fee(FeeRule(kind=FeeKind.SET_BY_PROVINCE, name="Lệ phí"))


@pytest.mark.parametrize(("pages", "copies"), [(0, 1), (1, 0), (-1, 1)])
def test_pages_and_copies_must_be_positive(pages: int, copies: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        compute_fee(CERTIFIED_COPY, pages=pages, copies=copies)


def test_describe_fee_in_vietnamese() -> None:
    assert describe_fee(CERTIFIED_COPY) == (
        "2.000 ₫/trang; từ trang thứ 3 trở lên 1.000 ₫/trang; tối đa 200.000 ₫/bản"
    )
    assert describe_fee(FeeRule(kind=FeeKind.FLAT, amount=50_000, name="Phí")) == (
        "Phí: 50.000 ₫/hồ sơ"
    )
