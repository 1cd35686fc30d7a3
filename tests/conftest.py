"""Shared fixtures: real MkDocs builds of a project in a temporary folder.

``make_project`` writes a small course (the real hooks and theme settings, the files a test gives);
``course_site`` builds the real course once per session, ``course_outputs`` its outputs as
scripts/build_outputs.py makes them (both views and the pack).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

MINIMAL_BIB = """\
@book{footChinaUnitedStates2011,
  author = {Foot, Rosemary and Walter, Andrew},
  title = {China, the United States and Global Order},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {2011}
}

@article{bellamyChangingFaceHumanitarian2015,
  author = {Bellamy, Alex J.},
  title = {The Changing Face of Humanitarian Intervention},
  journal = {St Antony's International Review},
  volume = {11},
  number = {1},
  year = {2015},
  pages = {15-43}
}
"""


# A small course's settings, as our course's: the whole-course page and the editors' notes on.
OUR_COURSE_YML = "sources_dir: sources\nwhole_course: true\nentry_notes: true\n"


@dataclass
class Build:
    project: Path
    returncode: int
    output: str  # stdout and stderr together

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


def build_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def run_mkdocs(project: Path, *args: str, env: dict[str, str] | None = None) -> Build:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site", *args],
        cwd=project, env=env or build_env(), capture_output=True, text=True, timeout=600,
    )
    return Build(project, proc.returncode, proc.stdout + proc.stderr)


def base_config(**overrides) -> dict:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config.update(overrides)
    return config


def write_project(project: Path, files: dict[str, str], *, bib: str | None = MINIMAL_BIB, config: dict | None = None,
                  course_yml: str | None = None) -> Path:
    """Write a small course into ``project`` (emptied first): the real hooks and theme settings, and
    ``files`` (project-relative paths to their text)."""
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("docs/assets", "docs/includes", "docs/javascripts"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, project / name)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config or base_config()), encoding="utf-8")
    (project / "course").mkdir()
    (project / "course" / "course.yml").write_text(
        course_yml if course_yml is not None else OUR_COURSE_YML, encoding="utf-8"
    )
    if bib is not None:
        (project / "bibliography").mkdir()
        (project / "bibliography" / "references.bib").write_text(bib, encoding="utf-8")
    files = {"docs/index.md": "# Home\n", "docs/bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n", **files}
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def make_project(tmp_path):
    """Write a small course: ``files`` maps project-relative paths to their text."""
    return project_maker(tmp_path)


def project_maker(tmp_path: Path):
    """``make_project`` for a folder of the caller's (a module-scoped fixture's, say)."""

    def make(files: dict[str, str], **options) -> Path:
        return write_project(tmp_path / "project", files, **options)

    return make


@pytest.fixture
def build():
    return run_mkdocs


@pytest.fixture(scope="session")
def course_site(tmp_path_factory) -> Build:
    """The real course, built once (strict), into a temporary copy of the project."""
    project = tmp_path_factory.mktemp("course") / "project"
    ignore = shutil.ignore_patterns(".venv", "site", "dist", ".git", "__pycache__", ".cache", "bench")
    shutil.copytree(ROOT, project, ignore=ignore)
    sources = ROOT.parent / "shared" / "sources"
    env = build_env(COURSE_SOURCES_DIR=str(sources)) if sources.is_dir() else build_env()
    result = run_mkdocs(project, "--strict", env=env)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def course_outputs(tmp_path_factory) -> Path:
    """The real course's outputs (scripts/build_outputs.py: site/, site/instructor/, the pack in dist/),
    built once per session, strict, into a temporary copy of the project; returns the project."""
    project = tmp_path_factory.mktemp("course-outputs") / "project"
    ignore = shutil.ignore_patterns(".venv", "site", "dist", ".git", "__pycache__", ".cache", "bench")
    shutil.copytree(ROOT, project, ignore=ignore)
    sources = ROOT.parent / "shared" / "sources"
    env = build_env(SOURCE_DATE_EPOCH="1700000000")
    if sources.is_dir():
        env["COURSE_SOURCES_DIR"] = str(sources)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_outputs.py"), "--project", str(project)],
                          env=env, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


# -- Reading built HTML -----------------------------------------------------------------------------

from html.parser import HTMLParser  # noqa: E402
from urllib.parse import unquote, urljoin, urlparse  # noqa: E402


class PageScan(HTMLParser):
    """Ids and links of one HTML page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs)


