"""The Nu HTML checker over the counselor and portal pages of the demo practice.

Run: .venv/bin/python bench/html_check.py [--jar PATH/vnu.jar]. Not part of pytest (Java
starts slowly and the crawl renders some sixty pages). Needs Java and `vnu-jar` from npm:
`npm install --prefix .cache/vnu vnu-jar`; the jar is looked for there, then in $VNU_JAR.

It loads the demo practice into a scratch SQLite database, signs in as a counselor and as a
partner through the real sign-in view, and opens the pages the browser tests visit plus every
same-site page they link to. Prints each error with its page and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from flask_migrate import upgrade

from practice import create_app
from practice.demo.load import load_demo
from practice.extensions import db

ROOT = Path(__file__).resolve().parents[1]
JARS = [ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"]
PASSWORD = "html-check-password"  # noqa: S105 - a scratch database, thrown away
COUNSELOR, PARTNER = "maya.okafor@example.org", "jordan.ellis@example.org"
START = {
    COUNSELOR: [
        "/dashboard",
        "/cases/",
        "/cases/new",
        "/sessions/",
        "/library/",
        "/notes/search?q=a",
    ],
    PARTNER: ["/portal/", "/portal/check-ins/"],
}
SKIP = re.compile(r"\.pdf|/sign-out|/static/|/csrf-token|^#|^mailto:|^https?:")
LIMIT = 80  # pages per person


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", type=Path)
    jar = parser.parse_args().jar or _find_jar()
    if jar is None:
        print("vnu.jar not found: npm install --prefix .cache/vnu vnu-jar", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "pages"
        folder.mkdir()
        pages = collect(folder, Path(scratch) / "demo.sqlite")
        errors = check(jar, folder)
    for page, message in errors:
        print(f"{page}: {message}")
    print(f"{len(pages)} pages checked, {len(errors)} errors")
    return 1 if errors else 0


def _find_jar() -> Path | None:
    env = os.environ.get("VNU_JAR")
    return next((p for p in [*JARS, Path(env) if env else None] if p and p.is_file()), None)


def collect(folder: Path, database: Path) -> list[str]:
    """Render the pages to `folder`, one file each; return their paths."""
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        load_demo(PASSWORD)
        db.session.commit()
        cases = [f"/cases/{n}" for n in range(1, 6)]
    seen: list[str] = []
    for email, start in START.items():
        client = app.test_client()
        client.post("/auth/sign-in", data={"email": email, "password": PASSWORD})
        queue = start + (cases if email == COUNSELOR else [])
        visited: set[str] = set()
        while queue and len(visited) < LIMIT:
            path = queue.pop(0)
            if path in visited:
                continue
            visited.add(path)
            response = client.get(path)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            body = response.get_data(as_text=True)
            name = re.sub(r"[^A-Za-z0-9]+", "_", f"{email.split('@')[0]}{path}")
            (folder / f"{name}.html").write_text(body)
            seen.append(path)
            for link in re.findall(r'href="([^"]+)"', body):
                link = link.replace("&amp;", "&")
                if link.startswith("/") and not SKIP.search(link) and link not in visited:
                    queue.append(link)
    return seen


def check(jar: Path, folder: Path) -> list[tuple[str, str]]:
    command = ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html"]
    result = subprocess.run(  # noqa: S603
        [*command, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        (Path(m.get("url", "")).name, f"line {m.get('lastLine', '?')}: {m['message']}")
        for m in messages
        if m.get("type") == "error"
    ]


if __name__ == "__main__":
    sys.exit(main())
