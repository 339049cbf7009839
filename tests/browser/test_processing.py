"""Department processing in a real browser: counter → department A → department B → head approval,
with a supplement round and a rework round on the way."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from onestop import PROJECT_ROOT
from onestop.accounts.models import User
from onestop.cases.intake import accept_case
from onestop.catalogue.loader import load_specs
from onestop.catalogue.model import Channel
from onestop.catalogue.models import Procedure
from onestop.catalogue.spec import load_seed
from onestop.db import db, utcnow
from tests.browser.conftest import LiveServer, NewContext, choose, sign_in
from tests.browser.steps import DEPT_A, DEPT_B, act, action, transfer
from tests.cases.factories import PDF_BYTES, applicant, complete_intake


def _case(live_server: LiveServer) -> tuple[int, str]:
    """A marriage-status certificate case accepted online just now at the Hạc Thành desk."""
    with live_server.data():
        if db.session.scalar(sa.select(sa.func.count(Procedure.id))) == 0:
            load_specs(load_seed(PROJECT_ROOT / "seed_procedures.yaml"))
        procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == "1.004873"))
        officer = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
        assert procedure is not None and officer is not None
        data = complete_intake(
            procedure,
            uploads=[],
            channel=Channel.ONLINE,
            applicant=applicant(name="Trịnh Văn Hành Trình", id_number="038190077777"),
        )
        case = accept_case(data, officer=officer, now=utcnow())
        db.session.flush()
        return case.id, str(case.code)


def test_a_case_goes_through_two_departments_to_approval(
    new_context: NewContext, live_server: LiveServer
) -> None:
    case_id, code = _case(live_server)
    case_url = f"/cases/{case_id}"
    pages: dict[str, Page] = {}
    for who in ("tiepnhan", "chuyenvien", "chuyenvien2", "lanhdao2"):
        pages[who] = new_context().new_page()
        sign_in(pages[who], who)
    counter, officer_a, officer_b, head_b = (
        pages["tiepnhan"], pages["chuyenvien"], pages["chuyenvien2"], pages["lanhdao2"]
    )  # fmt: skip

    # The counter transfers the case to department A; the counter sees no department action.
    counter.goto(case_url)
    expect(counter.locator("summary", has_text="Phân công xử lý")).to_have_count(0)
    transfer(counter, DEPT_A)

    # Department A: the case waits in the unassigned queue, with its count in the menu.
    officer_a.goto("/work?q=unassigned")
    expect(officer_a.locator("nav.mainnav .nav-count")).to_have_text("1")
    officer_a.get_by_role("link", name=code).click()
    act(officer_a, "Tiếp nhận")
    panel = action(officer_a, "Chuyển bước tiếp theo")
    choose(panel.get_by_label("Chuyển đến phòng ban"), DEPT_B)
    with officer_a.expect_navigation():
        panel.get_by_role("button", name="Chuyển bước tiếp theo", exact=True).click()
    expect(officer_a.locator(".flash-success")).to_be_visible()

    # Department B receives and asks for a supplement, which goes through the counter.
    officer_b.goto(case_url)
    act(officer_b, "Tiếp nhận")
    act(
        officer_b,
        "Yêu cầu bổ sung hồ sơ",
        {"Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)": "Bản sao CCCD"},
    )
    expect(officer_b.locator(".page-head .badge")).to_have_text("Yêu cầu bổ sung giấy tờ")
    expect(officer_b.locator("summary", has_text="Trình dự thảo kết quả")).to_have_count(0)
    counter.goto(case_url)
    act(counter, "Nhận hồ sơ bổ sung")
    expect(counter.locator(".page-head .badge")).to_have_text("Đang xử lý")

    # A draft, sent back once for rework, then approved by the head of department B.
    def submit_draft(name: str) -> None:
        officer_b.goto(case_url)
        panel = action(officer_b, "Trình dự thảo kết quả")
        panel.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
        with officer_b.expect_navigation():
            panel.get_by_role("button", name="Trình dự thảo kết quả", exact=True).click()
        expect(officer_b.locator(".flash-success")).to_be_visible()

    submit_draft("Dự thảo giấy xác nhận.pdf")
    head_b.goto("/work?q=mine")
    head_b.get_by_role("link", name=code).click()
    act(head_b, "Trả lại để xử lý lại", {"Nội dung cần xử lý lại": "Sai ngày sinh"})
    officer_b.goto("/work?q=rework")
    expect(officer_b.get_by_role("link", name=code)).to_be_visible()
    submit_draft("Giấy xác nhận đã ký.pdf")
    head_b.goto(case_url)
    act(head_b, "Phê duyệt kết quả")
    expect(head_b.locator(".page-head .badge")).to_have_text("Đã xử lý xong")

    # The timeline and the step table tell the whole story, each step with its mark.
    history = head_b.locator("table", has_text="Người thực hiện").last
    for label in (
        "Đã chuyển xử lý",
        "Đã tiếp nhận hồ sơ chuyển đến",
        "Đã chuyển bước tiếp theo",
        "Yêu cầu bổ sung giấy tờ",
        "Đã nhận hồ sơ bổ sung",
        "Bị trả lại để xử lý lại",
        "Đã phê duyệt: có kết quả",
    ):
        expect(history).to_contain_text(label)
    results = head_b.locator(".steps-table .step-result").all_inner_texts()
    assert len(results) == 2 and all(r in {"Trước hạn", "Đúng hạn"} for r in results), results
    slip = head_b.request.get(f"{live_server.url}{case_url}/control-slip.pdf")
    assert slip.status == 200 and slip.body().startswith(b"%PDF")
    # Nothing more to do for anyone in the department.
    expect(head_b.locator("details.action")).to_have_count(0)
