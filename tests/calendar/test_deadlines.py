from datetime import UTC, date, datetime, time, timedelta

import pytest

from onestop.calendar import (
    VN_TZ,
    DayReason,
    Override,
    PausePolicy,
    TimeLimit,
    TimeUnit,
    WorkCalendar,
    due_date,
    recompute_due,
)

HOURS_4 = TimeLimit(4, TimeUnit.WORKING_HOURS)
DAYS_3 = TimeLimit(3, TimeUnit.WORKING_DAYS)
SAME_DAY = TimeLimit(0, TimeUnit.SAME_DAY)


@pytest.fixture(scope="module")
def vn() -> WorkCalendar:
    return WorkCalendar.for_vietnam(years=range(2024, 2028))


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


def codes(result):
    return [step.code for step in result.explanation]


def skipped(result):
    """Return the named rest days of an explanation as (date, reason) pairs."""
    return [
        (s.params["date"], s.params["reason"])
        for s in result.explanation
        if s.code == "day_skipped"
    ]


def weekend_count(result):
    return sum(s.params["count"] for s in result.explanation if s.code == "weekend_days_skipped")


def test_three_working_days_from_monday_morning_is_thursday_same_time(vn):
    result = due_date(vn, at(2025, 3, 17, 9), DAYS_3)
    assert result.due_at == at(2025, 3, 20, 9)
    assert codes(result) == ["working_days_converted"]
    assert result.explanation[0].params == {"days": 3, "working_time": timedelta(hours=24)}


def test_hung_kings_day_pushes_working_days(vn):
    result = due_date(vn, at(2025, 4, 3, 9), DAYS_3)  # Thu; Mon 7/4 is a holiday
    assert result.due_at == at(2025, 4, 9, 9)
    assert skipped(result) == [(date(2025, 4, 7), DayReason.HOLIDAY)]
    assert weekend_count(result) == 2


def test_tet_2025_is_skipped_and_explained(vn):
    result = due_date(vn, at(2025, 1, 24, 9), DAYS_3)
    assert result.due_at == at(2025, 2, 5, 9)
    assert [d for d, _ in skipped(result)] == [date(2025, 1, 27) + timedelta(n) for n in range(6)]
    assert weekend_count(result) == 3  # 25–26/1 and 2/2; Sat 1/2 is listed as Tết


def test_tet_2026_is_skipped(vn):
    assert due_date(vn, at(2026, 2, 13, 10), TimeLimit(1, "working_days")).due_at == at(
        2026, 2, 23, 10
    )


def test_working_saturday_26_april_2025_and_the_30_april_break(vn):
    assert due_date(vn, at(2025, 4, 25, 9), DAYS_3).due_at == at(2025, 4, 29, 9)
    result = due_date(vn, at(2025, 4, 25, 9), TimeLimit(4, "working_days"))
    assert result.due_at == at(2025, 5, 5, 9)
    assert skipped(result) == [
        (date(2025, 4, 30), DayReason.HOLIDAY),
        (date(2025, 5, 1), DayReason.HOLIDAY),
        (date(2025, 5, 2), DayReason.HOLIDAY),
    ]
    assert weekend_count(result) == 3  # Sun 27/4, Sat 3/5, Sun 4/5; Sat 26/4 was worked


def test_national_day_2026_with_the_31_august_swap(vn):
    result = due_date(vn, at(2026, 8, 28, 9), TimeLimit(1, "working_days"))
    assert result.due_at == at(2026, 9, 3, 9)
    assert [d for d, _ in skipped(result)] == [
        date(2026, 8, 31),
        date(2026, 9, 1),
        date(2026, 9, 2),
    ]
    names = [s.params["name"] for s in result.explanation if s.code == "day_skipped"]
    assert "22/08/2026" in names[0]


def test_national_day_2025(vn):
    assert due_date(vn, at(2025, 8, 29, 16), HOURS_4).due_at == at(2025, 9, 3, 10)


def test_working_saturday_4_may_2024(vn):
    assert due_date(vn, at(2024, 5, 3, 16), HOURS_4).due_at == at(2024, 5, 4, 10)
    assert due_date(vn, at(2024, 4, 26, 16), HOURS_4).due_at == at(2024, 5, 2, 10)


def test_culture_day_2026(vn):
    result = due_date(vn, at(2026, 11, 23, 9), TimeLimit(1, "working_days"))
    assert result.due_at == at(2026, 11, 25, 9)
    assert skipped(result) == [(date(2026, 11, 24), DayReason.HOLIDAY)]


