"""Files that hold clinical records are readable by their owner only, whatever the umask.

SQLite creates its database file with the process's umask (often 0644: every local user
could read the signed notes), and its journal files copy the database file's mode. So the
file is made 0600 before SQLite first opens it, and the instance folder 0700.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """The folder, created if needed, open to its owner only."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR)
    return path


def create_private_file(path: Path) -> int:
    """A new file, 0600 from its first byte: never an existing file, never through a link.

    A file or link planted at the path beforehand (a 0666 file, a link to something the
    attacker wants overwritten) makes this fail with FileExistsError instead of being used.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    fd = os.open(path, flags, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)  # the umask may have taken bits off, never added: be exact
    return fd


def private_sqlite_file(url: str) -> None:
    """Before SQLite opens its file: create it 0600, or make an existing one 0600."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    if path.exists():
        os.chmod(path, PRIVATE_FILE)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # FileExistsError: another process created it at the same moment, with this same code.
    with contextlib.suppress(FileExistsError):
        os.close(create_private_file(path))
