"""The outputs: hosted site and offline course pack from strict builds, reproducible to the byte, with
the whole-course page in both; an external asset fails the build instead of leaking a request."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, build_env, run_mkdocs
from outputs_support import (
    PACK_NAME, SEARCH_WORD, broken_links, build_outputs, build_outputs_command, external_resources,
    make_small_course, pack_zip, page_links, small_course_config, small_course_files, unzip_pack,
)

EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC


def html_pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_build_gives_site_and_course_pack(make_project, tmp_path):
    project = make_small_course(make_project)
    proc = build_outputs(project, epoch=str(EPOCH))
    assert proc.returncode == 0, proc.stdout + proc.stderr

    site = project / "site"
    for page in ("index.html", "chapters/one/index.html", "bibliography/index.html", "whole-course/index.html"):
        assert (site / page).is_file(), page

    archive = zipfile.ZipFile(pack_zip(project))
    names = archive.namelist()
    root = f"{PACK_NAME}-course-pack/"
    assert names == sorted(names) and all(n.startswith(root) for n in names)
    for name in ("index.html", "chapters/one.html", "bibliography.html", "whole-course.html",
                 "search/search_index.js", "assets/vendor/iframe-worker/shim.js",
                 "assets/vendor/iframe-worker/LICENSE"):
        assert root + name in names, name
    assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}

    pack = unzip_pack(pack_zip(project), tmp_path / "unzipped")
    for page in html_pages(pack):
        html = page.read_text(encoding="utf-8")
        assert external_resources(page) == [], page
        assert "fonts.googleapis.com" not in html and "unpkg.com" not in html, page
        # The offline plugin's search: the local iframe-worker shim, never the CDN's.
        assert re.search(r'<script src="(\.\./)*assets/vendor/iframe-worker/shim\.js"></script>', html), page
        assert broken_links(page, pack) == [], page
    assert (pack / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index =")
    for page in html_pages(site):
        assert external_resources(page) == [], page
        assert "iframe-worker" not in page.read_text(encoding="utf-8"), "the hosted site needs no shim"
        if page.name != "404.html":  # served at any depth, so its links start at the site's root
            assert broken_links(page, site) == [], page


def test_two_builds_of_the_same_commit_are_byte_identical(make_project, tmp_path):
    project = make_small_course(make_project)
    first = tmp_path / "first"
    assert build_outputs(project, PYTHONHASHSEED="1").returncode == 0
    shutil.copytree(project / "site", first / "site")
    shutil.copy(pack_zip(project), first / "pack.zip")

    proc = build_outputs(project, PYTHONHASHSEED="2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    before = {p.relative_to(first / "site"): p.read_bytes() for p in (first / "site").rglob("*") if p.is_file()}
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert sorted(before) == sorted(after)
    assert [name for name in sorted(before) if before[name] != after[name]] == []
    assert (first / "pack.zip").read_bytes() == pack_zip(project).read_bytes()


def test_the_build_needs_no_network(make_project):
    """Both outputs build in a network namespace with no interface up (where one can be made)."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot make a network namespace here (needs unshare and root)")
    project = make_small_course(make_project)
    proc = subprocess.run([unshare, "-n", "--", *build_outputs_command(project)],
                          env=build_env(SOURCE_DATE_EPOCH=str(EPOCH)), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert pack_zip(project).is_file() and (project / "site" / "index.html").is_file()


def git(project: Path, *args: str, **env: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=project,
                   env=build_env(**env), check=True, capture_output=True)


def test_dates_come_from_the_last_commit(make_project):
    config = small_course_config()
    config["site_url"] = "https://example.org/course/"  # the sitemap lists pages only with a site URL
    project = make_project(small_course_files(), config=config)
    git(project, "init", "-q")
    git(project, "add", "-A")
    commit_date = "2024-03-05T06:07:08+00:00"
    git(project, "commit", "-q", "-m", "course", GIT_AUTHOR_DATE=commit_date, GIT_COMMITTER_DATE=commit_date)

    # A plain `mkdocs build` (the reproducible hook) and the build script both take the commit's date.
    env = {k: v for k, v in build_env().items() if k != "SOURCE_DATE_EPOCH"}
    plain = run_mkdocs(project, "--strict", env=env)
    assert plain.returncode == 0, plain.output
    assert "<lastmod>2024-03-05</lastmod>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    with gzip.open(project / "site" / "sitemap.xml.gz") as sitemap:
        assert b"<lastmod>2024-03-05</lastmod>" in sitemap.read()
    commit_day = 1709596800  # 2024-03-05 00:00 UTC: MkDocs dates the gzip header by the day
    assert (project / "site" / "sitemap.xml.gz").read_bytes()[4:8] == commit_day.to_bytes(4, "little")

    proc = subprocess.run([*build_outputs_command(project)], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {i.date_time for i in zipfile.ZipFile(pack_zip(project)).infolist()} == {(2024, 3, 5, 6, 7, 8)}


@pytest.mark.parametrize("config_file", ["mkdocs.yml", "mkdocs.offline.yml"])
def test_external_asset_fails_the_strict_build(make_project, config_file):
    project = make_small_course(make_project)
    chapter = project / "docs" / "chapters" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![A map](https://example.org/map.png)\n",
                       encoding="utf-8")
    result = run_mkdocs(project, "--strict", "-f", config_file)
    assert result.returncode != 0
    assert "External file: https://example.org/map.png" in result.output
    # A link to another site is fine: it is followed only on a click.
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("![A map]", "[A map]"), encoding="utf-8")
    assert run_mkdocs(project, "--strict", "-f", config_file).returncode == 0


def test_pack_without_the_local_search_shim_fails_the_strict_build(make_project):
    """Without the engine's iframe-worker shim the offline plugin would load it from a CDN: caught."""
    project = make_small_course(make_project)
    shutil.rmtree(project / "hooks" / "assets" / "vendor")
    result = run_mkdocs(project, "--strict", "-f", "mkdocs.offline.yml")
    assert result.returncode != 0
    assert "External file: https://unpkg.com/iframe-worker/shim" in result.output


@pytest.mark.parametrize("config_file, page_path", [
    ("mkdocs.yml", "whole-course/index.html"),
    ("mkdocs.offline.yml", "whole-course.html"),
])
def test_whole_course_page_holds_every_chapter_with_working_links(make_project, config_file, page_path):
    project = make_small_course(make_project)
    result = run_mkdocs(project, "--strict", "-f", config_file)
    assert result.returncode == 0, result.output
    site = project / "site"
    page = site / page_path
    html = page.read_text(encoding="utf-8")

    sections = re.findall(r'<section class="whole-course-chapter" aria-labelledby="([^"]+)">\s*<h2 id="\1">([^<]+)(?:<a class="headerlink"[^>]*>[^<]*</a>)?</h2>', html)
    assert sections == [("one", "Chapter one"), ("two", "Chapter two")]  # in nav order
    ids = page_links(page).ids
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert {"one--summary", "two--summary", "one--talks", "one--q-one-pillar-two", "one--references",
            "two--references"} <= set(ids)
    # Chapter headings sit one level below the chapter's title.
    assert '<h3 id="one--summary">' in html and '<h4 id="one--q-one-pillar-two">' in html
    # Links between chapters stay on this page; citations still reach the bibliography.
    assert 'href="#two--summary"' in html and 'href="#two--discussion-questions"' in html
    assert 'href="#one"' in html and 'href="#two"' in html and 'href="#one--summary"' in html
    chapters_html = sum((site / p).read_text(encoding="utf-8").count('class="citation-link"')
                        for p in (page_path.replace("whole-course", "chapters/one"),
                                  page_path.replace("whole-course", "chapters/two")))
    assert html.count('class="citation-link"') == chapters_html > 0
    assert '<abbr title="Responsibility to Protect">R2P</abbr>' in html
    assert broken_links(page, site) == []
    # In the nav of every page, and its table of contents lists the chapters.
    assert re.search(r'<a href="[^"]*whole-course[^"]*" class="md-nav__link">', (site / "index.html").read_text(encoding="utf-8"))
    toc = html[html.index('data-md-component="toc"'):]
    assert toc.index('href="#one"') < toc.index('href="#one--summary"') < toc.index('href="#two"')

    # Not in the search index: each chapter is there already, on its own page.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert not any(loc.startswith("whole-course") for loc in locations)
    assert any(SEARCH_WORD in doc["text"] for doc in index["docs"])


def test_whole_course_reports_an_id_clash(make_project):
    project = make_small_course(make_project)
    # Chapter "one" prefixes its id "x" to "one--x", the id of chapter "one--x" itself.
    one = project / "docs" / "chapters" / "one.md"
    one.write_text(one.read_text(encoding="utf-8") + "\n## Extra {#x}\n", encoding="utf-8")
    (project / "docs" / "chapters" / "one--x.md").write_text("---\ntitle: Odd\nsource: footChinaUnitedStates2011\nthemes: [r2p]\nreading_time: 1\n---\n\nText.\n", encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("- chapters/two.md", "- chapters/two.md\n  - chapters/one--x.md"),
                                        encoding="utf-8")
    result = run_mkdocs(project, "--strict")
    assert result.returncode != 0
    assert "docs/whole-course.md:1:1: the whole-course page has the id 'one--x' 2 times" in result.output


# The real course (conftest.course_outputs): fails until the content builds, as the other course_site tests do.

def test_course_outputs_are_complete(course_outputs, tmp_path):
    site = course_outputs / "site"
    zip_path = course_outputs / "dist" / "china-human-protection-course-pack.zip"
    assert zip_path.is_file()
    pack = unzip_pack(zip_path, tmp_path / "pack")
    # The hosted home page offers the pack (a copy beside it); the pack's own home page does not.
    assert 'href="china-human-protection-course-pack.zip"' in (site / "index.html").read_text(encoding="utf-8")
    assert (site / zip_path.name).read_bytes() == zip_path.read_bytes()
    assert "course-pack.zip" not in (pack / "index.html").read_text(encoding="utf-8")
    chapters = sorted(p.stem for p in (ROOT / "docs" / "chapters").glob("*.md"))
    for folder, whole in ((site, site / "whole-course" / "index.html"), (pack, pack / "whole-course.html")):
        html = whole.read_text(encoding="utf-8")
        found = re.findall(r'<section class="whole-course-chapter" aria-labelledby="([^"]+)">', html)
        assert sorted(found) == chapters
        for page in html_pages(folder):
            assert external_resources(page) == [], page
            if page.name != "404.html":
                assert broken_links(page, folder) == [], page
            # The course's own text carries its licence, on every page.
            assert re.search(r'<div class="md-copyright__highlight">\s*Course text .*CC BY 4\.0', page.read_text(encoding="utf-8")), page
    # The benchmark is the maintainers' (bench/RESULTS.md): not a page, nor in the search, of either output.
    for folder in (site, pack):
        assert not list(folder.rglob("benchmark*")), folder
        index = next(folder.glob("search/search_index.js*")).read_text(encoding="utf-8")
        assert "Benchmark" not in index and "mkdocs-bibtex" not in index
    # The pack has no source maps (only a developer's browser tools read them), nor comments naming them.
    with zipfile.ZipFile(zip_path) as archive:
        assert [n for n in archive.namelist() if n.endswith(".map")] == []
        scripts = [n for n in archive.namelist() if n.endswith((".js", ".css"))]
        assert len(scripts) > 5
        assert [n for n in scripts if b"sourceMappingURL" in archive.read(n)] == []
    assert list(site.rglob("*.map")), "the hosted site keeps them, for whoever debugs it"
