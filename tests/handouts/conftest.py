"""Handout tests share one loaded library: loading it takes longer than most renders."""

from __future__ import annotations

import pytest

from practice.library.loader import EXTENSION_KEY, Library, library_dirs, load_library


@pytest.fixture(scope="session")
def library(database_url) -> Library:
    from practice import create_app

    from ..conftest import test_settings

    return load_library(library_dirs(create_app(test_settings(database_url))))


@pytest.fixture
def app(app, library):
    app.extensions[EXTENSION_KEY] = library
    return app
