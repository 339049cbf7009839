"""One dossier from the counter to its return, every step in the browser by the person who does it.

intake with a scan → receipt PDF (read back: text, barcode, QR) → transfer to the department →
the head receives and assigns → the officer asks for a supplement → the counter records it and
processing resumes → draft result → the head approves (result ready) → the counter returns it →
the citizen's rating; then the citizen scans the QR printed on the receipt with a phone.
Each page along the way is checked for characters drawn without a glyph of their own font.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, LiveServer, NewContext, sign_in, submit
from tests.browser.glyphs import assert_every_glyph
from tests.browser.steps import (
    DEPT_A,
    act,
    approve,
    hand_over,
    receive_and_assign,
    status_of,
    submit_draft,
    transfer,
)
from tests.browser.test_counter import (
    ACCEPT,
    CASE_CODE,
    CHUNG_SINH,
    TO_KHAI,
    checklist_row,
    fetch_pdf,
    fill_applicant,
    open_birth_intake,
    received,
    scan_pdf,
    shot,
)
from tests.conftest import artifact_dir
from tests.documents.readback import decode, page_texts, rasterise

APPLICANT = "Lương Thị Hành Trình"
APPLICANT_ID = "038190099001"


def test_a_dossier_goes_from_the_counter_through_the_department_to_its_return(
    new_context: NewContext, live_server: LiveServer
) -> None:
    pages: dict[str, Page] = {}
    for who in ("tiepnhan", "lanhdao", "chuyenvien"):
        pages[who] = new_context().new_page()
        sign_in(pages[who], who)
    counter, head, officer = pages["tiepnhan"], pages["lanhdao"], pages["chuyenvien"]

    # Intake: the checklist, a scan, accepted.
    open_birth_intake(counter)
    fill_applicant(counter, APPLICANT, id_number=APPLICANT_ID, phone="0912000111")
    received(counter, TO_KHAI).check()
    checklist_row(counter, CHUNG_SINH).locator("input[type=file]").set_input_files(
        {"name": "Giấy chứng sinh.pdf", "mimeType": "application/pdf", "buffer": scan_pdf("GCS")}
    )
    expect(received(counter, CHUNG_SINH)).to_be_checked()
    assert_every_glyph(counter)
    submit(counter, ACCEPT)
    expect(counter).to_have_url(re.compile(r"/cases/\d+$"))
    case_url = counter.url.removeprefix(live_server.url)
    code = counter.locator("h1 code").inner_text()
    assert CASE_CODE.match(code), code
    expect(status_of(counter)).to_have_text("Đã tiếp nhận")
    assert_every_glyph(counter)

    # The receipt, as printed: both copies name the case; the QR is what the citizen scans.
    receipt = fetch_pdf(counter, live_server, "In giấy tiếp nhận")
    (artifact_dir("browser") / "journey-receipt.pdf").write_bytes(receipt)
    copies = page_texts(receipt)
    assert len(copies) == 2 and all(code in text and APPLICANT in text for text in copies)
    first_page = rasterise(receipt)
    first_page.save(artifact_dir("browser") / "journey-receipt.png")
    codes = decode(first_page)
    assert codes.get("Code128") == [code]
    [qr_url] = codes.get("QRCode", [])
    assert qr_url.startswith(f"{live_server.url}/lookup?code={code}&key=")

    # The department: the head receives and assigns, the officer asks for one more paper.
    transfer(counter, DEPT_A)
    receive_and_assign(head, code, "Trần Văn Minh")
    assert_every_glyph(head)
    officer.goto("/work?q=mine")
    officer.get_by_role("link", name=code).click()
    act(
        officer,
        "Yêu cầu bổ sung hồ sơ",
        {"Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)": "Bản sao giấy chứng nhận kết hôn"},
    )
    expect(status_of(officer)).to_have_text("Yêu cầu bổ sung giấy tờ")

    # The citizen brings it to the counter; processing resumes.
    counter.goto(case_url)
    act(counter, "Nhận hồ sơ bổ sung")
    expect(status_of(counter)).to_have_text("Đang xử lý")

    # The officer drafts the result; the head approves it: the result is ready.
    submit_draft(officer, case_url, "Giấy khai sinh đã ký.pdf")
    approve(head, case_url)

    # Back at the desk it waits among the results to return; the citizen collects it.
    counter.goto("/counter/cases")
    ready = counter.locator("h2:has-text('Đã có kết quả: chờ trả') + table")
    expect(ready.get_by_role("link", name=code)).to_be_visible()
    hand_over(counter, case_url, APPLICANT, APPLICANT_ID)

    # The citizen rates the handling at the counter.
    counter.get_by_label("Rất hài lòng").check()
    counter.get_by_label("Ý kiến").fill("Cán bộ hướng dẫn tận tình, đúng hẹn.")
    submit(counter, "Ghi nhận đánh giá")
    expect(counter.locator(".flash-success")).to_have_text("Cảm ơn: đã ghi nhận đánh giá.")
    expect(counter.locator("main")).to_contain_text(
        "Rất hài lòng — Cán bộ hướng dẫn tận tình, đúng hẹn."
    )

    # The history tells the whole story, in order.
    history = counter.locator("h2:has-text('Quá trình xử lý') + table tbody tr")
    labels = [row.locator("td").nth(2).inner_text() for row in history.all()]
    expected = [
        "Tiếp nhận tại Bộ phận Một cửa",
        "Đã chuyển xử lý",
        "Đã tiếp nhận hồ sơ chuyển đến",
        "Đã phân công xử lý",
        "Yêu cầu bổ sung giấy tờ",
        "Đã nhận hồ sơ bổ sung",
        "Đã trình dự thảo kết quả",
        "Đã phê duyệt: có kết quả",
        "Đã trả kết quả",
    ]
    assert labels == expected, labels
    assert_every_glyph(counter)
    shot(counter, "journey-returned")

    # Weeks later the citizen scans the receipt's QR code with a phone: no sign-in needed.
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(qr_url)
    main = phone.locator("main")
    expect(main).to_contain_text(code)
    expect(main).to_contain_text("Đã trả kết quả")
    expect(main).to_contain_text("L.T.H.T.")  # initials only, to whoever holds the paper
    expect(main).not_to_contain_text(APPLICANT)
    assert_every_glyph(phone)
