"""The course on the MkDocs 1.x hosts: the site and the pack build strict on MkDocs 1.6.1 (the default),
ProperDocs 1.6.7 and mkdocs-ng 1.8.0, each from its own virtual environment (scripts/setup-host-venv.sh,
kept between runs while its requirements are the same), and agree with the default's page by page:
the same pages, ids, links, citations, backlinks and text. So does the rendered tree (no hooks)."""

from __future__ import annotations

import shutil

import pytest

from render_support import (
    GENERATORS, copy_project, host_build, host_python, raw_citations, sources_env,
)
from site_compare import differences

HOSTS = ["properdocs", "mkdocs-ng"]


@pytest.fixture(scope="module", params=HOSTS)
def host(request, tmp_path_factory):
    """One host: its environment, and the course's site and pack as it builds them."""
    name = request.param
    python = host_python(name)
    work = tmp_path_factory.mktemp(name)
    project = copy_project(work / "project")
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = host_build(name, python, project, config, work / site, **sources_env())
        assert built.returncode == 0, f"{name}, {config}:\n{built.stdout}{built.stderr}"
    return name, python, work


@pytest.fixture
def default_outputs(course_site, course_pack):
    return {"site": course_site.site, "pack": course_pack}


@pytest.mark.parametrize("output", ["site", "pack"])
def test_the_host_builds_the_course_as_the_default_does(host, default_outputs, output):
    name, _, work = host
    # Built by the host itself, not by MkDocs 1.6.1 (which its environment does not hold).
    assert GENERATORS[name] in (work / output / "index.html").read_text(encoding="utf-8")
    assert differences(default_outputs[output], work / output) == []
    assert raw_citations(work / output) == {}


def test_the_host_builds_the_rendered_tree_without_hooks(host, default_outputs, rendered_course, tmp_path):
    name, python, _ = host
    tree = tmp_path / "tree"
    shutil.copytree(rendered_course, tree, ignore=shutil.ignore_patterns("site", "pack"))
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = host_build(name, python, tree, config, tree / site)
        assert built.returncode == 0, built.stdout + built.stderr
        assert differences(default_outputs[site], tree / site) == []
