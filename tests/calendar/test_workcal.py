from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from onestop.calendar import VN_TZ, DayReason, Override, WorkCalendar


@pytest.fixture(scope="module")
def vn() -> WorkCalendar:
    return WorkCalendar.for_vietnam(years=range(2024, 2028))


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2025, 1, 27), date(2025, 2, 2)),  # Tết 2025
        (date(2026, 2, 14), date(2026, 2, 22)),  # Tết 2026 with its weekends
        (date(2025, 4, 30), date(2025, 5, 4)),  # 30/4, 1/5, the 2/5 swap, weekend
        (date(2025, 9, 1), date(2025, 9, 2)),
        (date(2026, 8, 29), date(2026, 9, 2)),  # 31/8 swapped, 1–2/9
        (date(2024, 4, 27), date(2024, 5, 1)),  # 29/4/2024 swapped for Sat 4/5
        (date(2026, 11, 24), date(2026, 11, 24)),  # Vietnamese Culture Day, from 2026
    ],
)
def test_known_rest_periods_are_not_working_days(vn, first, last):
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    assert [d for d in days if vn.is_working_day(d)] == []


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 5, 4),  # Saturday worked in exchange for 29/4/2024
        date(2025, 4, 26),  # Saturday worked in exchange for 2/5/2025
        date(2026, 8, 22),  # Saturday worked in exchange for 31/8/2026
        date(2025, 2, 3),  # first day back after Tết 2025
        date(2026, 2, 23),  # first day back after Tết 2026
        date(2025, 9, 3),
        date(2026, 9, 3),
        date(2025, 11, 24),  # Culture Day is a rest day only from 2026
    ],
)
def test_known_working_days(vn, day):
    assert vn.is_working_day(day)


def test_day_off_gives_the_reason(vn):
    assert vn.day_off(date(2025, 3, 22)).reason is DayReason.WEEKEND
    tet = vn.day_off(date(2026, 2, 17))
    assert (tet.reason, tet.name) == (DayReason.HOLIDAY, "Tết Nguyên Đán")
    swap = vn.day_off(date(2025, 5, 2))
    assert swap.reason is DayReason.HOLIDAY
    assert "26/04/2025" in swap.name
    assert vn.day_off(date(2026, 11, 24)).name == "Ngày Văn hóa Việt Nam"
    assert vn.day_off(date(2025, 3, 21)) is None


def test_override_day_off_wins_over_the_package():
    cal = WorkCalendar.for_vietnam(
        years=[2025],
        overrides=[
            Override(date(2025, 4, 26), "day_off", "Storm Kajiki: offices closed"),
            Override(date(2025, 3, 20), "day_off", "Provincial day off"),
        ],
    )
    assert not cal.is_working_day(date(2025, 4, 26))  # the package says working Saturday
    off = cal.day_off(date(2025, 4, 26))
    assert (off.reason, off.name) == (DayReason.OVERRIDE, "Storm Kajiki: offices closed")
    assert cal.day_off(date(2025, 3, 20)).reason is DayReason.OVERRIDE
    assert cal.add_working_days(date(2025, 3, 19), 1) == date(2025, 3, 21)


def test_override_working_day_on_a_sunday_and_on_a_holiday():
    cal = WorkCalendar.for_vietnam(
        years=[2025],
        overrides=[
            Override(date(2025, 3, 23), "working_day", "Make-up day"),
            Override(date(2025, 9, 2), "working_day", "Holiday cancelled"),
        ],
    )
    assert cal.is_working_day(date(2025, 3, 23))
    assert cal.is_working_day(date(2025, 9, 2))
    assert cal.add_working_days(date(2025, 3, 21), 1) == date(2025, 3, 23)
    # Fri 21 Mar 16:00 + 2 h: one hour on Friday, one on the make-up Sunday.
    assert cal.add_working_hours(at(2025, 3, 21, 16), 2) == at(2025, 3, 23, 8)


def test_two_overrides_for_one_date_are_refused():
    with pytest.raises(ValueError, match="two overrides"):
        WorkCalendar(
            overrides=[
                Override(date(2025, 1, 2), "day_off"),
                Override(date(2025, 1, 2), "working_day"),
            ]
        )


def test_working_days_between_is_half_open_and_counts_holidays(vn):
    # January 2025: 23 weekdays, minus 1/1 and 27–31/1 (Tết).
    assert vn.working_days_between(date(2025, 1, 1), date(2025, 2, 1)) == 17
    # Apr 2025 with the working Saturday 26/4 and the 30/4 holiday: 22 weekdays - 2 + 1.
    assert vn.working_days_between(date(2025, 4, 1), date(2025, 5, 1)) == 21
    assert vn.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert vn.working_days_between(date(2025, 3, 10), date(2025, 3, 3)) == -5


def test_add_working_days_crosses_tet_and_swaps(vn):
    assert vn.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert vn.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)  # working Saturday
    assert vn.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)
    assert vn.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert vn.add_working_days(date(2026, 8, 22), 1) == date(2026, 8, 24)
    assert vn.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)  # 31/8 and 1–2/9 off
    assert vn.add_working_days(date(2025, 2, 3), -1) == date(2025, 1, 24)
    assert vn.add_working_days(date(2025, 3, 22), 0) == date(2025, 3, 24)  # rolls forward
    # 3/1/2025–2/1/2026 holds 261 weekdays, 12 of them holidays, plus Sat 26/4: 250.
    assert vn.add_working_days(date(2025, 1, 2), 250) == date(2026, 1, 2)


