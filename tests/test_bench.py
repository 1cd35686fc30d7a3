"""The benchmark still works: its smallest size, end to end, through the command a developer runs.

Not a timed test: the figures only have to be sane (every variant built, did its job, and was
measured); the targets are for the published results (bench/RESULTS.md, for the maintainers), not
for CI.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from bench import publish
from conftest import ROOT, build_env


VARIANTS = {"plain", "plain-pages", "ours", "mkdocs-bibtex", "mkdocs-bibtex-csl"}


def test_the_benchmark_builds_and_measures_every_variant(tmp_path):
    out = tmp_path / "bench"
    proc = subprocess.run(
        ["bash", str(ROOT / "bench" / "run.sh"), "--sizes", "4/80", "--runs", "1", "--serve-sizes", "4/80",
         "--edits", "1", "--dirty-sizes", "4/80", "--dirty-edits", "1", "--out", str(out)],
        cwd=ROOT, env=build_env(), capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (size,) = results["sizes"]
    assert (size["chapters"], size["refs"]) == (4, 80)
    assert set(size["variants"]) == VARIANTS
    for name, variant in size["variants"].items():
        assert variant["status"] == "ok", name
        assert variant["check"]["ok"], (name, variant["check"])
        assert len(variant["seconds"]) == 1 and 0 < variant["seconds"][0] < 300, name
        assert 10 < variant["peak_mb"][0] < 8000, name
    # Each variant's output shows what it did with the citations.
    checks = {name: variant["check"] for name, variant in size["variants"].items()}
    assert checks["plain"]["citations_left_as_text"] > 0
    # The floor builds the render's tree: the citations are in it already, as ours writes them.
    assert checks["plain-pages"]["citations_left_as_text"] == 0 and checks["plain-pages"]["linked_citations"] > 0
    assert checks["ours"]["linked_citations"] > 0
    assert checks["mkdocs-bibtex"]["footnote_refs"] > 0
    # The like-for-like peer writes Chicago author-date; the pybtex one does not.
    assert checks["mkdocs-bibtex-csl"]["chicago_in_text"] > 0 and checks["mkdocs-bibtex-csl"]["chicago_references"] > 0
    assert checks["mkdocs-bibtex"]["chicago_in_text"] == 0
    # The page-matched floor has ours' pages; plain has fewer.
    assert checks["plain-pages"]["pages"] == checks["ours"]["pages"] > checks["plain"]["pages"]
    assert all(ratio > 0 for ratio in size["ratios"].values())
    for name in ("plain", "plain-pages", "ours"):
        assert len(size["serve"][name]["wall_seconds"]) == 1 and size["serve"][name]["wall_seconds"][0] > 0, name
    assert size["serve"]["floor"] == "plain-pages" and size["serve"]["ratio"] > 0
    assert set(size["serve"]["vs"]) == {"plain", "plain-pages"}
    # A dirty build after one edit, for ours and the floor, and its ratio to ours' full build.
    for name in ("plain-pages", "ours"):
        assert not size["dirty"][name]["error"] and len(size["dirty"][name]["seconds"]) == 1, name
    assert 0 < size["dirty"]["ours"]["vs_full"] < 5

    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| 4 / 80 |" in table and "| target | measured | met |" in table
    assert "mkdocs-bibtex-csl ÷ ours" in table and "ours ÷ plain-pages" in table
    # Each verdict says what it is judged against, and shows the other figures too.
    (time_target,) = [t for t in results["targets"] if t["target"].startswith("ours ≤")]
    assert time_target["judged_on"].startswith("plain-pages") and "vs plain (fewer pages)" in time_target["measured"]
    assert (out / "benchmark.png").read_bytes().startswith(b"\x89PNG")
    assert not (out / "corpus-4x80" / "site-ours").exists()  # the sites are large: not kept by default
    assert (out / "corpus-4x80" / "render" / "docs" / "whole-course.md").exists()
    assert "`mkdocs build --dirty` after editing one chapter" in table and "Jupyter Book 2" in table

    # --publish writes the maintainers' page and its chart side by side (here into a scratch folder,
    # not over bench/RESULTS.md): the table, how to reproduce it, and a chart the page's link finds.
    page = publish.publish(out, into=tmp_path / "dev-docs")
    text = page.read_text(encoding="utf-8")
    assert "| 4 / 80 |" in text and "bench/run.sh" in text
    (chart,) = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert (page.parent / chart).read_bytes() == (out / "benchmark.png").read_bytes()


def test_the_published_results_are_for_maintainers_not_the_course():
    """bench/RESULTS.md, linked from the README; no page of the course's site, search or pack."""
    assert (ROOT / "bench" / publish.PAGE).is_file() and (ROOT / "bench" / publish.CHART).is_file()
    assert "(bench/RESULTS.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert not list((ROOT / "docs").rglob("benchmark*"))
    assert "benchmark" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").lower()


def test_a_capped_variant_is_reported_as_not_run(tmp_path):
    """Above its --max-chapters cap a variant is not built, and the report says so (not a failure)."""
    out = tmp_path / "bench"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "4/80", "--runs", "1", "--warmup", "0", "--serve-sizes", "",
         "--variants", "plain,mkdocs-bibtex-csl", "--max-chapters", "mkdocs-bibtex-csl=2", "--no-chart",
         "--out", str(out)],
        cwd=ROOT, env=build_env(), capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (size,) = results["sizes"]
    assert size["variants"]["mkdocs-bibtex-csl"]["status"] == "not run (> 2 chapters)"
    assert size["variants"]["mkdocs-bibtex-csl"]["seconds"] == []
    assert "not run (> 2 chapters)" in (out / "results.md").read_text(encoding="utf-8")
