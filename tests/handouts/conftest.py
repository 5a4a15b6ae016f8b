"""Handout tests share one loaded library (loading it takes longer than most renders), a
loopback server that counts fetches, and a log of what the PDF fetcher served or refused."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from practice.library.loader import EXTENSION_KEY, Library, library_dirs, load_library

from .hostile import Listener


@pytest.fixture(scope="session")
def library(database_url) -> Library:
    from practice import create_app

    from ..conftest import test_settings

    return load_library(library_dirs(create_app(test_settings(database_url))))


@pytest.fixture
def app(app, library):
    app.extensions[EXTENSION_KEY] = library
    return app


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    thread = threading.Thread(
        target=listening.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield listening
    listening.server.shutdown()
    listening.server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def fetch_log(caplog):
    caplog.set_level(logging.DEBUG, logger="practice.handouts.fetcher")
    return caplog
