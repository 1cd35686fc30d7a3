"""The benchmark still works: its smallest size, end to end, through the command a developer runs.

Not a timed test: the figures only have to be sane (every variant built, did its job, and was
measured); the targets are for the published results (docs/benchmark.md), not for CI.
"""

from __future__ import annotations

import json
import subprocess

from conftest import ROOT, build_env


def test_the_benchmark_builds_and_measures_all_three_variants(tmp_path):
    out = tmp_path / "bench"
    proc = subprocess.run(
        ["bash", str(ROOT / "bench" / "run.sh"), "--sizes", "4/80", "--runs", "1", "--serve-sizes", "4/80",
         "--edits", "1", "--out", str(out)],
        cwd=ROOT, env=build_env(), capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (size,) = results["sizes"]
    assert (size["chapters"], size["refs"]) == (4, 80)
    assert set(size["variants"]) == {"plain", "ours", "mkdocs-bibtex"}
    for name, variant in size["variants"].items():
        assert variant["status"] == "ok", name
        assert variant["check"]["ok"], (name, variant["check"])
        assert len(variant["seconds"]) == 1 and 0 < variant["seconds"][0] < 300, name
        assert 10 < variant["peak_mb"][0] < 8000, name
    # Each variant's output shows what it did with the citations.
    assert size["variants"]["plain"]["check"]["citations_left_as_text"] > 0
    assert size["variants"]["ours"]["check"]["linked_citations"] > 0
    assert size["variants"]["mkdocs-bibtex"]["check"]["footnote_refs"] > 0
    assert all(ratio > 0 for ratio in size["ratios"].values())
    for name in ("plain", "ours"):
        assert len(size["serve"][name]["wall_seconds"]) == 1 and size["serve"][name]["wall_seconds"][0] > 0, name
    assert size["serve"]["ratio"] > 0

    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| 4 / 80 |" in table and "mkdocs-bibtex" in table and "| target | measured | met |" in table
    assert (out / "benchmark.png").read_bytes().startswith(b"\x89PNG")
    assert not (out / "corpus-4x80" / "site-ours").exists()  # the sites are large: not kept by default
