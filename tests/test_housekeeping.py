"""The hosted site's housekeeping: its address and edit links from the environment (the deploy
workflow's), each page's last-updated date from git (not the clock), and what a shallow clone does.

One small course in a git repository of three commits on three days, built as the tests need.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_env, project_maker, run_mkdocs
from outputs_support import make_small_course, pack_zip, unzip_pack

DAYS = {  # commit → (its date, the files it changes)
    "course": "2024-03-05T06:07:08+00:00",
    "chapter two": "2024-05-01T23:30:00+00:00",
    "a work's year": "2024-06-10T12:00:00+00:00",
}
SITE_URL = "https://example.org/course/"
EDIT_URI = "https://forge.example.org/owner/course/edit/main/docs/"


def git(project: Path, *args: str, **env: str) -> str:
    proc = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                          cwd=project, env=build_env(**env), check=True, capture_output=True, text=True)
    return proc.stdout


def commit(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, GIT_AUTHOR_DATE=DAYS[message], GIT_COMMITTER_DATE=DAYS[message])


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """The small course, committed: everything, then chapter two, then the bibliography (.bib and page)."""
    project = make_small_course(project_maker(tmp_path_factory.mktemp("dated")))
    (project / ".gitignore").write_text("site/\ndist/\n.cache/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    commit(project, "course")
    append(project / "docs" / "chapters" / "two.md", "\nA sentence added later.\n")
    commit(project, "chapter two")
    (bib,) = (project / "bibliography").glob("*.bib")
    append(bib, "\n% a comment, changed on its own day\n")
    append(project / "docs" / "bibliography.md", "\nThe list above is the course's.\n")
    commit(project, "a work's year")
    return project


def env_without_epoch(**extra: str) -> dict[str, str]:
    return {k: v for k, v in build_env(**extra).items() if k != "SOURCE_DATE_EPOCH"}


def last_updated(site: Path) -> dict[str, str | None]:
    """Each page's last-updated date (its <time datetime>), by its path in the site."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        match = re.search(r'Last updated <time datetime="([\d-]+)">', page.read_text(encoding="utf-8"))
        found[page.relative_to(site).as_posix()] = match and match.group(1)
    return found


def test_each_page_is_dated_by_the_last_commit_that_changed_its_source(repository):
    built = run_mkdocs(repository, "--strict", env=env_without_epoch())
    assert built.returncode == 0, built.output
    dates = last_updated(repository / "site")
    assert dates["chapters/one/index.html"] == "2024-03-05"  # unchanged since the first commit
    assert dates["chapters/two/index.html"] == "2024-05-01"  # its own change, not the last commit's
    assert dates["index.html"] == "2024-03-05"
    assert dates["bibliography/index.html"] == "2024-06-10"  # the newest of its page and the .bib file
    # Pages the hooks generate from many files have no single source to date.
    assert dates["whole-course/index.html"] is None and dates["key-points/index.html"] is None
    shown = (repository / "site" / "chapters" / "two" / "index.html").read_text(encoding="utf-8")
    assert 'Last updated <time datetime="2024-05-01">May 1, 2024</time>' in shown  # in UTC, any locale

    # A later rebuild of the same commit (the clock has moved on) is the same to the byte.
    first = {p: p.read_bytes() for p in (repository / "site").rglob("*") if p.is_file()}
    again = run_mkdocs(repository, "--strict", env=env_without_epoch(TZ="Pacific/Kiritimati", LC_ALL="C"))
    assert again.returncode == 0, again.output
    after = {p: p.read_bytes() for p in (repository / "site").rglob("*") if p.is_file()}
    assert sorted(first) == sorted(after)
    assert [p for p in first if first[p] != after[p]] == []


