"""Property tests, and a naive day-by-day reference the fast calendar must agree with."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop.calendar import (
    VN_TZ,
    Override,
    TimeLimit,
    TimeUnit,
    WorkCalendar,
    due_date,
    recompute_due,
)

FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2025, 12, 31)
ONE_DAY = timedelta(days=1)
settings.register_profile(
    "calendar", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("calendar")


# -- the naive reference: obvious loops, one day at a time -----------------------------


@dataclass
class Naive:
    holidays: dict[date, str]
    weekend_workdays: set[date]
    overrides: dict[date, str]  # date -> kind
    office_hours: list[tuple[time, time]] = field(default_factory=list)

    def working(self, day):
        if day in self.overrides:
            return self.overrides[day] == "working_day"
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.weekend_workdays

    def segments(self, day):
        """Return the office intervals of `day` as aware datetimes, none on a rest day."""
        if not self.working(day):
            return []
        return [
            (datetime.combine(day, s, tzinfo=VN_TZ), datetime.combine(day, e, tzinfo=VN_TZ))
            for s, e in self.office_hours
        ]

    def next_opening(self, instant):
        day = instant.date()
        while True:
            for s, e in self.segments(day):
                if instant < e:
                    return max(instant, s)
            day += ONE_DAY

    def add(self, instant, amount, pauses=()):
        """Walk office time forward from `instant`, skipping pauses, until `amount` is used."""
        instant = self.next_opening(instant.astimezone(VN_TZ))
        if not amount:
            return instant
        left, day = amount, instant.date()
        while True:
            for s, e in self.segments(day):
                for lo, hi in _minus(max(s, instant), e, pauses):
                    if left <= hi - lo:
                        return lo + left
                    left -= hi - lo
            day += ONE_DAY

    def between(self, a, b, pauses=()):
        a, b = a.astimezone(VN_TZ), b.astimezone(VN_TZ)
        total, day = timedelta(0), a.date()
        while day <= b.date():
            for s, e in self.segments(day):
                for lo, hi in _minus(max(s, a), min(e, b), pauses):
                    total += hi - lo
            day += ONE_DAY
        return total

    def first_working_from(self, day):
        while not self.working(day):
            day += ONE_DAY
        return day

    def closing(self, day):
        return datetime.combine(day, self.office_hours[-1][1], tzinfo=VN_TZ)

    def due(self, accepted, limit, pauses=()):
        accepted = accepted.astimezone(VN_TZ)
        if limit.unit is TimeUnit.CALENDAR_DAYS:
            last = accepted.date() + limit.amount * ONE_DAY
            for ps, pe in _merged(pauses):
                if accepted < pe and ps < self.closing(self.first_working_from(last)):
                    last += (pe - max(ps, accepted)) // ONE_DAY * ONE_DAY
            return self.closing(self.first_working_from(last))
        start = self.next_opening(accepted)
        if limit.unit is TimeUnit.SAME_DAY:
            day = start.date()
            if start.time() >= limit.cutoff:
                day = self.first_working_from(day + ONE_DAY)
            work = self.between(start, self.closing(day))
        else:
            per_unit = timedelta(hours=1)
            if limit.unit is TimeUnit.WORKING_DAYS:
                minutes = sum(_minutes(e) - _minutes(s) for s, e in self.office_hours)
                per_unit = timedelta(minutes=minutes)
            work = limit.amount * per_unit
        return self.add(start, work, pauses)


def _minutes(t):
    return t.hour * 60 + t.minute


def _minus(lo, hi, pauses):
    """Return [lo, hi] with the pauses cut out."""
    pieces = [(lo, hi)] if lo < hi else []
    for ps, pe in pauses:
        pieces = [
            piece
            for a, b in pieces
            for piece in ((a, min(b, ps)), (max(a, pe), b))
            if piece[0] < piece[1]
        ]
    return pieces


def _merged(pauses):
    out = []
    for ps, pe in sorted(pauses):
        if out and ps <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], pe))
        else:
            out.append((ps, pe))
    return out


# -- random calendars and instants ------------------------------------------------------

days_in_year = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


@st.composite
def office_hours(draw):
    """Draw 1–3 increasing office intervals on a 15-minute grid."""
    cuts = sorted(draw(st.sets(st.integers(6 * 4, 20 * 4), min_size=2, max_size=6)))
    if len(cuts) % 2:
        cuts = cuts[:-1]
    return [
        (time(cuts[i] // 4, cuts[i] % 4 * 15), time(cuts[i + 1] // 4, cuts[i + 1] % 4 * 15))
        for i in range(0, len(cuts), 2)
    ]


@st.composite
def calendars(draw):
    """Draw a random calendar and the naive reference built from the same data."""
    holidays = {d: f"holiday {d}" for d in draw(st.sets(days_in_year, max_size=40))}
    weekend_workdays = {d for d in draw(st.sets(days_in_year, max_size=20)) if d.weekday() >= 5}
    override_days = draw(st.sets(days_in_year, max_size=30))
    overrides = {d: draw(st.sampled_from(["day_off", "working_day"])) for d in override_days}
    hours = draw(
        st.one_of(st.just([(time(7), time(11, 30)), (time(13, 30), time(17))]), office_hours())
    )
    fast = WorkCalendar(
        holidays,
        weekend_workdays,
        [Override(d, kind, f"note {d}") for d, kind in overrides.items()],
        hours,
    )
    return fast, Naive(holidays, weekend_workdays, overrides, hours)


ZONES = [VN_TZ, UTC, ZoneInfo("Europe/Paris")]
instants = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=datetime(2025, 10, 31),  # noqa: DTZ001
    timezones=st.sampled_from(ZONES),
    allow_imaginary=False,
).map(lambda dt: dt.replace(microsecond=0))
amounts = st.integers(0, 120 * 60).map(lambda m: timedelta(minutes=m))
limits = st.one_of(
    st.builds(TimeLimit, st.integers(0, 60), st.just(TimeUnit.WORKING_HOURS)),
    st.builds(TimeLimit, st.integers(0, 20), st.just(TimeUnit.WORKING_DAYS)),
    st.builds(TimeLimit, st.integers(1, 40), st.just(TimeUnit.CALENDAR_DAYS)),
    st.builds(
        TimeLimit,
        st.just(0),
        st.just(TimeUnit.SAME_DAY),
        st.sampled_from([time(15), time(9, 45), time(12)]),
    ),
)


@st.composite
def pause_lists(draw, after):
    """Draw up to three pauses, some of which may start before `after` or overlap."""
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        start = after + timedelta(minutes=draw(st.integers(-3 * 24 * 60, 30 * 24 * 60)))
        pauses.append((start, start + timedelta(minutes=draw(st.integers(0, 10 * 24 * 60)))))
    return pauses


def inside_office_hours(cal, instant):
    local = instant.astimezone(VN_TZ)
    return cal.is_working_day(local.date()) and any(
        s <= local.time() <= e for s, e in cal.office_hours
    )


# -- agreement with the reference -------------------------------------------------------


@given(calendars(), days_in_year)
def test_working_day_agrees_with_reference(cals, day):
    fast, naive = cals
    assert fast.is_working_day(day) == naive.working(day)


@given(calendars(), days_in_year, days_in_year)
def test_working_days_between_agrees_with_reference(cals, d1, d2):
    fast, naive = cals
    lo, hi = min(d1, d2), max(d1, d2)
    count = sum(naive.working(lo + n * ONE_DAY) for n in range((hi - lo).days))
    assert fast.working_days_between(lo, hi) == count
    assert fast.working_days_between(hi, lo) == -count


@given(calendars(), days_in_year, st.integers(-40, 40))
def test_add_working_days_agrees_with_reference(cals, day, n):
    fast, naive = cals
    expected, step, left = day, (ONE_DAY if n >= 0 else -ONE_DAY), abs(n)
    if n == 0:
        expected = naive.first_working_from(day)
    while left:
        expected += step
        left -= naive.working(expected)
    assert fast.add_working_days(day, n) == expected


@given(calendars(), instants, amounts)
def test_add_working_hours_agrees_with_reference(cals, start, amount):
    fast, naive = cals
    assert fast.add_working_hours(start, amount) == naive.add(start, amount)


@given(calendars(), instants, instants, st.data())
def test_working_time_between_agrees_with_reference(cals, a, b, data):
    fast, naive = cals
    a, b = min(a, b), max(a, b)
    pauses = data.draw(pause_lists(a))
    assert fast.working_time_between(a, b, pauses) == naive.between(a, b, _merged(pauses))


@given(calendars(), instants, limits)
def test_due_date_agrees_with_reference(cals, accepted, limit):
    fast, naive = cals
    assert due_date(fast, accepted, limit).due_at == naive.due(accepted, limit)


@given(calendars(), instants, limits, st.data())
def test_pause_policy_agrees_with_reference(cals, accepted, limit, data):
    fast, naive = cals
    pauses = data.draw(pause_lists(accepted))
    local = [(s.astimezone(VN_TZ), e.astimezone(VN_TZ)) for s, e in pauses]
    result = recompute_due(fast, accepted, limit, pauses, "pause")
    assert result.due_at == naive.due(accepted, limit, _merged(local))


@given(calendars(), instants, limits, st.data())
def test_restart_policy_agrees_with_reference(cals, accepted, limit, data):
    fast, naive = cals
    pauses = data.draw(pause_lists(accepted))
    ends = [e for _, e in pauses if e > accepted]
    restart_at = max(ends) if ends else accepted
    result = recompute_due(fast, accepted, limit, pauses, "restart")
    assert result.due_at == naive.due(restart_at, limit)


# -- properties of the fast calendar on its own -------------------------------------


@given(calendars(), instants, amounts)
def test_adding_then_counting_back_gives_the_amount(cals, start, amount):
    fast, _ = cals
    assert fast.working_time_between(start, fast.add_working_hours(start, amount)) == amount


@given(calendars(), instants, amounts)
def test_results_lie_inside_office_hours_on_working_days(cals, start, amount):
    fast, _ = cals
    result = fast.add_working_hours(start, amount)
    assert inside_office_hours(fast, result)
    assert result.tzinfo is VN_TZ
    assert result >= start


@given(calendars(), instants, limits)
def test_due_dates_lie_inside_office_hours_on_working_days(cals, accepted, limit):
    fast, _ = cals
    assert inside_office_hours(fast, due_date(fast, accepted, limit).due_at)


@given(calendars(), instants, instants, limits)
def test_later_acceptance_is_never_due_earlier(cals, a, b, limit):
    fast, _ = cals
    early, late = min(a, b), max(a, b)
    assert due_date(fast, early, limit).due_at <= due_date(fast, late, limit).due_at


@given(calendars(), instants, amounts, amounts)
def test_more_working_time_is_never_due_earlier(cals, start, h1, h2):
    fast, _ = cals
    small, big = min(h1, h2), max(h1, h2)
    assert fast.add_working_hours(start, small) <= fast.add_working_hours(start, big)


@given(calendars(), instants, limits, st.data())
def test_a_pause_never_brings_the_due_date_forward(cals, accepted, limit, data):
    fast, _ = cals
    pauses = data.draw(pause_lists(accepted))
    plain = due_date(fast, accepted, limit).due_at
    assert recompute_due(fast, accepted, limit, pauses, "pause").due_at >= plain


@given(
    calendars(),
    instants,
    st.sampled_from([TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS]),
    st.integers(0, 20),
)
def test_explanation_accounts_for_every_rest_day(cals, accepted, unit, amount):
    fast, naive = cals
    result = due_date(fast, accepted, TimeLimit(amount, unit))
    first, last = accepted.astimezone(VN_TZ).date(), result.due_at.date()
    rest_days = sum(not naive.working(first + n * ONE_DAY) for n in range((last - first).days + 1))
    listed = [s.params["date"] for s in result.explanation if s.code == "day_skipped"]
    weekends = sum(
        s.params["count"] for s in result.explanation if s.code == "weekend_days_skipped"
    )
    assert listed == sorted(set(listed))
    assert all(first <= d <= last and not naive.working(d) for d in listed)
    assert len(listed) + weekends == rest_days