def test_lunch_time_receipt_starts_at_13_30(vn):
    result = due_date(vn, at(2025, 3, 20, 12), TimeLimit(2, "working_hours"))
    assert result.due_at == at(2025, 3, 20, 15, 30)
    assert result.started_at == at(2025, 3, 20, 13, 30)
    assert result.explanation[0].code == "start_moved_to_next_opening"
    assert result.explanation[0].params == {
        "from": at(2025, 3, 20, 12),
        "to": at(2025, 3, 20, 13, 30),
    }


def test_friday_16_30_with_four_working_hours_is_due_monday(vn):
    result = due_date(vn, at(2025, 3, 21, 16, 30), HOURS_4)
    assert result.due_at == at(2025, 3, 24, 10, 30)
    assert weekend_count(result) == 2


@pytest.mark.parametrize(
    ("received", "due", "steps"),
    [
        (at(2025, 3, 20, 14, 59), at(2025, 3, 20, 17), []),
        (at(2025, 3, 20, 15, 0), at(2025, 3, 21, 17), ["received_after_cutoff"]),
        (at(2025, 3, 20, 15, 1), at(2025, 3, 21, 17), ["received_after_cutoff"]),
        (
            at(2025, 3, 21, 15, 1),
            at(2025, 3, 24, 17),
            ["received_after_cutoff", "weekend_days_skipped"],
        ),
        (at(2025, 3, 20, 12, 0), at(2025, 3, 20, 17), ["start_moved_to_next_opening"]),
        (at(2025, 3, 20, 17, 30), at(2025, 3, 21, 17), ["start_moved_to_next_opening"]),
        (
            at(2025, 3, 22, 9, 0),
            at(2025, 3, 24, 17),
            ["start_moved_to_next_opening", "weekend_days_skipped"],
        ),
    ],
)
def test_same_day_cutoff(vn, received, due, steps):
    result = due_date(vn, received, SAME_DAY)
    assert result.due_at == due
    assert codes(result) == steps


def test_same_day_cutoff_is_configurable(vn):
    limit = TimeLimit(0, "same_day", cutoff=time(16, 0))
    assert due_date(vn, at(2025, 3, 20, 15, 30), limit).due_at == at(2025, 3, 20, 17)


def test_calendar_days_start_the_day_after(vn):
    result = due_date(vn, at(2025, 3, 3, 16), TimeLimit(15, "calendar_days"))
    assert result.due_at == at(2025, 3, 18, 17)
    assert result.explanation[0].params == {
        "event": date(2025, 3, 3),
        "first_day": date(2025, 3, 4),
        "last_day": date(2025, 3, 18),
    }


def test_calendar_period_ending_on_a_sunday_rolls_to_monday_closing(vn):
    result = due_date(vn, at(2025, 3, 8, 9), TimeLimit(15, "calendar_days"))  # online, Sat
    assert result.due_at == at(2025, 3, 24, 17)
    assert codes(result) == [
        "calendar_period_starts_next_day",
        "last_day_rest_day_rolled_forward",
        "weekend_days_skipped",
    ]
    assert result.explanation[1].params == {"from": date(2025, 3, 23), "to": date(2025, 3, 24)}
    assert weekend_count(result) == 1


def test_calendar_period_ending_in_tet_rolls_past_it(vn):
    result = due_date(vn, at(2026, 2, 1, 10), TimeLimit(15, "calendar_days"))
    assert result.due_at == at(2026, 2, 23, 17)
    assert len(skipped(result)) == 5
    assert weekend_count(result) == 2


def test_results_come_back_in_vietnam_time(vn):
    result = due_date(vn, datetime(2025, 3, 17, 2, 0, tzinfo=UTC), DAYS_3)  # 09:00 in Hanoi
    assert result.due_at == at(2025, 3, 20, 9)
    assert result.due_at.utcoffset() == timedelta(hours=7)


def test_pause_moves_the_due_date_by_the_working_time_paused(vn):
    pause = (at(2025, 3, 18, 10), at(2025, 3, 20, 10))  # Tue 10:00 → Thu 10:00 = 16 h of work
    result = recompute_due(vn, at(2025, 3, 17, 9), DAYS_3, [pause], "pause")
    assert result.due_at == at(2025, 3, 24, 9)  # Thu 09:00 + 16 h, over the weekend
    [step] = [s for s in result.explanation if s.code == "pause_added"]
    assert step.params == {"start": pause[0], "end": pause[1], "working_time": timedelta(hours=16)}


def test_two_pauses_add_up_and_a_pause_after_the_due_date_is_ignored(vn):
    pauses = [
        (at(2025, 3, 17, 10), at(2025, 3, 17, 11)),  # 1 h
        (at(2025, 3, 17, 16), at(2025, 3, 18, 8)),  # 1 h + 1 h
        (at(2025, 3, 28, 9), at(2025, 4, 1, 9)),  # after the due date: the case is late anyway
    ]
    result = recompute_due(vn, at(2025, 3, 17, 9), DAYS_3, pauses, PausePolicy.PAUSE)
    assert result.due_at == at(
        2025, 3, 20, 14
    )  # Thu 09:00 + 3 h: 2.5 h to 11:30, 0.5 h after lunch
    assert [s.params.get("reason") for s in result.explanation if "pause" in s.code] == [
        None,
        None,
        "after_due",
    ]


