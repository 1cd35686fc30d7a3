"""Start a new course, or refresh the engine of one: ``scripts/new-course.sh``.

A new course is a folder of its own (a git repository once you commit it): its pages, its
bibliography, its settings, and a copy of the engine (``hooks/``, the build and check scripts, the
pinned requirements and a small test suite for any course). Copying, rather than installing the
engine as a package, keeps the course buildable offline and from a plain clone, lets its instructor
read and pin exactly what runs, and needs no package index to publish to.

The engine's files are listed, each with its SHA-256, in ``hooks/ENGINE``, with the engine's version.
``--update`` replaces them with this checkout's, and refuses (unless ``--force``) where the course
changed one of them; it never touches the course's own files (pages, bibliography, settings,
``mkdocs.yml``, README, ``scripts/build.sh`` and ``scripts/test.sh``).

Usage:
    python scripts/new_course.py DIR [--title "Course title"] [--name pack-name]
    python scripts/new_course.py --update DIR [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

ENGINE_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ENGINE_ROOT / "course-template"
MANIFEST = "hooks/ENGINE"
BASE_CONFIG = "hooks/mkdocs.base.yml"
# The engine's files besides hooks/: copied from this project as they are ...
ENGINE_FILES = ("scripts/setup-venv.sh", "scripts/check.sh", "scripts/serve.sh", "scripts/render.sh",
                "scripts/build_outputs.py",
                "requirements.txt", "requirements-csl.txt", "constraints.txt")
# ... or from the template, where a course needs its own version of them.
ENGINE_TEMPLATE_FILES = ("requirements-test.txt", "tests/test_course.py")
# Settings of our mkdocs.yml that are our course's, not the engine's.
COURSE_ONLY_SETTINGS = ("site_name", "site_description", "site_url", "site_author", "repo_url", "nav",
                        "copyright", "extra")
BASE_HEADER = """\
# The engine's MkDocs settings: theme, Markdown extensions, plugins and the hooks, in this order.
# Written by scripts/new-course.sh from the engine's own mkdocs.yml, and replaced by its --update:
# do not edit it here. mkdocs.yml inherits it (INHERIT) and overrides any of it: a mapping (theme,
# plugins) is merged key by key, a list (markdown_extensions, hooks) is replaced as a whole.
"""


class GeneratorError(Exception):
    pass


def engine_version() -> str:
    """This checkout's commit and date, as `git describe` gives it; "unknown" outside git."""
    try:
        described = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=12"], cwd=ENGINE_ROOT,
                                   capture_output=True, text=True, timeout=30)
        dated = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=ENGINE_ROOT,
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if described.returncode != 0:
        return "unknown"
    return f"{described.stdout.strip()} ({dated.stdout.strip()})"


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "course"


