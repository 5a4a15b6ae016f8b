"""The package installs as a normal wheel: templates, static files, the worksheet library and
the migrations travel inside it, and the installed copy renders a handout on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_installed_wheel_renders_a_handout(tmp_path):
    # Built and installed offline: no build isolation, no dependencies fetched.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", tmp_path / "dist", ROOT, cwd=tmp_path)  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("trustwork-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for inside in (
        "practice/templates/base.html",
        "practice/templates/pdf/blank_handout.html",
        "practice/static/css/app.css",
        "practice/static/pdf/fonts/form-sans.ttf",
        "practice/worksheets/transparency-agreement.yaml",
        "practice/migrations/env.py",
        "practice/migrations/versions/0009_scale_indexes.py",
        "practice/checkins/trust-measure.yaml",
        "practice/auth/common_passwords.txt",
    ):
        assert inside in names, f"{inside} is not in the wheel"

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
        "--no-index", wheel)  # fmt: skip
    # The dependencies come from this environment, after the installed copy on sys.path
    # (a .pth names folders; it does not run this environment's editable-install hooks).
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())  # fmt: skip
    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("\n".join(sorted(paths)) + "\n")

    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "TRUSTWORK_ENV": "production",
        "SECRET_KEY": "a-long-random-string-for-this-test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'trustwork.sqlite'}",
    }
    where = run(python, "-c", "import practice; print(practice.__file__)", cwd=tmp_path, env=env)
    assert where.stdout.startswith(str(venv)), where.stdout
    listed = run(python, "-m", "flask", "--app", "practice", "worksheets", "list",
                 cwd=tmp_path, env=env)  # fmt: skip
    assert "transparency-agreement\t" in listed.stdout
    pdf = tmp_path / "handout.pdf"
    run(python, "-m", "flask", "--app", "practice", "handout", "transparency-agreement",
        "-o", pdf, cwd=tmp_path, env=env)  # fmt: skip
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
    # A fillable one too: its fields are drawn in the form font, a static file of its own.
    run(python, "-m", "flask", "--app", "practice", "handout", "transparency-agreement",
        "--fillable", "-o", pdf, cwd=tmp_path, env=env)  # fmt: skip
    assert pdf.read_bytes().startswith(b"%PDF")
    # The migrations travel too: the installed copy builds its own database.
    run(python, "-m", "flask", "--app", "practice", "db", "upgrade", cwd=tmp_path, env=env)
