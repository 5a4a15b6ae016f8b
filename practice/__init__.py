"""Trustwork: a practice toolkit for counselors who help couples rebuild broken trust."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import resources


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(resources.INSTANCE) if resources.INSTANCE else None,
        template_folder=str(resources.TEMPLATES),
        static_folder=str(resources.STATIC),
    )
    configure(app, test_config)
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_templates(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    from . import config
    from .private_files import private_dir, private_sqlite_file

    app.config.from_mapping(config.DEFAULTS)
    app.config["WORKSHEETS_DIR"] = str(resources.WORKSHEETS)
    instance_path = Path(app.instance_path)
    if test_config is None:
        app.config.from_mapping(config.from_environment(instance_path))
    else:
        # Tests start from the development settings, never from the developer's environment.
        base = {"TRUSTWORK_ENV": config.DEVELOPMENT, "SECRET_KEY": "set-by-the-tests"}
        app.config.from_mapping(config.from_environment(instance_path, base))
        app.config.from_mapping(test_config)
    # The instance folder holds the database, the secret key and backups: owner only.
    private_dir(instance_path)
    private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    from .crisis_lines import CONFIG_KEY, configured_lines

    if CONFIG_KEY not in app.config:  # a test may hand the lines in directly
        app.config[CONFIG_KEY] = configured_lines(
            app.config.get("CRISIS_LINES_FILE"), app.logger.warning
        )
    if hops := app.config.get("TRUSTED_PROXIES", 0):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if app.config["TRUSTWORK_ENV"] == config.PRODUCTION and (
        app.config["RATELIMIT_STORAGE_URI"].startswith("memory://")
    ):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: each worker process counts sign-in failures "
            "on its own. With more than one worker, point it at Redis."
        )


def register_converters(app: Flask) -> None:
    from .urls import register_converters as bounded_ids

    bounded_ids(app)


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (every table registered before Alembic looks)
    from .extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resources.MIGRATIONS))
    csrf.init_app(app)
    limiter.init_app(app)


# Every module that adds routes. A domain with many pages splits them over several modules
# that share one blueprint (``bp``); each blueprint is registered once.
VIEW_MODULES = (
    "pages.views",
    "auth.views",
    "couples.views",
    "library.views",
    "handouts.views",
    "handouts.job_views",
    "assignments.assign_views",
    "assignments.review_views",
    "assignments.sharing_views",
    "invitations.views",
    "portal.views",
    "notes.session_views",
    "notes.note_views",
    "notes.search_views",
    "notes.settings_views",
    "checkins.counselor_views",
    "checkins.portal_views",
    "admin.views",
    "reminders.views",
    "calendar.views",
)


def register_blueprints(app: Flask) -> None:
    from importlib import import_module

    # Every module first: a blueprint takes no more routes once it is registered.
    blueprints = {import_module(f"{__name__}.{name}").bp for name in VIEW_MODULES}
    for blueprint in sorted(blueprints, key=lambda bp: bp.name):
        app.register_blueprint(blueprint)


def register_security(app: Flask) -> None:
    from .auth.loader import register_sign_in
    from .error_pages import register_error_pages
    from .headers import register_headers
    from .integrity import register_request_guards
    from .log_safety import register_log_safety

    register_log_safety(app)
    register_request_guards(app)
    register_sign_in(app)
    register_headers(app)
    register_error_pages(app)


def register_templates(app: Flask) -> None:
    from .templating import register_filters

    register_filters(app)


def register_commands(app: Flask) -> None:
    from .cli import register_cli

    register_cli(app)
