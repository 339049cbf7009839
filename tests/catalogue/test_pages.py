"""The public catalogue: list, filters, diacritic-insensitive search, detail, form downloads."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from flask.testing import FlaskClient


def names(page: str) -> list[str]:
    return re.findall(r'<a href="/procedures/[^"?/]+">([^<]+)</a>', page)


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "Đăng ký khai sinh", "khai   sinh dang"]
)
def test_search_ignores_diacritics_and_case(
    client: FlaskClient, catalogue: dict[str, Any], query: str
) -> None:
    page = client.get("/procedures/", query_string={"q": query}).get_data(as_text=True)
    assert "Đăng ký khai sinh" in names(page)
    assert all("khai sinh" in n.lower() for n in names(page))


def test_search_by_code(client: FlaskClient, catalogue: dict[str, Any]) -> None:
    page = client.get("/procedures/", query_string={"q": "1.004222"}).get_data(as_text=True)
    assert names(page) == ["Đăng ký thường trú"]


def test_search_with_like_wildcards_is_literal(
    client: FlaskClient, catalogue: dict[str, Any]
) -> None:
    page = client.get("/procedures/", query_string={"q": "%_"}).get_data(as_text=True)
    assert names(page) == []
    assert "Không có thủ tục nào phù hợp" in page


def test_filters_by_field_level_and_online_level(
    client: FlaskClient, catalogue: dict[str, Any]
) -> None:
    everything = client.get("/procedures/").get_data(as_text=True)
    assert "28 thủ tục" in everything
    civil = client.get(
        "/procedures/", query_string={"field": catalogue["1.001193"].field_code}
    ).get_data(as_text=True)
    assert "Đăng ký khai sinh" in names(civil) and "Đăng ký thường trú" not in names(civil)
    province = client.get("/procedures/", query_string={"level": "province"}).get_data(as_text=True)
    assert names(province) == [
        p.name for p in catalogue.values() if p.government_level == "province"
    ]
    online = client.get("/procedures/", query_string={"online": 3}).get_data(as_text=True)
    expected = sorted(p.name for p in catalogue.values() if p.online_level == 3)
    assert sorted(names(online)) == expected


def test_list_pages_through_results(client: FlaskClient, catalogue: dict[str, Any]) -> None:
    first = names(client.get("/procedures/").get_data(as_text=True))
    second = names(client.get("/procedures/", query_string={"page": 2}).get_data(as_text=True))
    assert len(first) == 20 and len(second) == 8 and not set(first) & set(second)


def test_detail_page_shows_every_part(client: FlaskClient, catalogue: dict[str, Any]) -> None:
    page = client.get("/procedures/2.000815").get_data(as_text=True)
    for text in [
        "Chứng thực bản sao từ bản chính",
        "Mã thủ tục",
        "Lĩnh vực",
        "Cơ quan có thẩm quyền",
        "Thời hạn giải quyết và phí, lệ phí theo cách thức nộp",
        "Thành phần hồ sơ",
        "Trình tự thực hiện",
        "Đối tượng thực hiện",
        "Quy trình nội bộ",
        "Căn cứ pháp lý",
        "2.000 ₫/trang",
        "tối đa 200.000 ₫/bản",
    ]:
        assert text in page, text


def test_detail_page_shows_the_condition_on_the_fee(
    client: FlaskClient, catalogue: dict[str, Any]
) -> None:
    page = client.get("/procedures/1.001193").get_data(as_text=True)
    assert "Lệ phí đăng ký khai sinh: Miễn phí" in page
    # Free only when on time: the page must not promise more than the rule does.
    assert "Miễn lệ phí khi đăng ký đúng hạn; đăng ký quá hạn thu theo mức" in page


def test_level_three_offers_online_submission_and_level_two_does_not(
    client: FlaskClient, catalogue: dict[str, Any]
) -> None:
    level3 = next(p for p in catalogue.values() if p.online_level == 3)
    level2 = next(p for p in catalogue.values() if p.online_level == 2)
    page3 = client.get(f"/procedures/{level3.code}").get_data(as_text=True)
    assert "Mức độ 3 – trực tuyến một phần" in page3 and 'id="submit-online"' in page3
    page2 = client.get(f"/procedures/{level2.code}").get_data(as_text=True)
    assert "Mức độ 2" in page2 and 'id="submit-online"' not in page2


def test_form_download_is_the_real_docx(client: FlaskClient, catalogue: dict[str, Any]) -> None:
    spec = catalogue["1.001193"].spec
    index = next(i for i, d in enumerate(spec.documents) if d.form)
    response = client.get(f"/procedures/1.001193/forms/{index}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as docx:
        assert "word/document.xml" in docx.namelist()
        assert b"khai sinh" in docx.read("word/document.xml").lower()
    response.close()


def test_unknown_procedure_and_form_are_404(client: FlaskClient, catalogue: dict[str, Any]) -> None:
    assert client.get("/procedures/9.999999").status_code == 404
    assert client.get("/procedures/1.001193/forms/99").status_code == 404


def test_anonymous_visitors_start_at_the_catalogue(
    client: FlaskClient, catalogue: dict[str, Any]
) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/procedures/")
    assert "Đăng nhập cán bộ" in client.get("/procedures/").get_data(as_text=True)
