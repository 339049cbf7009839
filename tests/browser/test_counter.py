"""The counter officer's day in a browser: intake and receipt, forms 02 and 03, scan box, mistakes."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Locator, Page, expect
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from onestop import PROJECT_ROOT
from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.catalogue.model import ProcedureSpec
from onestop.catalogue.models import Procedure
from onestop.catalogue.spec import load_spec_file
from onestop.db import db
from tests.browser.conftest import (
    LiveServer,
    dangling_descriptions,
    field_error,
    sign_in,
    submit,
)
from tests.conftest import artifact_dir
from tests.counter.conftest import make_case
from tests.documents.readback import all_text, decode, page_texts, rasterise

BIRTH_CODE = "1.001193"
BIRTH = "Đăng ký khai sinh"
TO_KHAI = "Tờ khai đăng ký khai sinh"
CHUNG_SINH = "Giấy chứng sinh"
ACCEPT = "Tiếp nhận và in giấy tiếp nhận"
INCOMPLETE = "Hồ sơ chưa đủ: in phiếu bổ sung (mẫu 02)"
REFUSE = "Từ chối: in phiếu từ chối (mẫu 03)"
CASE_CODE = re.compile(r"^000\.17\.22\.H56-\d{6}-\d{4}$")  # the desk of UBND phường Hạc Thành


@pytest.fixture(scope="module")
def birth() -> ProcedureSpec:
    """The birth registration as its YAML file defines it: the tests' independent answer."""
    return load_spec_file(PROJECT_ROOT / "procedures" / f"{BIRTH_CODE}-dang-ky-khai-sinh.yaml")


@pytest.fixture
def officer(page: Page) -> Page:
    """The page, signed in as the counter officer of UBND phường Hạc Thành."""
    sign_in(page, "tiepnhan")
    return page


