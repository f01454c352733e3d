"""The console's committed build is what its source builds to, small, and self-contained.

`console/` is built into `gateway/http/console/` and committed, so `pip install` and
`talentgate demo` need no Node. The build writes a fingerprint of the sources it was made
from (`source.sha256`, see console/vite.config.ts); the suite recomputes it, so stale
JavaScript cannot ship, in milliseconds. The full proof — `npm ci && npm run build` from
a clean copy, byte for byte the committed files — takes most of a minute and runs when
`TALENTGATE_REBUILD_CONSOLE=1` (before a release, or after upgrading Node or Vite).
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
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


def _files(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file()}


def source_fingerprint(root: Path) -> str:
    """console/vite.config.ts's `sourceFingerprint`, in Python: SHA-256 over each source
    file's path relative to `root`, NUL, its bytes, NUL; node_modules and dot-files left out."""
    digest = hashlib.sha256()
    for name, path in sorted(_files(root).items()):
        if any(part.startswith(".") or part == "node_modules" for part in Path(name).parts):
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_the_committed_build_was_made_from_the_committed_sources() -> None:
    recorded = (BUILD / "source.sha256").read_text().strip()
    assert recorded == source_fingerprint(SOURCE), "stale console build: cd console && npm run build"


def test_the_fingerprint_changes_with_any_source_byte(tmp_path: Path) -> None:
    source = tmp_path / "console"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("node_modules"))
    before = source_fingerprint(source)
    (source / "node_modules").mkdir()
    (source / "node_modules" / "x.js").write_text("ignored")
    assert source_fingerprint(source) == before
    page = source / "src" / "main.ts"
    page.write_bytes(page.read_bytes() + b" ")
    assert source_fingerprint(source) != before


@pytest.mark.heavy  # npm ci and a build: start it first
@pytest.mark.skipif(os.environ.get("TALENTGATE_REBUILD_CONSOLE") != "1",
                    reason="a full rebuild: set TALENTGATE_REBUILD_CONSOLE=1")  # fmt: skip
def test_the_committed_build_is_what_the_source_builds_to(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    assert npm is not None, "npm is not installed"
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
