"""The results as JSON, Markdown tables (with the targets, met or not) and a PNG chart.

Every ratio is taken between figures of the same run, so a slower or busier machine moves all
variants together and the ratios stay comparable.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

LABELS = {"plain": "plain MkDocs", "ours": "this project's hooks", "mkdocs-bibtex": "mkdocs-bibtex"}
PACKAGES = ["mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "bibtexparser", "pylatexenc",
            "mkdocs-bibtex", "pybtex", "matplotlib"]
TIME_RATIO_TARGET = 1.10
PEER_TARGET = 5.0
MEMORY_TARGET = 1.20
REBUILD_TARGET = 1.10
FLAT_TARGET = 1.25  # growth of our per-chapter overhead from 100 chapters to the largest size


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory_gib": round(mem_kb / 2**20, 1),
            "os": platform.platform(), "python": platform.python_version()}


def versions() -> dict:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    root = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    found["project commit"] = commit or "unknown"
    return found


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


# -- Derived figures ------------------------------------------------------------------------------


def summarise(size: dict) -> None:
    """Medians and ratios of one size, in place."""
    variants = size["variants"]
    for data in variants.values():
        data["median_seconds"] = median(data.get("seconds", []))
        data["median_peak_mb"] = median(data.get("peak_mb", []))
        data["median_cpu_seconds"] = median(data.get("cpu_seconds", []))

    def ratio(a: str, b: str, what: str) -> float | None:
        x, y = variants.get(a, {}).get(what), variants.get(b, {}).get(what)
        return round(x / y, 3) if x and y else None

    size["ratios"] = {
        "ours_vs_plain_time": ratio("ours", "plain", "median_seconds"),
        "ours_vs_plain_cpu": ratio("ours", "plain", "median_cpu_seconds"),
        "bibtex_vs_ours_time": ratio("mkdocs-bibtex", "ours", "median_seconds"),
        "ours_vs_plain_memory": ratio("ours", "plain", "median_peak_mb"),
    }
    serve = size.get("serve") or {}
    plain, ours = serve.get("plain", {}), serve.get("ours", {})
    if plain.get("wall_seconds") and ours.get("wall_seconds"):
        for data in (plain, ours):
            data["median_wall"] = median(data["wall_seconds"])
            data["median_reported"] = median(data.get("reported_seconds", []))
        serve["wall_ratio"] = round(ours["median_wall"] / plain["median_wall"], 3)
        # The target is judged on the rebuild itself (MkDocs' figure); the wall time adds the same
        # watcher delay to both, which would flatter the ratio.
        if plain["median_reported"] and ours["median_reported"]:
            serve["ratio"] = round(ours["median_reported"] / plain["median_reported"], 3)
        else:
            serve["ratio"] = serve["wall_ratio"]


def per_chapter_ms(size: dict, variant: str) -> float | None:
    seconds = size["variants"].get(variant, {}).get("median_seconds")
    return seconds * 1000 / size["chapters"] if seconds else None


def overhead_ms(size: dict) -> float | None:
    ours, plain = per_chapter_ms(size, "ours"), per_chapter_ms(size, "plain")
    return ours - plain if ours is not None and plain is not None else None


def targets(results: dict) -> list[dict]:
    sizes = results["sizes"]
    out = []

    def fmt(values, unit="×") -> str:
        return ", ".join(f"{s['chapters']}: {v:.2f}{unit}" for s, v in values) or "not measured"

    time_ratios = [(s, s["ratios"]["ours_vs_plain_time"]) for s in sizes if s["ratios"]["ours_vs_plain_time"]]
    out.append({"target": f"ours ≤ {TIME_RATIO_TARGET:.2f}× plain, at every size", "measured": fmt(time_ratios),
                "met": all(v <= TIME_RATIO_TARGET for _, v in time_ratios) if time_ratios else None})
    peer = [(s, s["ratios"]["bibtex_vs_ours_time"]) for s in sizes if s["chapters"] == 500
            and s["ratios"]["bibtex_vs_ours_time"]]
    out.append({"target": f"≥ {PEER_TARGET:.0f}× faster than mkdocs-bibtex at 500 chapters",
                "measured": fmt(peer), "met": all(v >= PEER_TARGET for _, v in peer) if peer else None})
    base = next((s for s in sizes if s["chapters"] == 100), None)
    largest = max((s for s in sizes if s["chapters"] > 100), key=lambda s: s["chapters"], default=None)
    growth = None
    if base and largest and overhead_ms(base) and overhead_ms(largest) is not None:
        growth = overhead_ms(largest) / overhead_ms(base)
        ours_growth = per_chapter_ms(largest, "ours") / per_chapter_ms(base, "ours")
        plain_growth = per_chapter_ms(largest, "plain") / per_chapter_ms(base, "plain")
        measured = (f"our overhead per chapter ×{growth:.2f} from 100 to {largest['chapters']} chapters "
                    f"(whole build per chapter: ours ×{ours_growth:.2f}, plain ×{plain_growth:.2f})")
    else:
        measured = "not measured"
    out.append({"target": f"time per chapter flat from 100 to 2000 chapters (our overhead grows ≤ {FLAT_TARGET:.2f}×)",
                "measured": measured, "met": growth <= FLAT_TARGET if growth is not None else None})
    memory = [(s, s["ratios"]["ours_vs_plain_memory"]) for s in sizes if s["ratios"]["ours_vs_plain_memory"]]
    out.append({"target": f"peak memory ≤ {MEMORY_TARGET:.2f}× plain, at every size", "measured": fmt(memory),
                "met": all(v <= MEMORY_TARGET for _, v in memory) if memory else None})
    rebuild = [(s, s["serve"]["ratio"]) for s in sizes if (s.get("serve") or {}).get("ratio")]
    out.append({"target": f"`mkdocs serve` rebuild after editing one chapter ≤ {REBUILD_TARGET:.2f}× plain",
                "measured": fmt(rebuild),
                "met": all(v <= REBUILD_TARGET for _, v in rebuild) if rebuild else None})
    return out


# -- Markdown -------------------------------------------------------------------------------------


def _num(value, digits=2, unit="") -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def _cell(size: dict, variant: str, what: str, digits: int) -> str:
    data = size["variants"].get(variant)
    if not data:
        return "—"
    if data.get("status") not in (None, "ok"):
        return data["status"]
    return _num(data.get(what), digits)


def markdown(results: dict) -> str:
    sizes = results["sizes"]
    lines = ["| chapters / works | plain (s) | ours (s) | mkdocs-bibtex (s) | ours ÷ plain | ours ÷ plain, CPU time "
             "| mkdocs-bibtex ÷ ours | plain (MB) | ours (MB) | mkdocs-bibtex (MB) | memory ours ÷ plain | runs |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in sizes:
        r = s["ratios"]
        lines.append(
            f"| {s['chapters']} / {s['refs']} | {_cell(s, 'plain', 'median_seconds', 2)} | "
            f"{_cell(s, 'ours', 'median_seconds', 2)} | {_cell(s, 'mkdocs-bibtex', 'median_seconds', 2)} | "
            f"{_num(r['ours_vs_plain_time'], 2, '×')} | {_num(r['ours_vs_plain_cpu'], 2, '×')} | "
            f"{_num(r['bibtex_vs_ours_time'], 2, '×')} | "
            f"{_cell(s, 'plain', 'median_peak_mb', 0)} | {_cell(s, 'ours', 'median_peak_mb', 0)} | "
            f"{_cell(s, 'mkdocs-bibtex', 'median_peak_mb', 0)} | {_num(r['ours_vs_plain_memory'], 2, '×')} | "
            f"{s['runs']} |")
    lines += ["", "Time per chapter (ms):", "",
              "| chapters / works | plain | ours | mkdocs-bibtex | our overhead |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for s in sizes:
        lines.append(f"| {s['chapters']} / {s['refs']} | {_num(per_chapter_ms(s, 'plain'), 1)} | "
                     f"{_num(per_chapter_ms(s, 'ours'), 1)} | {_num(per_chapter_ms(s, 'mkdocs-bibtex'), 1)} | "
                     f"{_num(overhead_ms(s), 1)} |")
    served = [s for s in sizes if s.get("serve")]
    if served:
        lines += ["", "Rebuild under `mkdocs serve` after editing one chapter: median wall time from the edit "
                  "until the server offers the new version to the browser (as its livereload script sees it), "
                  "and MkDocs' own build figure where it printed one:", "",
                  "| chapters / works | plain, wall (s) | ours, wall (s) | ours ÷ plain, wall | plain, MkDocs' figure (s) "
                  "| ours, MkDocs' figure (s) | ours ÷ plain, MkDocs' figures | edits |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for s in served:
            p, o = s["serve"].get("plain", {}), s["serve"].get("ours", {})
            note = "; ".join(x for x in (p.get("error"), o.get("error")) if x)
            lines.append(f"| {s['chapters']} / {s['refs']} | {_num(p.get('median_wall'))} | "
                         f"{_num(o.get('median_wall'))} | {_num(s['serve'].get('wall_ratio'), 2, '×')} | "
                         f"{_num(p.get('median_reported'))} | {_num(o.get('median_reported'))} | "
                         f"{_num(s['serve'].get('ratio'), 2, '×')} | "
                         f"{len(o.get('wall_seconds', []))}{' (' + note + ')' if note else ''} |")
    lines += ["", "| target | measured | met |", "| --- | --- | --- |"]
    for t in results["targets"]:
        met = "—" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {t['measured']} | {met} |")
    m, v = results["machine"], results["versions"]
    lines += ["", f"Measured {results['finished']} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB), "
              f"{m['os']}, Python {m['python']}; load average {results['load']['start']} at the start, "
              f"{results['load']['end']} at the end.", "",
              "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".", "",
              f"Settings: {results['settings']['cites']} citations per chapter; median of the runs shown per size "
              f"(after {results['settings']['warmup']} warm-up build per variant below 1000 chapters, not counted); each build a "
              f"fresh `python -m mkdocs build --clean`; peak memory is that process's maximum resident set."]
    return "\n".join(lines) + "\n"


# -- Chart ----------------------------------------------------------------------------------------


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results["sizes"], key=lambda s: s["chapters"])
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    colours = {"plain": "#7f7f7f", "ours": "#3f51b5", "mkdocs-bibtex": "#e65100"}
    for variant in ("plain", "ours", "mkdocs-bibtex"):
        points = [(s["chapters"], s["variants"].get(variant, {}).get("median_seconds"),
                   s["variants"].get(variant, {}).get("median_peak_mb")) for s in sizes]
        timed = [(c, t) for c, t, _ in points if t]
        if timed:
            xs, ys = zip(*timed)
            axes[0].plot(xs, ys, "o-", color=colours[variant], label=LABELS[variant])
            axes[1].plot(xs, [y * 1000 / x for x, y in timed], "o-", color=colours[variant], label=LABELS[variant])
        mem = [(c, m) for c, _, m in points if m]
        if mem:
            xs, ys = zip(*mem)
            axes[2].plot(xs, ys, "o-", color=colours[variant], label=LABELS[variant])
    axes[0].set(xscale="log", yscale="log", xlabel="chapters", ylabel="seconds (median)", title="Full build time")
    axes[1].set(xscale="log", xlabel="chapters", ylabel="ms per chapter", title="Time per chapter")
    axes[2].set(xscale="log", xlabel="chapters", ylabel="MB", title="Peak memory of the build")
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
        ax.set_xticks([s["chapters"] for s in sizes], [f"{s['chapters']}\n/{s['refs']}" for s in sizes])
        ax.minorticks_off()
    axes[0].legend()
    m = results["machine"]
    fig.suptitle(f"Citations benchmark, {results['settings']['cites']} citations per chapter — {m['cpu']}, "
                 f"{m['cores']} cores, {results['finished']}", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(results: dict, out: Path) -> None:
    for size in results["sizes"]:
        summarise(size)
    results["targets"] = targets(results)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    if results["settings"].get("chart", True):
        chart(results, out / "benchmark.png")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"

