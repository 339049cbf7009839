"""Behind a reverse proxy: X-Forwarded-* are believed only from the configured number of proxies."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, url_for

from onestop import create_app

BEHIND = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "motcua.example.vn"}


def make_app(tmp_path: Path, proxies: int) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": "sqlite:///" + str(tmp_path / "proxy.sqlite3"),
            "SECRET_KEY": "x",
            "TRUSTED_PROXIES": proxies,
            "LOOKUP_RATE_LIMIT": "2 per minute",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


def lookups(app: Flask, forwarded_for: str, times: int) -> list[int]:
    client = app.test_client()
    headers = {**BEHIND, "X-Forwarded-For": forwarded_for}
    return [client.get("/lookup", headers=headers).status_code for _ in range(times)]


def test_behind_one_proxy_each_citizen_has_their_own_rate_limit(tmp_path: Path) -> None:
    app = make_app(tmp_path, proxies=1)
    assert lookups(app, "203.0.113.1", 3) == [200, 200, 429]
    assert lookups(app, "203.0.113.2", 2) == [200, 200]
    # Only the address the proxy appended counts: what the client put before it is ignored.
    assert lookups(app, "203.0.113.9, 203.0.113.1", 1) == [429]


def test_a_refused_lookup_says_when_to_come_back_in_vietnamese(tmp_path: Path) -> None:
    app = make_app(tmp_path, proxies=1)
    client = app.test_client()
    headers = {**BEHIND, "X-Forwarded-For": "203.0.113.7"}
    statuses = [client.get("/lookup", headers=headers).status_code for _ in range(2)]
    refused = client.get("/lookup", headers=headers)
    assert statuses == [200, 200] and refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    assert "Quá nhiều lần thử. Hãy chờ một phút rồi thử lại." in refused.get_data(as_text=True)


def test_behind_a_proxy_https_is_recognised(tmp_path: Path) -> None:
    app = make_app(tmp_path, proxies=1)

    @app.get("/_probe")
    def probe() -> dict[str, str]:
        return {
            "url": url_for("portal.lookup", _external=True),
            "client": request.remote_addr or "",
        }

    client = app.test_client()
    response = client.get("/lookup", headers=BEHIND)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    seen = client.get("/_probe", headers={**BEHIND, "X-Forwarded-For": "203.0.113.5"}).get_json()
    assert seen == {"url": "https://motcua.example.vn/lookup", "client": "203.0.113.5"}


def test_without_trusted_proxies_forwarded_headers_are_ignored(tmp_path: Path) -> None:
    app = make_app(tmp_path, proxies=0)
    # A client cannot dodge the limit by inventing addresses, nor claim HTTPS.
    assert lookups(app, "203.0.113.1", 2) + lookups(app, "203.0.113.2", 1) == [200, 200, 429]
    response = app.test_client().get("/lookup", headers=BEHIND)
    assert "Strict-Transport-Security" not in response.headers