_scans: dict[Path, PageScan] = {}


def scan(path: Path) -> PageScan:
    path = path.resolve()
    if path not in _scans:
        parser = PageScan()
        parser.feed(path.read_text(encoding="utf-8"))
        _scans[path] = parser
    return _scans[path]


def resolve_link(page: Path, href: str) -> tuple[Path | None, str]:
    """The local file and fragment an internal link opens, as a browser would; (None, "") if external."""
    target = urlparse(urljoin(page.resolve().as_uri(), href))
    if target.scheme != "file":
        return None, ""
    path = Path(unquote(target.path))
    if target.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path.resolve(), target.fragment


def broken_links(page: Path, predicate=lambda attrs: True) -> list[str]:
    """Internal links of ``page`` whose file or anchor does not exist."""
    broken = []
    for attrs in scan(page).links:
        if not predicate(attrs):
            continue
        path, fragment = resolve_link(page, attrs["href"])
        if path is None:
            continue
        if not path.exists():
            broken.append(f"{attrs['href']} (no file)")
        elif fragment and fragment not in scan(path).ids:
            broken.append(f"{attrs['href']} (no anchor)")
    return broken


# -- Serving a built site ---------------------------------------------------------------------------

import threading  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from functools import partial  # noqa: E402
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output is for the tests
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) as a static host would; yields the base URL."""
    with _serving(folder, QuietHandler, "/") as url:
        yield url


@contextmanager
def _serving(folder: Path, handler, path: str):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# -- The real course's builds, shared by the render's and the hosts' tests ----------------------------

@pytest.fixture(scope="session")
def course_pack(course_site, tmp_path_factory) -> Path:
    """The real course's pack, built (strict) by MkDocs 1.6.1 with its hooks, beside ``course_site``."""
    pack = tmp_path_factory.mktemp("course-pack") / "pack"
    from render_support import host_build, sources_env

    built = host_build("mkdocs", sys.executable, course_site.project, "mkdocs.offline.yml", pack, **sources_env())
    assert built.returncode == 0, built.stdout + built.stderr
    return pack


@pytest.fixture(scope="session")
def rendered_course(course_site, tmp_path_factory) -> Path:
    """The real course rendered (``tree/``), its site and pack built strict by plain MkDocs, no hooks."""
    from render_support import build_tree, render

    work = tmp_path_factory.mktemp("render")
    proc = render(course_site.project, work / "tree")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = build_tree(work / "tree", config, site=site)
        assert built.returncode == 0, built.stdout + built.stderr
    return work / "tree"


class ProjectPathHandler(QuietHandler):
    """A folder served below ``/<prefix>/``, as GitHub Pages serves a project site: a path that names no
    file gets the site's 404.html with status 404."""

    prefix = "/course/"

    def send_head(self):
        if not self.path.startswith(self.prefix):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.prefix):]
        local = Path(self.translate_path(self.path))
        if local.exists():
            return super().send_head()
        page = Path(self.directory) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return __import__("io").BytesIO(body)


@contextmanager
def serve_below(folder: Path, prefix: str = "/course/"):
    """Serve ``folder`` below ``prefix`` on 127.0.0.1 with GitHub Pages' 404 rule; yields the site's URL."""
    with _serving(folder, type("Handler", (ProjectPathHandler,), {"prefix": prefix}), prefix) as url:
        yield url


# -- Both outputs as a reader opens them, built once per session ---------------------------------

OUTPUTS_EPOCH = "1700000000"  # 2023-11-14: the date both outputs of a test build carry


@pytest.fixture(scope="session")
def course_sites(course_outputs, tmp_path_factory) -> tuple[Path, Path]:
    """The real course's hosted site and its pack, unzipped as a student would."""
    from outputs_support import unzip_pack

    zip_path = course_outputs / "dist" / "china-human-protection-course-pack.zip"
    return course_outputs / "site", unzip_pack(zip_path, tmp_path_factory.mktemp("course-pack"))


@pytest.fixture(scope="session")
def small_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The small course of outputs_support: its hosted site and its pack (unzipped), built once."""
    from outputs_support import build_outputs, make_small_course, pack_zip, unzip_pack

    folder = tmp_path_factory.mktemp("small-outputs")
    project = make_small_course(project_maker(folder))
    proc = build_outputs(project, epoch=OUTPUTS_EPOCH)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project / "site", unzip_pack(pack_zip(project), folder / "pack")
