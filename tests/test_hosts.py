"""The course on the MkDocs 1.x hosts: the site and the pack build strict on MkDocs 1.6.1 (the default),
ProperDocs 1.6.7 and mkdocs-ng 1.8.0, each from its own virtual environment (scripts/setup-host-venv.sh,
kept between runs while its requirements are the same), and agree with the default's page by page:
the same pages, ids, links, citations, backlinks and text. So does the rendered tree (no hooks)."""

from __future__ import annotations

import sys

import pytest

from render_support import (
    GENERATORS, build_tree, copy_project, host_build, host_python, raw_citations, render, sources_env,
)
from site_compare import differences

HOSTS = ["properdocs", "mkdocs-ng"]


@pytest.fixture(scope="module")
def default_builds(tmp_path_factory):
    """The course's site and pack built by MkDocs 1.6.1, the default host, with its hooks."""
    work = tmp_path_factory.mktemp("default-host")
    project = copy_project(work / "project")
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = host_build("mkdocs", sys.executable, project, config, work / site, **sources_env())
        assert built.returncode == 0, built.stdout + built.stderr
    proc = render(project, work / "tree")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return work


@pytest.fixture(scope="module", params=HOSTS)
def host(request, tmp_path_factory, default_builds):
    """One host: its environment, and the course's site and pack as it builds them."""
    name = request.param
    python = host_python(name)
    work = tmp_path_factory.mktemp(name)
    project = copy_project(work / "project")
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = host_build(name, python, project, config, work / site, **sources_env())
        assert built.returncode == 0, f"{name}, {config}:\n{built.stdout}{built.stderr}"
    return name, python, work


@pytest.mark.parametrize("output", ["site", "pack"])
def test_the_host_builds_the_course_as_the_default_does(host, default_builds, output):
    name, _, work = host
    # Built by the host itself, not by MkDocs 1.6.1 (which its environment does not hold).
    assert GENERATORS[name] in (work / output / "index.html").read_text(encoding="utf-8")
    assert differences(default_builds / output, work / output) == []
    assert raw_citations(work / output) == {}


def test_the_host_builds_the_rendered_tree_without_hooks(host, default_builds, tmp_path):
    name, python, _ = host
    tree = tmp_path / "tree"
    import shutil

    shutil.copytree(default_builds / "tree", tree)
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = host_build(name, python, tree, config, tree / site)
        assert built.returncode == 0, built.stdout + built.stderr
        assert differences(default_builds / site, tree / site) == []