def test_outside_a_checkout_pages_have_no_date(repository, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(repository, copy, ignore=shutil.ignore_patterns(".git", "site", ".cache"))
    built = run_mkdocs(copy, "--strict", env=build_env(SOURCE_DATE_EPOCH="1700000000"))
    assert built.returncode == 0, built.output
    dates = last_updated(copy / "site")
    assert dates and set(dates.values()) == {None}


@pytest.mark.parametrize("depth", [1, 2])
def test_a_shallow_clone_dates_only_what_its_history_shows(repository, tmp_path, depth):
    """A shallow clone's cut commit looks as if it added every file: those files get no date (not a
    wrong one), files changed after the cut get theirs, and the build says how many went undated."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"--depth={depth}", repository.as_uri(), str(clone))
    built = run_mkdocs(clone, "--strict", env=env_without_epoch())
    assert built.returncode == 0, built.output
    dates = last_updated(clone / "site")
    if depth == 1:  # one commit: nothing can be dated
        assert set(dates.values()) == {None}
    else:  # the last commit (the bibliography) is after the cut; chapter two's commit is the cut
        assert dates["bibliography/index.html"] == "2024-06-10"
        assert dates["chapters/two/index.html"] is None  # changed last at the cut: maybe long before
        assert [p for p, d in dates.items() if d] == ["bibliography/index.html"]
    assert re.search(r"a shallow clone: \d+ file\(s\) changed last at or before its first commit have no "
                     r"last-updated date \(clone with the full history: fetch-depth: 0\)", built.output)


def test_the_environment_gives_the_site_its_address_and_its_edit_links(repository, tmp_path):
    env = build_env(SOURCE_DATE_EPOCH="1700000000", COURSE_SITE_URL=SITE_URL.rstrip("/"), COURSE_EDIT_URI=EDIT_URI)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_outputs.py"), "--project",
                           str(repository), "--name", "dated"], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = repository / "site"

    # The sitemap lists every page at its address (MkDocs lists none without a site URL).
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html")
                   if p.relative_to(site).parts[0] != "instructor")
    listed = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(SITE_URL + ("" if p == "." else p + "/") for p in pages)
    # The instructor's view lives below it, at instructor/ (its canonical links say so).
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"',
                          (site / "instructor" / "chapters" / "two" / "index.html").read_text(encoding="utf-8"))
    assert canonical and canonical.group(1) == SITE_URL + "instructor/chapters/two/"
    # The 404 page, served at any depth below the project path, starts its links there.
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/course/assets/stylesheets/' in missing and re.search(r'href="/course/\.?"', missing)

    # An edit link on each page written in docs/, to that file; none on generated pages.
    edits = {}
    for page in sorted(site.rglob("*.html")):
        links = re.findall(r'<a href="([^"]+)" title="Edit this page"', page.read_text(encoding="utf-8"))
        edits[page.relative_to(site).as_posix()] = links
    assert edits["chapters/two/index.html"] == [EDIT_URI + "chapters/two.md"]
    assert edits["index.html"] == [EDIT_URI + "index.md"]
    assert edits["whole-course/index.html"] == [] and edits["404.html"] == []

    # The pack, read away from the repository, has no edit link, nor a link to the hosted site's address.
    pack = unzip_pack(pack_zip(repository, "dated"), tmp_path / "pack")
    for page in sorted(pack.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "Edit this page" not in html and EDIT_URI not in html, page


@pytest.mark.parametrize("variable, value", [("COURSE_SITE_URL", "example.org/course"),
                                             ("COURSE_EDIT_URI", "github.com/owner/course/edit/main/docs/")])
def test_an_address_that_is_not_one_is_reported_plainly(repository, variable, value):
    built = run_mkdocs(repository, env=build_env(**{variable: value}))
    assert built.returncode != 0
    assert f"{variable}={value!r} is not an http(s) address — set it to one" in built.output
    assert "Traceback" not in built.output


def test_the_render_dates_its_pages_and_takes_the_sites_address_as_the_build_does(repository, tmp_path):
    """A host without hooks builds the rendered tree with each page's date and the site's address (its
    sitemap) as the hooks' build has them; it has no edit links, where generated pages would get some."""
    repository = shutil.copytree(repository, tmp_path / "repository", ignore=shutil.ignore_patterns("site", ".cache"))
    append(repository / "mkdocs.yml", f"\nedit_uri: {EDIT_URI}\n")  # not a page's source: no date moves
    env = env_without_epoch(COURSE_SITE_URL=SITE_URL)
    built = run_mkdocs(repository, "--strict", "--site-dir", str(tmp_path / "hooks-site"), env=env)
    assert built.returncode == 0, built.output
    tree = tmp_path / "tree"
    rendered = subprocess.run([sys.executable, "-m", "coursekit", "render", str(tree), "--root", str(repository)],
                              cwd=repository, env=dict(env, PYTHONPATH=str(repository / "hooks")),
                              capture_output=True, text=True, timeout=600)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], cwd=tree,
                           env=env, capture_output=True, text=True, timeout=600)
    assert plain.returncode == 0, plain.stdout + plain.stderr

    hooks_dates, tree_dates = last_updated(tmp_path / "hooks-site"), last_updated(tree / "site")
    assert tree_dates == hooks_dates
    assert tree_dates["chapters/two/index.html"] == "2024-05-01" and tree_dates["whole-course/index.html"] is None
    sitemap = [re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
               for site in (tmp_path / "hooks-site", tree / "site")]
    assert sorted(sitemap[0]) == sorted(sitemap[1]) and SITE_URL + "chapters/two/" in sitemap[1]
    assert "Edit this page" in (tmp_path / "hooks-site" / "chapters" / "two" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in (tree / "site").rglob("*.html") if "Edit this page" in p.read_text(encoding="utf-8")]


def test_the_render_refuses_an_address_that_is_not_one(repository, tmp_path):
    env = build_env(COURSE_SITE_URL="example.org/course", PYTHONPATH=str(repository / "hooks"))
    rendered = subprocess.run([sys.executable, "-m", "coursekit", "render", str(tmp_path / "tree"), "--root",
                               str(repository)], cwd=repository, env=env, capture_output=True, text=True, timeout=600)
    assert rendered.returncode == 2
    assert "COURSE_SITE_URL='example.org/course' is not an http(s) address — set it to one" in rendered.stderr
    assert "Traceback" not in rendered.stderr and not (tmp_path / "tree").exists()
