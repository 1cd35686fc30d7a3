"""Build the course's outputs, all with strict builds: the hosted site (site/, the learner's view),
the instructor's view (site/instructor/, hooks/audience.py: the notes for instructors open, the
course path's schedule) and the offline course pack (dist/<name>-course-pack.zip, the learner's view
with Material's offline plugin, mkdocs.offline.yml), which the site offers for download (a copy in
site/). Each has the whole-course page. Two runs on the same commit give byte-identical outputs:
every date is the last commit's (or SOURCE_DATE_EPOCH's) and the zip's entries are sorted, with
fixed times and modes.

Usage: python scripts/build_outputs.py [--project DIR] [--name NAME] [--lenient]
--lenient lets warnings through (errors still stop the build): a pull request's preview shows its
new warnings rather than no preview at all. Every published build is strict.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DEFAULT_NAME = "china-human-protection"
ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold
# Files of the offline build that mean nothing from file://: the 404 page (with root-absolute links,
# so broken there) and the sitemaps, which are for search engines.
NOT_IN_PACK = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
INSTRUCTOR_DIR = "instructor"  # the instructor's view, under the hosted site (hooks/audience.py's INSTRUCTOR_DIR)


def source_date_epoch(project: Path) -> int | None:
    """SOURCE_DATE_EPOCH if set, else the time of the project's last git commit (the hook's rule)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        return int(given)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
    from reproducible import last_commit_epoch

    epoch = last_commit_epoch(project)
    return int(epoch) if epoch else None


def mkdocs_build(project: Path, config_file: str, site_dir: Path, env: dict[str, str], strict: bool = True) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "--clean",
               "--config-file", config_file, "--site-dir", str(site_dir)]
    proc = subprocess.run(command, cwd=project, env=env)
    if proc.returncode != 0:
        kind = "strict build" if strict else "build"
        sys.exit(f"build_outputs: the {kind} with {config_file} failed (exit {proc.returncode})")


def write_zip(folder: Path, zip_path: Path, root: str, epoch: int) -> None:
    """Zip ``folder`` as ``root/…``: entries sorted, one fixed time, plain modes, so the bytes repeat."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() not in NOT_IN_PACK)
    partial = zip_path.with_name(zip_path.name + ".partial")
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(partial, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{root}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.create_system = 3  # unix, whatever machine builds it
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(zip_path)


def build(project: Path, name: str, strict: bool = True) -> tuple[Path, Path]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    epoch = source_date_epoch(project)
    if epoch is None:
        epoch = int(time.time())
        print("build_outputs: no SOURCE_DATE_EPOCH and no git commit: dated now, so not reproducible",
              file=sys.stderr)
    env["SOURCE_DATE_EPOCH"] = str(epoch)

    site = project / "site"
    both = dict(env, COURSE_BOTH_VIEWS="1")  # each hosted page links to itself in the other view
    mkdocs_build(project, "mkdocs.yml", site, dict(both, COURSE_VIEW="learner"), strict)
    instructor = site / INSTRUCTOR_DIR  # after the learner's build, whose --clean empties site/
    if instructor.exists():
        sys.exit(f"build_outputs: the site has a page or folder '{INSTRUCTOR_DIR}/' (from docs/{INSTRUCTOR_DIR}/), "
                 f"where the instructor's view goes — rename that folder")
    mkdocs_build(project, "mkdocs.yml", instructor, dict(both, COURSE_VIEW="instructor"), strict)
    # A host serves the site's own 404 page for any missing address, this folder's included; this
    # one's links would start from the wrong folder.
    (instructor / "404.html").unlink(missing_ok=True)

    pack_root = f"{name}-course-pack"
    zip_path = project / "dist" / f"{pack_root}.zip"
    with tempfile.TemporaryDirectory(prefix="course-pack-") as scratch:
        offline = Path(scratch) / pack_root
        mkdocs_build(project, "mkdocs.offline.yml", offline, dict(env, COURSE_VIEW="learner"), strict)
        write_zip(offline, zip_path, pack_root, epoch)
    # The hosted site offers the pack for download (its home page links to it, in both views; the
    # pack's does not).
    for view in (site, site / INSTRUCTOR_DIR):
        shutil.copyfile(zip_path, view / zip_path.name)
    return site, zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--name", default=DEFAULT_NAME, help="the pack is dist/<name>-course-pack.zip")
    parser.add_argument("--lenient", action="store_true", help="warnings do not fail the builds (previews only)")
    args = parser.parse_args(argv)
    if not args.name or any(c in args.name for c in "/\\ "):
        parser.error("--name must be a plain file name part, e.g. china-human-protection")
    site, zip_path = build(args.project.resolve(), args.name, strict=not args.lenient)
    print(f"build_outputs: hosted site in {site} (the instructor's view in {site / INSTRUCTOR_DIR}), "
          f"offline course pack {zip_path} "
          f"({zip_path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
