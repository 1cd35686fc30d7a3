"""Zensical (which runs no MkDocs hook) on the rendered tree: every page there, every citation rendered
(none left as ``[@…`` text), the same anchors, citations and backlinks as the hooks' build, and the pack
sending no request off the machine. Zensical 0.0.73 is the newest that installs from the package index
here (requirements-host-zensical.txt says why); where it does not install, this module is skipped, and
says so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import build_env
from outputs_support import broken_links, external_resources
from render_support import (
    copy_project, host_python, raw_citations, render,
)
from site_compare import CONTENT, differences, html_pages

@pytest.fixture(scope="module")
def zensical(tmp_path_factory, course_site, course_pack):
    try:
        python = host_python("zensical")
    except RuntimeError as exc:
        pytest.skip(f"SKIPPED: Zensical does not install here, so the rendered tree is not built with it: {exc}")
    work = tmp_path_factory.mktemp("zensical")
    project = copy_project(work / "project")
    (work / "hooks-site").symlink_to(course_site.site)
    (work / "hooks-pack").symlink_to(course_pack)
    proc = render(project, work / "tree", "--host", "zensical")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    command = Path(python).parent / "zensical"
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = subprocess.run([str(command), "build", "--strict", "--config-file", config], cwd=work / "tree",
                               env=build_env(NO_COLOR="1"), capture_output=True, text=True, timeout=600)
        assert built.returncode == 0 and "No issues found" in built.stdout + built.stderr, built.stdout + built.stderr
        shutil.move(work / "tree" / "site", work / site)
    return work


@pytest.mark.parametrize("output", ["site", "pack"])
def test_zensical_builds_every_page_with_its_citations(zensical, output):
    ours, theirs = zensical / f"hooks-{output}", zensical / output
    assert set(html_pages(ours)) <= set(html_pages(theirs))
    assert raw_citations(theirs) == {}
    assert differences(ours, theirs, CONTENT) == []


def test_zensicals_pack_sends_no_request_off_the_machine(zensical):
    pack = zensical / "pack"
    for page in sorted(pack.rglob("*.html")):
        assert external_resources(page) == [], page
        if page.name != "404.html":
            assert broken_links(page, pack) == [], page
    # In Chromium, from file://: the pages (with their search index and scripts) and a citation's hover
    # ask nothing of another host: the CDN addresses Zensical's bundle names stay unused.
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 1366, "height": 900})

        def route(request_route):
            if request_route.request.url.startswith(("file://", "data:", "blob:")):
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        for name in ("index.html", "chapters/foot-human-protection.html", "bibliography.html", "whole-course.html"):
            page.goto((pack / name).as_uri())
            page.wait_for_load_state("load")
        citation = page.locator("a.citation-link").first
        citation.hover()
        assert citation.get_attribute("data-reference")
        page.wait_for_timeout(500)
        browser.close()
    assert outside == [], outside


def test_zensical_ignores_the_hooks_and_the_smoke_check_counts_what_it_leaves(zensical, tmp_path):
    """Why the render exists: Zensical builds the course itself (hooks and all) "successfully", with
    every citation left as pandoc text, and the raw-citation check says so."""
    project = zensical / "project"
    command = Path(host_python("zensical")).parent / "zensical"
    built = subprocess.run([str(command), "build", "--config-file", "mkdocs.yml"], cwd=project,
                           env=build_env(NO_COLOR="1"), capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    raw = raw_citations(project / "site")
    assert raw.get("chapters/foot-human-protection/index.html", 0) > 50, raw