def base_config() -> str:
    """Our mkdocs.yml without what belongs to our course: the engine's settings for any course."""
    config = yaml.safe_load((ENGINE_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for name in COURSE_ONLY_SETTINGS:
        config.pop(name, None)
    return BASE_HEADER + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


def engine_files() -> dict[str, bytes]:
    """Every file the engine puts in a course, by its path there, with its content."""
    files: dict[str, bytes] = {}
    for path in sorted((ENGINE_ROOT / "hooks").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            relative = path.relative_to(ENGINE_ROOT).as_posix()
            if relative != MANIFEST:
                files[relative] = path.read_bytes()
    for name in ENGINE_FILES:
        files[name] = (ENGINE_ROOT / name).read_bytes()
    for name in ENGINE_TEMPLATE_FILES:
        files[name] = (TEMPLATE / name).read_bytes()
    files[BASE_CONFIG] = base_config().encode("utf-8")
    return files


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def manifest_text(version: str, files: dict[str, bytes]) -> str:
    lines = [f"coursekit engine {version}",
             "# The files the engine owns in this course, with their SHA-256 as it wrote them.",
             "# scripts/new-course.sh --update DIR (from a newer engine checkout) replaces them, and",
             "# refuses, unless --force, where the course changed one. Check them: sha256sum -c <(tail -n +5 hooks/ENGINE)",
             ""]
    lines += [f"{digest(content)}  {name}" for name, content in sorted(files.items())]
    return "\n".join(lines) + "\n"


def read_manifest(course: Path) -> tuple[str, dict[str, str]]:
    path = course / MANIFEST
    if not path.is_file():
        raise GeneratorError(f"{course} has no {MANIFEST}: it was not made by scripts/new-course.sh "
                             f"(start a new course with scripts/new-course.sh DIR and move your pages into it)")
    lines = path.read_text(encoding="utf-8").splitlines()
    version = lines[0].removeprefix("coursekit engine ").strip() if lines else "unknown"
    known = {}
    for line in lines[1:]:
        if line and not line.startswith("#"):
            sha, _, name = line.partition("  ")
            known[name] = sha
    return version, known


def write(course: Path, name: str, content: bytes) -> None:
    target = course / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    if name.endswith(".sh"):
        target.chmod(0o755)


def create(course: Path, title: str, pack: str) -> None:
    if course.exists() and any(course.iterdir()):
        raise GeneratorError(f"{course} exists and is not empty: name a new folder")
    course.mkdir(parents=True, exist_ok=True)
    # In YAML the title goes as a JSON string, which YAML reads as a double-quoted scalar.
    placeholders = {"@COURSE_TITLE_YAML@": json.dumps(title, ensure_ascii=False), "@COURSE_TITLE@": title,
                    "@PACK_NAME@": pack}
    for path in sorted(TEMPLATE.rglob("*")):
        relative = path.relative_to(TEMPLATE).as_posix()
        if not path.is_file() or relative in ENGINE_TEMPLATE_FILES or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for placeholder, value in placeholders.items():
            text = text.replace(placeholder, value)
        write(course, relative.replace("dot-gitignore", ".gitignore"), text.encode("utf-8"))
    files = engine_files()
    for name, content in files.items():
        write(course, name, content)
    version = engine_version()
    write(course, MANIFEST, manifest_text(version, files).encode("utf-8"))
    if shutil.which("git") and not (course / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=course, check=False)
    print(f"new-course: a course in {course} (engine {version}).\n"
          f"  cd {course}\n  ./scripts/build.sh   # the site (site/) and the offline pack (dist/)\n"
          f"  ./scripts/test.sh    # its tests\n"
          f"Put chapters anywhere under docs/ and .bib files in bibliography/: see README.md.")


def update(course: Path, force: bool) -> None:
    old_version, known = read_manifest(course)
    files = engine_files()
    changed_here = []
    for name, sha in known.items():
        path = course / name
        if path.is_file() and digest(path.read_bytes()) != sha:
            changed_here.append(name)
    if changed_here and not force:
        listing = "\n".join(f"  {name}" for name in changed_here)
        raise GeneratorError(f"the course changed {len(changed_here)} of the engine's files since it was "
                             f"written:\n{listing}\nmove those changes out of them (or keep a copy), then "
                             f"run again with --force to replace them")
    replaced, added, removed = [], [], []
    for name, content in files.items():
        path = course / name
        if not path.is_file():
            added.append(name)
        elif path.read_bytes() != content:
            replaced.append(name)
        else:
            continue
        write(course, name, content)
    for name in sorted(set(known) - set(files)):
        if (course / name).is_file() and name.startswith("hooks/"):
            (course / name).unlink()
            removed.append(name)
    version = engine_version()
    write(course, MANIFEST, manifest_text(version, files).encode("utf-8"))
    print(f"new-course --update: engine {old_version} → {version}: {len(replaced)} file(s) replaced, "
          f"{len(added)} added, {len(removed)} removed")
    for label, names in (("replaced", replaced), ("added", added), ("removed", removed)):
        for name in names:
            print(f"  {label}: {name}")
    _report_config(course)


def _report_config(course: Path) -> None:
    """mkdocs.yml overrides the base; a list it overrides (the hooks) may now lack what the engine needs."""
    try:
        config = yaml.safe_load((course / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return
    if not isinstance(config, dict) or "hooks" not in config:
        return
    base = yaml.safe_load((course / BASE_CONFIG).read_text(encoding="utf-8"))
    missing = [hook for hook in base.get("hooks", []) if hook not in (config.get("hooks") or [])]
    if missing:
        print(f"  mkdocs.yml lists its own hooks, without: {', '.join(missing)} — add them, in the order "
              f"of {BASE_CONFIG}, or remove its 'hooks:' to take the engine's")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/new-course.sh", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the new course's folder (or, with --update, the course's)")
    parser.add_argument("--title", help="the course's title (default: from the folder's name)")
    parser.add_argument("--name", help="the offline pack's file name part (default: from the folder's name)")
    parser.add_argument("--update", action="store_true", help="replace the engine of the course in FOLDER")
    parser.add_argument("--force", action="store_true", help="with --update: replace engine files the course changed")
    args = parser.parse_args(argv)
    folder = args.folder.expanduser().resolve()
    try:
        if args.update:
            update(folder, args.force)
        else:
            title = args.title or folder.name.replace("-", " ").replace("_", " ").strip().capitalize() or "My course"
            pack = slug(args.name or folder.name)
            if args.name and args.name != pack:
                parser.error(f"--name must be lower-case letters, digits and hyphens, e.g. {pack}")
            create(folder, title, pack)
    except GeneratorError as exc:
        print(f"new-course: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
