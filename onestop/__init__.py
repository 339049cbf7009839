"""Onestop: case tracking for Vietnam's one-stop-shop (một cửa) desks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, commands."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
    )

    from onestop import config as config_module

    config_module.load_config(app, config)

    from onestop import errors, i18n, navigation, proxy, security, timefmt
    from onestop.db import remove_session
    from onestop.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first and closes quietly.
    app.teardown_appcontext(remove_session)
    migrate.init_app(
        app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    proxy.init_app(app)
    timefmt.init_app(app)
    navigation.init_app(app)
    errors.init_app(app)

    from onestop import models  # noqa: F401  (every table in the metadata)
    from onestop.accounts import loader
    from onestop.accounts.views import bp as auth_bp
    from onestop.admin import bp as admin_bp
    from onestop.api import bp as api_bp
    from onestop.catalogue.views import bp as catalogue_bp
    from onestop.counter import bp as counter_bp
    from onestop.home.views import bp as home_bp
    from onestop.portal.views import bp as portal_bp
    from onestop.processing.web import bp as processing_bp
    from onestop.reports import bp as reports_bp

    loader.init_app(app)
    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # token-authenticated, read-only; no browser session involved
    app.register_blueprint(counter_bp)
    app.register_blueprint(processing_bp)
    app.register_blueprint(reports_bp)

    from onestop import cli
    from onestop.notifications import cli as notifications_cli
    from onestop.notifications import dispatch
    from onestop.signing import cli as signing_cli

    dispatch.init_app(app)
    cli.init_app(app)
    notifications_cli.init_app(app)
    signing_cli.init_app(app)
    return app
