"""Behind a reverse proxy: believe its X-Forwarded-* headers only when configured to."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Trust X-Forwarded-For, -Proto and -Host from TRUSTED_PROXIES proxies in front of the app.

    Behind a proxy every request comes from the proxy's address: without this the per-address
    rate limits (login, lookup) would count all citizens as one, and HTTPS would look like HTTP.
    With it, a client can forge nothing the proxy does not overwrite, provided the count is
    exact. X-Forwarded-Port and -Prefix stay ignored (proxies seldom set them; a client could).
    """
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
