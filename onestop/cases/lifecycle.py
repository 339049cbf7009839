"""The case state machine, mapped to the national status codes (pure, no Flask)."""

from __future__ import annotations

import enum


class CaseStatus(enum.StrEnum):
    NEW = "new"  # 1 Mới đăng ký (online, not yet received)
    ACCEPTED = "accepted"  # 2 Được tiếp nhận
    REFUSED = "refused"  # 3 Không được tiếp nhận
    IN_PROGRESS = "in_progress"  # 4 Đang xử lý
    SUPPLEMENT = "supplement"  # 5 Yêu cầu bổ sung giấy tờ
    FEE_DUE = "fee_due"  # 6 Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = "withdrawn"  # 7 Công dân yêu cầu rút hồ sơ
    STOPPED = "stopped"  # 8 Dừng xử lý
    RESULT_READY = "result_ready"  # 9 Đã xử lý xong
    RETURNED = "returned"  # 10 Đã trả kết quả

    @property
    def national_code(self) -> int:
        return list(CaseStatus).index(self) + 1


S = CaseStatus
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.NEW: frozenset({S.ACCEPTED, S.REFUSED, S.SUPPLEMENT, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.SUPPLEMENT, S.WITHDRAWN, S.STOPPED, S.RESULT_READY}),
    S.IN_PROGRESS: frozenset(
        {S.SUPPLEMENT, S.FEE_DUE, S.WITHDRAWN, S.STOPPED, S.RESULT_READY, S.IN_PROGRESS}
    ),
    S.SUPPLEMENT: frozenset({S.NEW, S.ACCEPTED, S.IN_PROGRESS, S.WITHDRAWN, S.STOPPED, S.REFUSED}),
    S.FEE_DUE: frozenset({S.IN_PROGRESS, S.RESULT_READY, S.WITHDRAWN, S.STOPPED}),
    S.RESULT_READY: frozenset({S.RETURNED, S.IN_PROGRESS}),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.STOPPED: frozenset(),
    S.RETURNED: frozenset(),
}

OPEN_STATUSES = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.SUPPLEMENT, S.FEE_DUE})
FINISHED_STATUSES = frozenset({S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RESULT_READY, S.RETURNED})


class TransitionError(ValueError):
    """A move the lifecycle does not allow."""

    def __init__(self, current: CaseStatus, target: CaseStatus) -> None:
        super().__init__(f"a case cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    """Raise TransitionError unless the lifecycle allows current -> target."""
    if target not in TRANSITIONS[current]:
        raise TransitionError(current, target)
