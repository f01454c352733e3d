"""The console's committed build is what its source builds to, small, and self-contained.

`console/` is built into `gateway/http/console/` and committed, so `pip install` and
`talentgate demo` need no Node. This rebuilds from a clean copy of the source (`npm ci
&& npm run build`, as a developer would) and fails when the committed files differ, so
stale JavaScript cannot ship. Without npm the rebuild skips, unless
`TALENTGATE_REQUIRE_NODE=1` (CI sets it).
"""

from __future__ import annotations

import filecmp
import gzip
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "console"
BUILD = ROOT / "gateway" / "http" / "console"
MAIN_BUNDLE_LIMIT = 500 * 1024  # gzipped bytes of what the console's first page loads
pytestmark = pytest.mark.heavy  # npm ci and a build: start it first


def _files(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file()}


def test_the_committed_build_is_what_the_source_builds_to(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("TALENTGATE_REQUIRE_NODE") == "1":
            pytest.fail("npm is not installed")
        pytest.skip("npm is not installed")
    source = tmp_path / "console"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("node_modules"))
    out = tmp_path / "build"
    env = {**os.environ, "CONSOLE_OUT_DIR": str(out)}
    for step in (["ci", "--no-audit", "--no-fund"], ["run", "build"]):
        done = subprocess.run([npm, *step], cwd=source, env=env, capture_output=True, text=True,
                              timeout=600)  # fmt: skip
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    built, committed = _files(out), _files(BUILD)
    assert sorted(built) == sorted(committed), "rebuild the console: cd console && npm run build"
    differing = [name for name in built if not filecmp.cmp(built[name], committed[name], shallow=False)]
    assert not differing, f"stale console build, rebuild it: {differing}"


def test_the_main_bundle_is_small() -> None:
    index = (BUILD / "index.html").read_text()
    first_page = re.findall(r'(?:src|href)="/console/(assets/[^"]+)"', index)
    assert any(name.endswith(".js") for name in first_page)
    size = sum(len(gzip.compress((BUILD / name).read_bytes())) for name in first_page)
    print(f"console first-page bundle: {size / 1024:.0f} KB gzipped (limit {MAIN_BUNDLE_LIMIT // 1024} KB)")
    assert size <= MAIN_BUNDLE_LIMIT


def test_nothing_is_loaded_from_another_origin() -> None:
    """No CDN, no web fonts from elsewhere: an intranet has no internet."""
    pattern = re.compile(rb"""(?:src=|href=|url\(|import\(|from\s*)["']?(?:https?:)?//""")
    pages = {name: path for name, path in _files(BUILD).items() if path.suffix in {".html", ".css", ".js"}}
    offenders = [name for name, path in pages.items() if pattern.search(path.read_bytes())]
    assert not offenders
