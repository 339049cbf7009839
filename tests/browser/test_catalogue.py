"""The public procedure catalogue in a browser: search without diacritics, filters, detail, forms."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from onestop import PROJECT_ROOT
from onestop.catalogue.model import ProcedureSpec
from onestop.catalogue.spec import load_seed
from tests.browser.conftest import LiveServer, choose, submit

BIRTH = "Đăng ký khai sinh"
LEVEL_3 = "Mức độ 3 – trực tuyến một phần"


@pytest.fixture(scope="module")
def seed() -> list[ProcedureSpec]:
    """What the live server loaded, read from the YAML files: the tests' independent answer."""
    return load_seed(PROJECT_ROOT / "seed_procedures.yaml")


def listed(page: Page) -> list[str]:
    """The procedure names in the result table, in order."""
    return [
        name.strip() for name in page.locator("table tbody td:nth-child(2) a").all_inner_texts()
    ]


def test_visitor_finds_a_procedure_typed_without_diacritics(page: Page) -> None:
    page.goto("/procedures/")
    page.get_by_role("searchbox", name="Tìm kiếm").fill("dang ky khai sinh")
    submit(page, "Tìm kiếm")

    expect(page).to_have_url(re.compile(r"q=dang\+ky\+khai\+sinh"))
    expect(page.get_by_role("searchbox", name="Tìm kiếm")).to_have_value("dang ky khai sinh")
    names = listed(page)
    assert BIRTH in names
    # Every word must match: the death and marriage registrations are not "khai sinh".
    assert "Đăng ký khai tử" not in names and "Đăng ký kết hôn" not in names
    expect(page.get_by_role("status")).to_have_text(f"{len(names)} thủ tục")


def test_visitor_narrows_the_list_by_field_level_and_online_service(
    page: Page, seed: list[ProcedureSpec]
) -> None:
    page.goto("/procedures/")
    choose(page.get_by_label("Lĩnh vực"), "Hộ tịch")
    choose(page.get_by_label("Mức độ dịch vụ công trực tuyến"), LEVEL_3)
    submit(page, "Tìm kiếm")

    expected = {s.name for s in seed if s.field.code == "ho-tich" and s.online_level == 3}
    assert BIRTH in expected and len(expected) > 1
    assert set(listed(page)) == expected
    expect(page.get_by_role("status")).to_have_text(f"{len(expected)} thủ tục")
    for row in page.locator("table tbody tr").all():
        expect(row.locator("td").nth(2)).to_have_text("Hộ tịch")
        expect(row.locator("td").nth(4)).to_have_text(LEVEL_3)
    # The choices stay selected, so the next search keeps them.
    expect(page.get_by_label("Lĩnh vực")).to_have_value("ho-tich")
    expect(page.get_by_label("Mức độ dịch vụ công trực tuyến")).to_have_value("3")

    choose(page.get_by_label("Lĩnh vực"), "Tất cả lĩnh vực")
    choose(page.get_by_label("Mức độ dịch vụ công trực tuyến"), "Tất cả")
    choose(page.get_by_label("Cấp thực hiện"), "Cấp tỉnh")
    submit(page, "Tìm kiếm")

    expected = {s.name for s in seed if s.government_level.value == "province"}
    assert expected, "the seed catalogue has no provincial procedure to filter on"
    assert set(listed(page)) == expected
    for row in page.locator("table tbody tr").all():
        expect(row.locator("td").nth(3)).to_have_text("Cấp tỉnh")


def test_detail_page_shows_channels_checklist_and_online_level_and_offers_the_form(
    page: Page, live_server: LiveServer, seed: list[ProcedureSpec], tmp_path: Path
) -> None:
    [spec] = [s for s in seed if s.name == BIRTH]
    page.goto("/procedures/?q=khai+sinh")
    page.get_by_role("link", name=BIRTH, exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/procedures/{spec.code}")
    expect(page.get_by_role("heading", level=1)).to_have_text(BIRTH)
    expect(page.locator("dl.facts .badge")).to_have_text(LEVEL_3)
    expect(page.locator("#submit-online")).to_be_visible()

    # One row per channel (direct, post, online), each with its time limit and fee.
    channels = page.locator(
        "table", has=page.get_by_role("columnheader", name="Cách thức thực hiện")
    )
    rows = channels.locator("tbody tr")
    expect(rows).to_have_count(len(spec.channels))
    for row, terms in zip(rows.all(), spec.channels, strict=True):
        time_limit, fee = row.locator("td").nth(1), row.locator("td").nth(2)
        expect(time_limit).to_contain_text("15:00")  # same day if filed before 15:00
        expect(fee).to_contain_text("Lệ phí đăng ký khai sinh: Miễn phí")
        expect(fee).to_contain_text(terms.fee.note)  # free only when registered on time
    expect(rows.locator("td").first).to_have_text("Trực tiếp")

    # The checklist: every document, the optional ones marked, the form where there is one.
    checklist = page.locator("table.checklist tbody tr")
    expect(checklist).to_have_count(len(spec.documents))
    for row, document in zip(checklist.all(), spec.documents, strict=True):
        expect(row.locator("td").nth(1)).to_contain_text(document.name)
        expect(row.locator(".badge", has_text="không bắt buộc")).to_have_count(
            0 if document.required else 1
        )
        expect(row.get_by_role("link", name="Tải về")).to_have_count(1 if document.form else 0)

    [position] = [i for i, d in enumerate(spec.documents) if d.form]
    with page.expect_download() as info:
        checklist.nth(position).get_by_role("link", name="Tải về").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert zipfile.is_zipfile(saved)
    with zipfile.ZipFile(saved) as docx:
        assert "word/document.xml" in docx.namelist()
    form = spec.documents[position].form
    assert form is not None
    assert saved.read_bytes() == (PROJECT_ROOT / "procedures" / form.path).read_bytes()
