"""Steps of a case's life as staff take them on the case page, shared by the journeys."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import choose, submit
from tests.browser.test_counter import scan_pdf

DEPT_A = "Phòng Văn hóa - Xã hội"  # decides birth registrations at UBND phường Hạc Thành
DEPT_B = "Phòng Kinh tế, Hạ tầng và Đô thị"


def action(page: Page, title: str) -> Locator:
    """Open the action's panel on the case page and return it."""
    panel = page.locator("details.action", has=page.locator("summary", has_text=title)).first
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    return panel


def act(page: Page, title: str, fill: dict[str, str] | None = None) -> None:
    """Fill an action's fields by label, press its button, and expect the success message."""
    panel = action(page, title)
    for label, value in (fill or {}).items():
        panel.get_by_label(label).fill(value)
    with page.expect_navigation():
        panel.get_by_role("button", name=title, exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text(title)


def status_of(page: Page) -> Locator:
    """The case's status, as the page head shows it."""
    return page.locator(".page-head .badge")


def transfer(counter: Page, department: str) -> None:
    """The counter sends the open case to the department that decides it."""
    panel = action(counter, "Chuyển xử lý")
    choose(panel.get_by_label("Phòng ban chủ trì"), department)
    with counter.expect_navigation():
        panel.get_by_role("button", name="Chuyển xử lý", exact=True).click()
    expect(counter.locator(".flash-success")).to_contain_text("Chuyển xử lý")


def receive_and_assign(head: Page, code: str, handler: str) -> None:
    """The head finds the case among the unassigned, receives it and assigns a handler."""
    head.goto("/work?q=unassigned")
    head.get_by_role("link", name=code).click()
    act(head, "Tiếp nhận")
    panel = action(head, "Phân công xử lý")
    choose(panel.get_by_label("Cán bộ xử lý"), handler)
    with head.expect_navigation():
        panel.get_by_role("button", name="Phân công xử lý", exact=True).click()
    expect(head.locator(".flash-success")).to_contain_text("Phân công xử lý")
    expect(head.locator(".steps-table")).to_contain_text(handler)


def submit_draft(officer: Page, case_url: str, name: str) -> None:
    """The handler sends the signed result document to the head."""
    officer.goto(case_url)
    panel = action(officer, "Trình dự thảo kết quả")
    panel.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": scan_pdf(name)}
    )
    with officer.expect_navigation():
        panel.get_by_role("button", name="Trình dự thảo kết quả", exact=True).click()
    expect(officer.locator(".flash-success")).to_be_visible()


def approve(head: Page, case_url: str) -> None:
    """The head approves the draft: the result is ready (status 9)."""
    head.goto(case_url)
    act(head, "Phê duyệt kết quả")
    expect(status_of(head)).to_have_text("Đã xử lý xong")


def hand_over(counter: Page, case_url: str, collector: str, id_number: str) -> None:
    """The counter returns the result to the applicant, who collects it in person."""
    counter.goto(case_url)
    # Filled in from the case.
    expect(counter.get_by_label("Người nhận kết quả", exact=True)).to_have_value(collector)
    expect(counter.get_by_label("Số CCCD của người nhận kết quả")).to_have_value(id_number)
    expect(counter.get_by_label("Đã trả lại bản chính")).to_be_checked()
    submit(counter, "Ghi nhận trả kết quả")
    expect(counter.locator(".flash-success")).to_have_text(
        "Đã trả kết quả. Mời người dân đánh giá mức độ hài lòng."
    )
    expect(status_of(counter)).to_have_text("Đã trả kết quả")
