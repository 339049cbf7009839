"""The report pages: who may see them, numbers that match their lists, Excel and PDF files."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import Role, User
from onestop.accounts.services import create_user
from onestop.cases.lifecycle import CaseStatus as S
from onestop.cases.models import Case
from onestop.db import db, utcnow
from onestop.demo import DEMO_PASSWORD
from onestop.reports.documents import PERIOD_TITLE
from onestop.reports.jobs import monthly_supervisor_report, supervisors_to_notify
from tests.conftest import login
from tests.documents.readback import all_text
from tests.reports.conftest import Builder, ready, started, supplement, unit_by_code, vn

JANUARY = "kind=month&year=2026&month=1"
HAC_THANH = "000.17.22.H56"
QUANG_PHU = "000.17.23.H56"


@pytest.fixture
def january(build: Builder) -> dict[str, Case]:
    """Three January cases at Hạc Thành (one named to look like a formula), one at Quảng Phú."""
    quang_phu = unit_by_code(QUANG_PHU)
    cases = {
        "late": build(vn(1, 5), vn(1, 6, 17), started(vn(1, 5, 10)) + ready(vn(1, 9))),
        "early": build(
            vn(1, 12),
            vn(1, 20, 17),
            started(vn(1, 12, 10)) + ready(vn(1, 14)),
            name='=HYPERLINK("http://evil.example","x")',
        ),
        "overdue": build(vn(1, 7), vn(1, 9, 17), started(vn(1, 7, 10))),
        "other_unit": build(
            vn(1, 8), vn(1, 9, 17), started(vn(1, 8, 10)), unit=quang_phu, name="Trần Khác"
        ),
    }
    db.session.commit()
    return cases


def supervisor_of(code: str) -> User:
    user = create_user(
        username=f"gs{code[-6:-4]}",
        full_name="Giám sát xã",
        password=DEMO_PASSWORD,
        role=Role.SUPERVISOR,
        unit=unit_by_code(code),
        department=None,
    )
    db.session.commit()
    return user


NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_sheet(xlsx: bytes) -> tuple[list[list[Any]], dict[str, str], bool]:
    """Rows of the first sheet (strings resolved, numbers as floats), each cell's type, formulas?"""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        # XML we generated a moment ago, not untrusted input.
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314
        shared = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314
    strings = ["".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t")) for si in shared]
    rows: list[list[Any]] = []
    types: dict[str, str] = {}
    for row in sheet.iterfind(".//x:sheetData/x:row", NS):
        values: list[Any] = []
        for cell in row.iterfind("x:c", NS):
            col = ord(re.sub(r"\d", "", cell.get("r", "A"))[-1]) - ord("A")
            values += [None] * (col - len(values))
            raw = cell.findtext("x:v", namespaces=NS)
            types[cell.get("r", "")] = cell.get("t", "n")
            if raw is None:
                values.append(None)
            elif cell.get("t") == "s":
                values.append(strings[int(raw)])
            else:
                values.append(float(raw))
        rows.append(values)
    return rows, types, bool(sheet.findall(".//x:f", NS))


def listed_codes(html: str) -> set[str]:
    return set(re.findall(r"<code>([^<]+)</code>", html))


@pytest.mark.parametrize("username", ["tiepnhan", "chuyenvien", "quantri"])
def test_only_supervisors_and_heads_open_the_reports(
    client: FlaskClient, demo: dict[str, User], username: str
) -> None:
    login(client, username)
    for path in ("/reports/", "/reports/cases", "/reports/period", "/reports/overdue.xlsx"):
        assert client.get(path).status_code == 403, path


def test_visitors_are_sent_to_sign_in(client: FlaskClient, demo: dict[str, User]) -> None:
    response = client.get("/reports/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_head_sees_the_dashboard_of_their_unit(
    client: FlaskClient, january: dict[str, Case]
) -> None:
    login(client, "lanhdao")
    html = client.get(f"/reports/cases?{JANUARY}&cell=total").get_data(as_text=True)
    assert listed_codes(html) == {january[k].code for k in ("late", "early", "overdue")}


def test_a_commune_supervisor_sees_only_their_subtree(
    client: FlaskClient, january: dict[str, Case]
) -> None:
    supervisor_of(QUANG_PHU)
    login(client, "gs23")
    html = client.get(f"/reports/cases?{JANUARY}&cell=total").get_data(as_text=True)
    assert listed_codes(html) == {january["other_unit"].code}
    # Another unit's subtree, even by id: nothing.
    hac_thanh = unit_by_code(HAC_THANH)
    assert client.get(f"/reports/?{JANUARY}&unit_scope={hac_thanh.id}").status_code == 404
    assert (
        client.get(f"/reports/period.xlsx?{JANUARY}&unit_scope={hac_thanh.id}").status_code == 404
    )
    overdue = client.get("/reports/overdue").get_data(as_text=True)
    assert january["overdue"].code not in overdue


def test_every_number_links_to_as_many_cases(client: FlaskClient, january: dict[str, Case]) -> None:
    login(client, "giamsat")
    html = client.get(f"/reports/?{JANUARY}").get_data(as_text=True)
    links = re.findall(r'<a href="(/reports/cases\?[^"]+)">(\d+)</a>', html)
    assert len(links) > 30
    for href, shown in links[:60]:
        listed = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
        assert len(listed_codes(listed)) == int(shown), href


def test_dashboard_shows_the_on_time_rate_and_charts(
    client: FlaskClient, january: dict[str, Case]
) -> None:
    login(client, "giamsat")
    html = client.get(f"/reports/?{JANUARY}").get_data(as_text=True)
    # 4 cases: early on time, late, two overdue -> 1 / 4
    assert re.search(r'id="kpi-on-time"[^>]*>25,0 %<', html)
    assert html.count("<svg") == 2 and '<title id="trend-chart-title">' in html
    assert "<script" not in html.split("<main", 1)[1]


@pytest.mark.parametrize(
    "bad", ["kind=week", "kind=month&month=13", "kind=custom&first=x", "year=99999"]
)
def test_bad_periods_are_refused(client: FlaskClient, demo: dict[str, User], bad: str) -> None:
    login(client, "giamsat")
    assert client.get(f"/reports/?{bad}").status_code == 400


def test_the_period_workbook_keeps_user_text_as_text(
    client: FlaskClient, january: dict[str, Case]
) -> None:
    login(client, "giamsat")
    response = client.get(f"/reports/period.xlsx?{JANUARY}&by=unit")
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    rows, _types, formulas = read_sheet(response.data)
    assert not formulas
    by_name = {row[1]: row for row in rows if len(row) > 1 and isinstance(row[1], str)}
    assert "UBND phường Hạc Thành" in by_name, list(by_name)
    hac_thanh = by_name["UBND phường Hạc Thành"]
    # total, carried, online, direct | resolved, early, on time, late | open, within, overdue | %
    assert hac_thanh[2:] == [3, 0, 0, 3, 2, 1, 0, 1, 1, 0, 1, pytest.approx(33.3)]
    assert by_name["Tổng cộng"][2] == 4


def test_the_overdue_workbook_never_turns_a_name_into_a_formula(
    client: FlaskClient, january: dict[str, Case], build: Builder
) -> None:
    build(vn(1, 2), vn(1, 3, 17), started(vn(1, 2, 10)), name="=1+2")
    db.session.commit()
    login(client, "giamsat")
    rows, types, formulas = read_sheet(client.get("/reports/overdue.xlsx").data)
    assert not formulas  # no formula anywhere
    at = next(i for i, row in enumerate(rows) if len(row) > 3 and row[3] == "=1+2")
    assert types[f"D{at + 1}"] == "s"  # a string cell


def test_the_pdfs_read_back(client: FlaskClient, january: dict[str, Case]) -> None:
    login(client, "giamsat")
    period = all_text(client.get(f"/reports/period.pdf?{JANUARY}&by=field").data)
    assert PERIOD_TITLE in period and "Từ ngày 01/01/2026 đến ngày 31/01/2026" in period
    assert "Hộ tịch" in period and "Tổng cộng" in period
    overdue = all_text(client.get("/reports/overdue.pdf").data)
    assert "DANH SÁCH HỒ SƠ QUÁ HẠN" in overdue
    assert str(january["overdue"].code) in overdue


def test_the_monthly_report_for_the_notifications(app: Flask, january: dict[str, Case]) -> None:
    supervisor = db.session.scalar(sa.select(User).where(User.username == "giamsat"))
    with app.app_context():
        assert supervisor is not None and supervisor.id in supervisors_to_notify()
        report = monthly_supervisor_report(supervisor.id, 2026, 1)
    assert report.subject == "Báo cáo tháng 01/2026 - UBND tỉnh Thanh Hóa"
    assert "Tiếp nhận: 4" in report.text and "Tỷ lệ đúng hạn: 25,0 %" in report.text
    assert report.pdf.startswith(b"%PDF") and report.xlsx.startswith(b"PK")


def test_withdrawn_cases_are_listed(client: FlaskClient, build: Builder) -> None:
    case = build(vn(1, 6), vn(1, 16, 17), [("withdrawn", S.WITHDRAWN, vn(1, 8))])
    db.session.commit()
    login(client, "giamsat")
    html = client.get(f"/reports/cases?{JANUARY}&cell=withdrawn").get_data(as_text=True)
    assert listed_codes(html) == {case.code}


def _overdue_rows(html: str) -> dict[str, tuple[int, str]]:
    """The overdue page's rows: case code -> (days late, note)."""
    table = html.split('id="overdue-list"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<code>([^<]+)</code>.*?<td class="num">(\d+)</td>\s*<td>[^<]*</td>\s*<td>([^<]*)</td>',
        table,
        re.S,
    )
    return {code: (int(days), note) for code, days, note in rows}


def test_a_case_late_only_by_a_second_supplement_request_shows_its_days_late(
    client: FlaskClient, build: Builder
) -> None:
    """Due in three weeks, yet late by the national rule: the list, the files, the dashboard agree."""
    now = utcnow()

    def ago(days: int) -> datetime:
        return now - timedelta(days=days)

    first_round = started(ago(10) + timedelta(hours=1)) + supplement(ago(9), ago(8))
    due = now + timedelta(days=20)
    cases = {
        # Second round back after two days: 5 days since it was asked, less 2 waited -> 4th day.
        "back": build(ago(10), due, first_round + supplement(ago(5), ago(3)), name="Lê Về"),
        # Still waiting for the second round: judged at the request, its first late day.
        "waiting": build(ago(10), due, first_round + supplement(ago(5)), name="Lê Chờ"),
        # One round only: on time, not on the list.
        "one_round": build(ago(10), due, first_round, name="Lê Một"),
        # Late by its date: 3 days after the due day.
        "by_date": build(ago(10), ago(3), started(ago(10) + timedelta(hours=1)), name="Lê Trễ"),
    }
    db.session.commit()
    code = {k: str(c.code) for k, c in cases.items()}
    expected = {code["back"]: 4, code["waiting"]: 1, code["by_date"]: 3}
    login(client, "giamsat")

    # The dashboard of this month counts the three as overdue (the first table is the total).
    dashboard = client.get("/reports/").get_data(as_text=True)
    shown = re.search(r'cell=overdue">(\d+)</a>', dashboard)
    assert shown is not None and int(shown.group(1)) == 3

    html = client.get("/reports/overdue").get_data(as_text=True)
    assert "3 hồ sơ đang quá hạn" in html
    rows = _overdue_rows(html)
    assert {c: days for c, (days, _note) in rows.items()} == expected
    assert rows[code["back"]][1] == rows[code["waiting"]][1] == "Yêu cầu bổ sung 2 lần"
    assert rows[code["by_date"]][1] == ""

    sheet, _types, _formulas = read_sheet(client.get("/reports/overdue.xlsx").data)
    listed = {row[1]: row for row in sheet if len(row) > 7 and row[1] in expected}
    assert {c: row[7] for c, row in listed.items()} == expected
    assert listed[code["back"]][9] == "Yêu cầu bổ sung 2 lần"

    text = all_text(client.get("/reports/overdue.pdf").data)
    for c, days in expected.items():
        # Each printed row: code ... due date, days late, apology ("Chưa"), note.
        assert re.search(rf"{re.escape(c)} .*?\d{{4}} {days} Chưa", text), c
    assert text.count("Yêu cầu bổ sung 2 lần") == 2 and code["one_round"] not in text