def scan_pdf(title: str) -> bytes:
    """A small, real one-page PDF, as a desk scanner would save it."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.drawString(72, 770, title)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def shot(page: Page, name: str) -> None:
    """Keep a full-page screenshot of a step worth looking at."""
    page.screenshot(path=str(artifact_dir("browser") / f"counter-{name}.png"), full_page=True)


def open_birth_intake(page: Page) -> None:
    """Find the birth registration by typing without diacritics, and open its intake form."""
    page.locator("nav.mainnav").get_by_role("link", name="Tiếp nhận hồ sơ", exact=True).click()
    page.get_by_role("searchbox", name="Thủ tục").fill("khai sinh")
    submit(page, "Tìm kiếm")
    row = page.locator("table tbody tr").filter(
        has=page.get_by_role("cell", name=BIRTH, exact=True)
    )
    row.get_by_role("link", name="Chọn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BIRTH)


def fill_applicant(
    page: Page, name: str, *, id_number: str = "038190012345", phone: str = "0912345678"
) -> None:
    page.get_by_label("Số CCCD hoặc mã số thuế").fill(id_number)
    page.get_by_label("Họ tên / tên tổ chức").fill(name)
    page.get_by_label("Điện thoại", exact=True).fill(phone)


def checklist_row(page: Page, document: str) -> Locator:
    return page.locator("table.checklist tbody tr", has_text=document)


def received(page: Page, document: str) -> Locator:
    """The "received" box of a checklist item (its label is the document's name)."""
    return page.get_by_role("checkbox", name=document)


def fetch_pdf(page: Page, live_server: LiveServer, link: str) -> bytes:
    """Fetch the PDF a link points to with the page's session, as printing it would."""
    href = page.get_by_role("link", name=link, exact=True).get_attribute("href")
    assert href
    response = page.request.get(live_server.url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return response.body()


def cases_of(live_server: LiveServer, applicant: str) -> list[str]:
    """The codes of the cases opened for this applicant."""
    with live_server.app.app_context():
        codes = db.session.scalars(sa.select(Case.code).where(Case.applicant_name == applicant))
        return [code or "" for code in codes]


def test_officer_accepts_a_birth_registration_and_prints_its_receipt(
    officer: Page, live_server: LiveServer, birth: ProcedureSpec
) -> None:
    page = officer
    open_birth_intake(page)
    fill_applicant(page, "Nguyễn Thị Hồng Ngọc")
    for document in birth.documents:
        if document.required:
            received(page, document.name).check()
    # Checking the dossier first reloads the page; the scan is chosen after that.
    submit(page, "Xem ngày hẹn trả")
    expect(page.locator(".flash-info")).to_have_text(
        "Hồ sơ đã đủ. Kiểm tra ngày hẹn trả bên dưới rồi tiếp nhận."
    )
    expect(page.get_by_label("Họ tên / tên tổ chức")).to_have_value("Nguyễn Thị Hồng Ngọc")
    expect(received(page, CHUNG_SINH)).to_be_checked()

    # The due date and how it was computed, before anything is accepted.
    due = page.locator("section.due-preview")
    expect(due.get_by_role("heading")).to_have_text("Ngày hẹn trả nếu tiếp nhận bây giờ")
    due_at = due.locator("p.due strong").inner_text()
    assert re.fullmatch(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}", due_at), due_at
    expect(due.locator("p.due")).to_contain_text("Trực tiếp")
    expect(due.get_by_text("Cách tính:")).to_be_visible()
    steps = due.locator("ol.steps li")
    expect(steps.first).to_contain_text("15:00")  # the legal limit: same day before 15:00
    expect(steps.last).to_contain_text(due_at)
    assert steps.count() >= 2

    checklist_row(page, CHUNG_SINH).locator("input[type=file]").set_input_files(
        {
            "name": "Giấy chứng sinh.pdf",
            "mimeType": "application/pdf",
            "buffer": scan_pdf("Giay chung sinh - ban quet"),
        }
    )
    shot(page, "intake-before-accept")
    submit(page, ACCEPT)

    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    code = page.locator("h1 code").inner_text()
    assert CASE_CODE.match(code), code
    expect(page.locator(".flash-success")).to_have_text(
        f"Đã tiếp nhận hồ sơ {code}. Hãy in giấy tiếp nhận."
    )
    expect(page.get_by_role("link", name="Giấy chứng sinh.pdf")).to_be_visible()
    # The case keeps a due date (its explanation may be empty: inside office hours there is none).
    expect(page.locator("section.due-preview p.due strong")).to_have_text(
        re.compile(r"^\d{2}:\d{2} \d{2}/\d{2}/\d{4}$")
    )
    lookup_code = page.locator("p.actions code").inner_text()
    assert cases_of(live_server, "Nguyễn Thị Hồng Ngọc") == [code]
    shot(page, "case-page")

    receipt = fetch_pdf(page, live_server, "In giấy tiếp nhận")
    (artifact_dir("browser") / "counter-receipt.pdf").write_bytes(receipt)
    copies = page_texts(receipt)
    assert len(copies) == 2
    assert copies[0].endswith("Liên 1: Lưu") and copies[1].endswith("Liên 2: Giao người nộp")
    # The demo officer has the same name, so the applicant is looked for on the applicant's line.
    applicant = (
        "Ông/Bà: Nguyễn Thị Hồng Ngọc Số CCCD/định danh: 038190012345; Điện thoại: 0912345678"
    )
    for expected in (code, f"Nội dung yêu cầu giải quyết: {BIRTH}", applicant):
        assert expected in copies[0], expected
    first_page = rasterise(receipt)
    first_page.save(artifact_dir("browser") / "counter-receipt.png")
    codes = decode(first_page)
    assert codes.get("Code128") == [code]
    assert codes.get("QRCode") == [f"{live_server.url}/lookup?code={code}&key={lookup_code}"]


def test_officer_hands_out_form_02_for_what_is_missing_and_form_03_with_the_reason(
    officer: Page, live_server: LiveServer, birth: ProcedureSpec
) -> None:
    page = officer
    open_birth_intake(page)
    fill_applicant(page, "Trần Thị Bổ Sung", id_number="038190054321")
    received(page, TO_KHAI).check()  # the birth certificate did not come
    submit(page, INCOMPLETE)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)"
    )
    [missing] = [d.name for d in birth.documents if d.name.startswith(CHUNG_SINH)]
    expect(page.locator("main section ul li")).to_have_text([missing])
    shot(page, "form-02")
    text = all_text(fetch_pdf(page, live_server, "In phiếu"))
    assert missing in text and "Trần Thị Bổ Sung" in text
    others = [d.name for d in birth.documents if d.name != missing]
    assert [name for name in others if name in text] == []

    page.get_by_role("link", name="Tiếp nhận hồ sơ khác").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    open_birth_intake(page)
    fill_applicant(page, "Lê Văn Từ Chối", id_number="038190067890")
    reasons = [
        "Người yêu cầu không phải cha, mẹ hoặc người thân thích đang nuôi dưỡng trẻ.",
        "Trẻ đã được đăng ký khai sinh tại UBND xã Quảng Phú.",
    ]
    page.get_by_label("Lý do (khi yêu cầu bổ sung hoặc từ chối)").fill("\n".join(reasons))
    submit(page, REFUSE)

    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu từ chối tiếp nhận (mẫu 03)")
    expect(page.locator("p.prewrap")).to_have_text("\n".join(reasons))
    shot(page, "form-03")
    text = all_text(fetch_pdf(page, live_server, "In phiếu"))
    assert "Lê Văn Từ Chối" in text
    for reason in reasons:
        assert reason in text, reason

    # Neither slip opens a case.
    assert cases_of(live_server, "Trần Thị Bổ Sung") == []
    assert cases_of(live_server, "Lê Văn Từ Chối") == []