def test_restart_policy_restarts_the_clock_at_the_end_of_the_last_pause(vn):
    pause = (at(2025, 3, 18, 10), at(2025, 3, 20, 10))
    result = recompute_due(vn, at(2025, 3, 17, 9), DAYS_3, [pause], "restart")
    assert result.due_at == at(2025, 3, 25, 10)
    assert result.started_at == at(2025, 3, 20, 10)
    assert result.explanation[0].code == "clock_restarted"
    assert result.explanation[0].params == {"at": pause[1], "paused_from": pause[0]}


def test_restart_after_a_pause_ending_after_the_cutoff_moves_a_same_day_case(vn):
    pause = (at(2025, 3, 20, 9), at(2025, 3, 20, 15, 30))
    result = recompute_due(vn, at(2025, 3, 20, 8), SAME_DAY, [pause], "restart")
    assert result.due_at == at(2025, 3, 21, 17)
    assert codes(result)[:2] == ["clock_restarted", "received_after_cutoff"]


def test_pause_on_a_calendar_day_limit_counts_whole_days(vn):
    pause = (at(2025, 3, 5, 10), at(2025, 3, 8, 16))  # 3 days 6 hours
    result = recompute_due(vn, at(2025, 3, 3, 10), TimeLimit(15, "calendar_days"), [pause], "pause")
    assert result.due_at == at(2025, 3, 21, 17)
    [step] = [s for s in result.explanation if s.code == "pause_added"]
    assert step.params["calendar_days"] == 3


def test_a_newly_announced_holiday_re_times_an_open_case():
    accepted, limit = at(2027, 3, 1, 9), TimeLimit(5, "working_days")
    before = WorkCalendar.for_vietnam(years=[2027])
    after = WorkCalendar.for_vietnam(
        years=[2027], overrides=[Override(date(2027, 3, 4), "day_off", "Provincial festival")]
    )
    assert due_date(before, accepted, limit).due_at == at(2027, 3, 8, 9)
    result = recompute_due(after, accepted, limit, [], "pause")
    assert result.due_at == at(2027, 3, 9, 9)
    [step] = [s for s in result.explanation if s.code == "day_skipped"]
    assert step.params == {
        "date": date(2027, 3, 4),
        "reason": DayReason.OVERRIDE,
        "name": "Provincial festival",
    }


def test_explanation_serialises_to_json_values(vn):
    result = due_date(vn, at(2025, 3, 20, 12), DAYS_3)
    assert [s.as_json() for s in result.explanation] == [
        {
            "code": "start_moved_to_next_opening",
            "params": {"from": "2025-03-20T12:00:00+07:00", "to": "2025-03-20T13:30:00+07:00"},
        },
        {"code": "working_days_converted", "params": {"days": 3, "working_time": 86400}},
        {
            "code": "weekend_days_skipped",
            "params": {"count": 2, "from": "2025-03-20", "to": "2025-03-25"},
        },
    ]


def test_explanation_of_a_late_same_day_case_serialises_its_cutoff(vn):
    result = due_date(vn, at(2025, 3, 20, 16), SAME_DAY)
    [step] = [s.as_json() for s in result.explanation if s.code == "received_after_cutoff"]
    assert step["params"] == {"at": "2025-03-20T16:00:00+07:00", "cutoff": "15:00:00"}


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        (-1, "working_days", "negative"),
        (1, "same_day", "amount 0"),
        (0, "calendar_days", "at least one"),
    ],
)
def test_invalid_time_limits_are_refused(amount, unit, message):
    with pytest.raises(ValueError, match=message):
        TimeLimit(amount, unit)


def test_a_pause_straddling_acceptance_only_counts_from_the_acceptance(vn):
    pauses = [
        (at(2025, 3, 10, 9), at(2025, 3, 14, 9)),  # the week before: ignored
        (at(2025, 3, 17, 8), at(2025, 3, 17, 10)),  # accepted at 09:00: 1 h counts
    ]
    result = recompute_due(vn, at(2025, 3, 17, 9), DAYS_3, pauses, "pause")
    assert result.due_at == at(2025, 3, 20, 10)
    assert [
        (s.code, s.params.get("reason"), s.params.get("working_time"))
        for s in result.explanation
        if "pause" in s.code
    ] == [
        ("pause_ignored", "before_start", None),
        ("pause_added", None, timedelta(hours=1)),
    ]