def test_add_working_hours_stays_at_the_end_of_an_interval(vn):
    assert vn.add_working_hours(at(2025, 3, 20, 7), 8) == at(2025, 3, 20, 17)
    assert vn.add_working_hours(at(2025, 3, 20, 7), 4.5) == at(2025, 3, 20, 11, 30)
    assert vn.add_working_hours(at(2025, 3, 20, 7), timedelta(hours=4, minutes=31)) == at(
        2025, 3, 20, 13, 31
    )


def test_add_working_hours_skips_lunch_nights_and_weekends(vn):
    assert vn.add_working_hours(at(2025, 3, 20, 11), 1) == at(2025, 3, 20, 14)
    assert vn.add_working_hours(at(2025, 3, 20, 12), 1) == at(2025, 3, 20, 14, 30)
    assert vn.add_working_hours(at(2025, 3, 20, 20), 1) == at(2025, 3, 21, 8)
    assert vn.add_working_hours(at(2025, 3, 21, 16, 30), 4) == at(2025, 3, 24, 10, 30)
    assert vn.add_working_hours(at(2025, 3, 22, 10), 0) == at(2025, 3, 24, 7)


def test_add_working_hours_skips_tet(vn):
    assert vn.add_working_hours(at(2026, 2, 13, 16), 2) == at(2026, 2, 23, 8)


@pytest.mark.parametrize(
    ("received", "opening"),
    [
        (at(2025, 3, 20, 6, 59), at(2025, 3, 20, 7)),
        (at(2025, 3, 20, 7), at(2025, 3, 20, 7)),
        (at(2025, 3, 20, 11, 29), at(2025, 3, 20, 11, 29)),
        (at(2025, 3, 20, 11, 30), at(2025, 3, 20, 13, 30)),  # closing time is not open
        (at(2025, 3, 20, 17), at(2025, 3, 21, 7)),
        (at(2025, 3, 21, 17), at(2025, 3, 24, 7)),
        (at(2025, 1, 24, 18), at(2025, 2, 3, 7)),  # Friday evening before Tết 2025
    ],
)
def test_next_opening(vn, received, opening):
    assert vn.next_opening(received) == opening


def test_times_in_other_zones_are_converted(vn):
    utc_start = datetime(2025, 3, 20, 1, 0, tzinfo=UTC)  # 08:00 in Hanoi
    result = vn.add_working_hours(utc_start, 1)
    assert result == at(2025, 3, 20, 9)
    assert result.tzinfo == VN_TZ
    paris = datetime(2025, 3, 20, 2, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 08:00 in Hanoi
    assert vn.working_time_between(paris, at(2025, 3, 20, 10)) == timedelta(hours=2)


def test_naive_datetimes_are_refused(vn):
    with pytest.raises(ValueError, match="naive datetime"):
        vn.add_working_hours(datetime(2025, 3, 20, 8), 1)  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive datetime"):
        vn.working_time_between(at(2025, 3, 20, 8), datetime(2025, 3, 20, 9))  # noqa: DTZ001


def test_working_time_between_subtracts_pauses(vn):
    a, b = at(2025, 3, 17, 9), at(2025, 3, 19, 9)  # Mon 09:00 → Wed 09:00
    assert vn.working_time_between(a, b) == timedelta(hours=16)
    pauses = [
        (at(2025, 3, 17, 10), at(2025, 3, 17, 15)),  # 1.5 h + 1.5 h of work
        (at(2025, 3, 17, 14), at(2025, 3, 17, 16)),  # overlaps the first: counts once
        (at(2025, 3, 18, 16), at(2025, 3, 20, 12)),  # clipped at b: 1 h + 2 h
    ]
    assert vn.working_time_between(a, b, pauses) == timedelta(hours=16 - 4 - 3)


def test_working_time_between_ignores_lunch_and_closed_days(vn):
    # 11:00–11:30 and 13:30–14:00 count, the lunch break does not.
    assert vn.working_time_between(at(2025, 3, 20, 11), at(2025, 3, 20, 14)) == timedelta(hours=1)
    assert vn.working_time_between(at(2025, 1, 24, 17), at(2025, 2, 3, 7)) == timedelta(0)


def test_custom_office_hours():
    cal = WorkCalendar(office_hours=[(time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))])
    assert cal.standard_day == timedelta(hours=8)
    assert cal.add_working_hours(at(2025, 3, 20, 11), 1) == at(2025, 3, 20, 13, 30)
    assert cal.add_working_hours(at(2025, 3, 20, 7), 1) == at(2025, 3, 20, 8, 30)


def test_bad_office_hours_are_refused():
    with pytest.raises(ValueError, match="non-overlapping"):
        WorkCalendar(office_hours=[(time(13, 0), time(17, 0)), (time(7, 0), time(11, 0))])
    with pytest.raises(ValueError, match="at least one"):
        WorkCalendar(office_hours=[])
