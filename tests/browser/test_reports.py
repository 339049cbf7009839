"""A supervisor's journey: dashboard on the demo cases, a number's cases, Excel and PDF reports."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from onestop import PROJECT_ROOT
from onestop.catalogue.loader import load_specs
from onestop.catalogue.spec import load_seed
from onestop.db import utcnow
from onestop.demo_cases import seed_demo_cases
from tests.browser.conftest import LiveServer, sign_in


@pytest.fixture
def demo_cases(live_server: LiveServer) -> None:
    """The demo data `make run` gives: the catalogue and cases over the last four months."""
    with live_server.data():
        load_specs(load_seed(PROJECT_ROOT / "seed_procedures.yaml"))
        seed_demo_cases(utcnow())


def test_supervisor_drills_from_a_number_to_its_cases_and_downloads_the_reports(
    page: Page, demo_cases: None
) -> None:
    sign_in(page, "giamsat")
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role(
        "link", name="Báo cáo"
    ).click()
    expect(page.locator("h1")).to_contain_text("UBND tỉnh Thanh Hóa")
    page.get_by_label("Kỳ báo cáo").select_option("year")
    page.get_by_role("button", name="Xem").click()
    rate = page.locator("#kpi-on-time")
    expect(rate).to_have_text(re.compile(r"^\d+,\d %$"))
    expect(page.locator("svg#trend-chart title")).to_have_count(1)

    # The "resolved late" number of the whole province, then its cases.
    late_cell = page.locator("table.report-table").first.locator("tbody td a").nth(7)
    shown = int(late_cell.inner_text())
    assert shown > 0
    late_cell.click()
    expect(page.locator("h1")).to_contain_text(f": {shown}")
    expect(page.locator("#case-list tbody tr")).to_have_count(min(shown, 100))
    page.locator("#case-list tbody a").first.click()
    expect(page.locator("h1")).to_contain_text("000.17.22.H56-")
    page.go_back()
    page.get_by_role("link", name="Quay lại bảng tổng hợp").click()

    page.get_by_role("link", name="Báo cáo 06a theo đơn vị").click()
    expect(page.locator("table.report-table")).to_contain_text("UBND phường Hạc Thành")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as fh:
        assert fh.read(2) == b"PK"
    pdf_href = page.get_by_role("link", name="Tải tệp PDF").get_attribute("href")
    assert pdf_href
    response = page.request.get(pdf_href)
    assert response.status == 200 and response.body().startswith(b"%PDF")

    page.goto("/reports/overdue")
    expect(page.locator("h1")).to_contain_text("Hồ sơ quá hạn")