def test_scan_box_opens_a_case_and_answers_an_unknown_code_kindly(
    officer: Page, live_server: LiveServer
) -> None:
    with live_server.data():
        user = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
        procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == BIRTH_CODE))
        case = make_case(user, procedure, name="Phạm Văn Quét")
        code, case_id = case.code, case.id
    assert code

    page = officer
    page.goto("/counter/cases")
    box = page.get_by_role("searchbox", name="Mã hồ sơ")
    # A USB scanner types the characters quickly and finishes with Enter.
    box.press_sequentially(code)
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/cases/{case_id}")
    expect(page.locator("h1 code")).to_have_text(code)
    expect(page.locator("main")).to_contain_text("Phạm Văn Quét")

    unknown = "000.17.22.H56-990101-0001"
    box.press_sequentially(unknown)
    with page.expect_navigation() as navigation:
        box.press("Enter")
    response = navigation.value
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy hồ sơ")
    expect(page.locator("main")).to_contain_text(f"Không tìm thấy hồ sơ có mã {unknown}")
    shot(page, "scan-unknown-code")


def test_bad_id_and_phone_get_messages_next_to_the_fields_and_open_no_case(
    officer: Page, live_server: LiveServer
) -> None:
    page = officer
    open_birth_intake(page)
    fill_applicant(page, "Đỗ Thị Sai Số", id_number="03819001234", phone="091234567")
    received(page, TO_KHAI).check()
    received(page, CHUNG_SINH).check()
    submit(page, ACCEPT)

    expect(page.get_by_role("alert")).to_have_text(
        "Vui lòng sửa các trường được đánh dấu bên dưới."
    )
    assert field_error(page, "id_number") == "Số căn cước công dân (CCCD) phải có đúng 12 chữ số."
    assert field_error(page, "phone") == (
        "Nhập số điện thoại Việt Nam: số 0 và 9 chữ số, ví dụ 0912345678."
    )
    # What was typed stays, the wrong fields are marked for screen readers and the right one not.
    for label, typed, wrong in (
        ("Số CCCD hoặc mã số thuế", "03819001234", True),
        ("Điện thoại", "091234567", True),
        ("Họ tên / tên tổ chức", "Đỗ Thị Sai Số", False),
    ):
        box = page.get_by_label(label, exact=True)
        expect(box).to_have_value(typed)
        if wrong:
            expect(box).to_have_attribute("aria-invalid", "true")
        else:
            expect(box).not_to_have_attribute("aria-invalid", "true")
    assert dangling_descriptions(page) == []
    expect(received(page, TO_KHAI)).to_be_checked()
    expect(received(page, CHUNG_SINH)).to_be_checked()
    shot(page, "intake-bad-input")
    assert cases_of(live_server, "Đỗ Thị Sai Số") == []


def test_double_click_on_accept_opens_one_case(officer: Page, live_server: LiveServer) -> None:
    page = officer
    open_birth_intake(page)
    fill_applicant(page, "Hoàng Văn Nhấp Đúp", id_number="038190011111")
    received(page, TO_KHAI).check()
    # Choosing a scan for an item ticks it (intake.js).
    checklist_row(page, CHUNG_SINH).locator("input[type=file]").set_input_files(
        {"name": "chung-sinh.pdf", "mimeType": "application/pdf", "buffer": scan_pdf("scan")}
    )
    expect(received(page, CHUNG_SINH)).to_be_checked()

    with page.expect_navigation(url=re.compile(r"/cases/\d+$")):
        page.get_by_role("button", name=ACCEPT).dblclick()

    [code] = cases_of(live_server, "Hoàng Văn Nhấp Đúp")
    expect(page.locator("h1 code")).to_have_text(code)
    page.locator("nav.mainnav").get_by_role("link", name="Hồ sơ tại Bộ phận Một cửa").click()
    expect(page.locator("tbody tr", has_text="Hoàng Văn Nhấp Đúp")).to_have_count(1)


def test_the_same_form_sent_twice_at_once_opens_one_case(
    officer: Page, live_server: LiveServer
) -> None:
    """Without the page's script (or with a flaky network), the server alone must hold the line."""
    page = officer
    open_birth_intake(page)
    fill_applicant(page, "Vũ Thị Gửi Hai Lần", id_number="038190022222")
    received(page, TO_KHAI).check()
    received(page, CHUNG_SINH).check()

    answers = page.evaluate("""async () => {
        const form = document.querySelector("form.intake");
        const send = () => {
            const data = new FormData(form);
            data.set("action", "accept");
            // form.action would be the buttons named "action", not the URL.
            return fetch(form.getAttribute("action"), {method: "POST", body: data});
        };
        const answers = await Promise.all([send(), send()]);
        return answers.map((answer) => [answer.status, answer.url]);
    }""")

    [code] = cases_of(live_server, "Vũ Thị Gửi Hai Lần")
    [(first_status, first_url), (second_status, second_url)] = answers
    assert first_status == second_status == 200
    assert first_url == second_url and re.search(r"/cases/\d+$", first_url)
    page.goto("/counter/cases")
    expect(page.locator("tbody tr", has_text="Vũ Thị Gửi Hai Lần")).to_have_count(1)
    expect(page.locator("tbody tr", has_text="Vũ Thị Gửi Hai Lần")).to_contain_text(code)
