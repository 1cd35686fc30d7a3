"""Hostile input: what a careless or malicious pull request can put in the course's files.

A pull request is untrusted, and its preview is opened by a reviewer. Each case below is a small
project built for real (``mkdocs build``) and checked (``coursekit check``): both must exit with the
same status and list the same located problems, each expected one exactly, never a traceback.
The markup case reads the built HTML of every page against a clean build's; the YAML bombs are
timed and their peak memory measured.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from check_support import run_check
from conftest import build_env, run_mkdocs

FOOT = "footChinaUnitedStates2011"
BELLAMY = "bellamyChangingFaceHumanitarian2015"
PAGE = f"# Page\n\nSee [@{FOOT}] and [@{BELLAMY}].\n"
LINK_FIX = "link to an http(s) address or a page of the course"
SECRET = "SECRET-OUTSIDE-THE-PROJECT-7f3a"


def chapter(title: str) -> str:
    """A chapter with every required part, its title as given (a YAML scalar)."""
    parts = "".join(f"\n## {name} {{#{anchor}}}\n\nText [@{FOOT}, p. 2].\n" for anchor, name in (
        ("learning-objectives", "Learning objectives"), ("summary", "Summary"), ("key-arguments", "Key arguments"),
        ("key-figures", "Key figures"), ("key-terms", "Key terms"), ("connections", "Connections to other chapters"),
        ("key-points", "Key points")))
    return (f"---\ntitle: {title}\nsource: {FOOT}\nthemes: [r2p]\nreading_time: 5\n---\n\n"
            f"# The chapter\n{parts}\n## Discussion questions {{#discussion-questions}}\n\n"
            f"### Why? {{#why data-guide=\"r2p\"}}\n\n??? note \"Notes for instructors\"\n    Because.\n")


# -- YAML bombs: refused at once, at their place ---------------------------------------------------

def laughs(indent: str = "", levels: int = 9) -> str:
    """Nine aliases of nine aliases of …: about 900 characters that expand to 9**levels values."""
    lines = [f'{indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "".join(line + "\n" for line in lines)


def merges(levels: int = 9) -> str:
    """The same through merge keys: each mapping merges nine copies of the one before."""
    lines = ["m0: &m0 {a: 1, b: 2, c: 3}"]
    for level in range(1, levels):
        lines.append(f"m{level}: &m{level} {{<<: [" + ", ".join([f"*m{level - 1}"] * 9) + f"], k{level}: v}}")
    return "".join(line + "\n" for line in lines)


# 10,000 characters, on lines short enough for libyaml, copied by 2,000 aliases
LONG_TEXT = ("long: &t |-\n" + "".join("  " + "x" * 99 + "\n" for _ in range(100)) + "many:\n"
             + "  - *t\n" * 2_000)
BOMB_FIX = "repeat less, or write the values out: each alias copies everything its anchor holds"
LIMIT = 100_000  # a document of up to 10,000 characters may expand to 100,000, a longer one to ten times itself


def first_over_limit(first: int, step) -> tuple[int, int]:
    """(level, length) of the first level whose value, aliases written out, is longer than LIMIT:
    as the budget counts, a scalar is its characters and one more, a list or mapping one more."""
    level, length = 0, first
    while length <= LIMIT:
        level, length = level + 1, step(length)
    return level, length


LAUGH = first_over_limit(1 + 9 * (1 + len("lol")), lambda below: 1 + 9 * below)  # l: [*l, *l, … nine times]


def _merge_bomb() -> tuple[int, int]:
    mapping, level = 1 + 3 * (2 + 2), 0  # m0: {a: 1, b: 2, c: 3}
    while True:
        level += 1
        copies = 1 + 9 * mapping  # [*m, … nine times]: over the limit before the mapping that holds it
        if copies > LIMIT:
            return level, copies
        mapping = 1 + (1 + 2) + copies + (1 + 2) + (1 + 1)  # {<<: [copies], kN: v}


MERGE = _merge_bomb()
LONG = 100 * 100 - 1  # the block scalar's text: 100 lines of 99 characters and their line breaks, the last dropped
LONG_WRITTEN = 1 + (1 + len("long")) + (1 + LONG) + (1 + len("many")) + 1  # aliases are not written out


def bomb_message(path: str, line: int, col: int, anchor: str, length: int, limit: int = LIMIT) -> str:
    what = f"'&{anchor}'" if anchor else "this value"
    return (f"{path}:{line}:{col}: {what}, its aliases written out, would be {length:,} characters long, "
            f"over this file's limit of {limit:,} — {BOMB_FIX}")


@pytest.mark.parametrize("text, message", [
    (laughs(), bomb_message("f.yml", LAUGH[0] + 1, 5, f"l{LAUGH[0]}", LAUGH[1])),
    # The list of merged copies is over the limit before the mapping that holds it.
    (merges(), bomb_message("f.yml", MERGE[0] + 1, 14, "", MERGE[1])),  # m0 on line 1
    (LONG_TEXT, bomb_message("f.yml", 103, 3, "", 1 + 2_000 * (1 + LONG), 10 * LONG_WRITTEN)),
    ("a: &a [x, *a]\n", "f.yml:1:11: the alias '*a' stands inside its own anchor '&a' (line 1): the value would "
                        "hold itself — write the value out instead of the alias"),
], ids=["nested-lists", "merge-keys", "one-long-text-many-times", "alias-inside-its-anchor"])
def test_a_yaml_bomb_is_refused_at_its_place_in_milliseconds_and_kilobytes(text, message):
    from coursekit import yamlpos

    tracemalloc.start()
    started = time.perf_counter()
    data, problems = yamlpos.load(text, "f.yml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert data is None and [str(problem) for problem in problems] == [message]
    assert elapsed < 0.25, f"{elapsed:.2f} s"
    assert peak < 4 * 2**20, f"{peak / 2**20:.1f} MiB"  # the text is 20 kB at most


def test_anchors_and_aliases_within_the_budget_still_work():
    from coursekit import yamlpos

    text = ("defaults: &defaults {status: required, minutes: 10}\nterms: &terms [r2p, p5, sovereignty]\n"
            "themes:\n" + "".join(f"  - {{id: t{i}, <<: *defaults, terms: *terms}}\n" for i in range(30))
            + "override: {<<: *defaults, minutes: 20}\n" + laughs(levels=4))
    data, problems = yamlpos.load(text, "f.yml")
    assert problems == []
    assert data["themes"][29] == {"id": "t29", "status": "required", "minutes": 10,
                                  "terms": ["r2p", "p5", "sovereignty"]}
    # A merged key the mapping overrides is YAML's merge, not a key written twice.
    assert data["override"] == {"status": "required", "minutes": 20}
    assert len(data["l3"]) == 9 and data["l3"][8][8][8] == ["lol"] * 9


# -- Pages, files and snippets: the build and the check agree --------------------------------------

@dataclass
class Case:
    id: str
    files: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # exactly as printed, "path:line:col: what — fix"
    course_yml: str | None = None
    setup: object = None  # called with the project folder, for what files cannot say (links)


def build_errors(output: str) -> list[str]:
    """The errors the build lists (hooks/report.py): one per line, indented, after the count."""
    if "problem(s) in the course:" not in output:
        return []
    listing = output[output.index("problem(s) in the course:"):].splitlines()[1:]
    return [line[2:] for line in listing if line.startswith("  ")]


def check_errors(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line and ": warning: " not in line]


def _link_out(name: str, target: str):
    def setup(project: Path):
        outside = project.parent / "outside"
        (outside / "folder").mkdir(parents=True, exist_ok=True)
        for path in (outside / "secret.md", outside / "secret.txt", outside / "folder" / "inside.md"):
            path.write_text(f"# {SECRET}\n", encoding="utf-8")
        (outside / "notes.yml").write_text(f"source: {SECRET}\n", encoding="utf-8")
        link = project / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside / target)
    return setup


def _links_out(*pairs):
    def setup(project: Path):
        for name, target in pairs:
            _link_out(name, target)(project)
    return setup


CONTROL_PAGE = ("# Page\n\nA NUL \x00 here, and \x00 again.\n\nAn escape \x1b[31m, a bell \x07.\n\n"
                "A DEL \x7f; a NEL \x85.\n")
CONTROL_FIX = "delete it (an editor may show it as a box, or not at all)"

PAGE_CASES = [
    # Deeper than libyaml's stack: MkDocs, which reads front matter with it, crashed (a segmentation fault).
    Case("front-matter-nested-deeper-than-libyaml-survives",
         {"docs/page.md": PAGE, "docs/deep.md": "---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n\n# A\n"},
         ["docs/deep.md:2:1: the YAML nests too deeply — flatten the structure"]),
    Case("control-characters-in-a-page",
         {"docs/page.md": PAGE, "docs/controls.md": CONTROL_PAGE,
          "docs/chapters/one.md": chapter("'A \x00 title'"),
          # Pages MkDocs leaves out by default are read by neither.
          "docs/.drafts/two.md": "# Two \x00\n", "docs/templates/three.md": "# Three \x00\n"},
         [f"docs/controls.md:3:7: the control character U+0000 NUL is not text — {CONTROL_FIX}",
          f"docs/controls.md:5:11: the control character U+001B ESC is not text — {CONTROL_FIX}",
          f"docs/controls.md:7:7: the control character U+007F DEL is not text — {CONTROL_FIX}",
          f"docs/chapters/one.md:2:11: the control character U+0000 NUL is not text — {CONTROL_FIX}"]),
    Case("links-out-of-the-project-under-docs",
         {"docs/page.md": PAGE},
         ["docs/leak.md:1:1: this file is a link to '{outside}/secret.md', outside the project — copy the file "
          "into the project instead of linking to it: nothing from outside the project is published",
          "docs/leak.txt:1:1: this file is a link to '{outside}/secret.txt', outside the project — copy the file "
          "into the project instead of linking to it: nothing from outside the project is published",
          "docs/leaks:1:1: this folder is a link to '{outside}/folder', outside the project — copy the folder "
          "into the project instead of linking to it: nothing from outside the project is published",
          "docs/gone.md:1:1: this file is a link to '{outside}/gone.md', which does not exist — "
          "fix the link, or remove it",
          # A notes map is never read from outside either: its text would reach the messages.
          "bibliography/notes/leak.yml:1:1: this file is a link to '{outside}/notes.yml', outside the project — "
          "copy the file into the project instead of linking to it"],
         setup=_links_out(("docs/leak.md", "secret.md"), ("docs/leak.txt", "secret.txt"), ("docs/leaks", "folder"),
                          ("docs/gone.md", "gone.md"), ("bibliography/notes/leak.yml", "notes.yml"))),
    Case("snippets-that-read-outside-the-project",
         {"docs/page.md": PAGE + '\n--8<-- "../outside/secret.txt"\n\n--8<-- "/etc/hostname"\n\n'
                                 '--8<-- "includes/link.txt"\n\n--8<-- "includes/nested.md"\n\n'
                                 '--8<-- "https://example.org/x.md"\n',
          "includes/nested.md": 'Nested:\n\n--8<-- "../outside/secret.md"\n'},
         ["docs/page.md:5:9: the snippet '../outside/secret.txt' lies outside the snippet folders — "
          "include only files under the snippets base_path of mkdocs.yml, inside the project",
          "docs/page.md:7:9: the snippet '/etc/hostname' lies outside the snippet folders — "
          "include only files under the snippets base_path of mkdocs.yml, inside the project",
          "docs/page.md:9:9: the snippet 'includes/link.txt' is a link to '{outside}/secret.txt', outside the "
          "project — copy the file into the project instead of linking to it",
          "includes/nested.md:3:9: the snippet '../outside/secret.md' lies outside the snippet folders — "
          "include only files under the snippets base_path of mkdocs.yml, inside the project",
          "docs/page.md:13:9: the snippet 'https://example.org/x.md' is a web address — "
          "copy the file into the project and include it from there: a build never downloads"],
         setup=_link_out("includes/link.txt", "secret.txt")),
]


# -- Text from course files on generated pages -----------------------------------------------------


GUIDES_LINKS = f"""\
themes:
  - id: r2p
    title: "[R2P](javascript:alert(1))"
    why: See [this](data:text/html;base64,PHNjcmlwdD4=) and [@{FOOT}, p. 3].
    works:
      - key: {FOOT}
        note: "[read it](JaVaScRiPt:alert(2))"
sessions:
  - title: "[Week 1](vbscript:msgbox)"
    read: [guide:r2p]
"""
TITLE_LINK = "---\ntitle: '[Page](javascript:alert(5))'\n---\n\n# A\n"  # the generated pages render it
GLOSSARY_LINKS = f"""\
- id: r2p
  term: R2P
  expansion: "[Responsibility to Protect](javascript:alert(3))"
  definition: A norm [see](//evil.example/x) [@{FOOT}, p. 4].
"""

TEXT_CASES = [
    Case("links-refused-in-every-course-file",
         {"docs/page.md": PAGE, "course/guides.yml": GUIDES_LINKS, "course/glossary.yml": GLOSSARY_LINKS,
          "docs/title.md": TITLE_LINK},
         [f"course/guides.yml:3:12: a link to 'javascript:alert(1)' is not allowed — {LINK_FIX}",
          f"course/guides.yml:4:10: a link to 'data:text/html;base64,PHNjcmlwdD4=' is not allowed — {LINK_FIX}",
          f"course/guides.yml:7:15: a link to 'JaVaScRiPt:alert(2)' is not allowed — {LINK_FIX}",
          f"course/guides.yml:9:12: a link to 'vbscript:msgbox' is not allowed — {LINK_FIX}",
          f"course/glossary.yml:3:14: a link to 'javascript:alert(3)' is not allowed — {LINK_FIX}",
          f"course/glossary.yml:4:15: a link to '//evil.example/x' is not allowed — {LINK_FIX}",
          f"docs/title.md:2:8: a link to 'javascript:alert(5)' is not allowed — {LINK_FIX}"]),
    Case("theme-ids-that-are-not-slugs",
         {"docs/page.md": PAGE, "course/guides.yml": "themes:\n"
          "  - id: ../../evil\n    title: Evil\n    why: Out of the guides folder.\n"
          "  - id: Two Words\n    title: Spaces\n    why: Not a slug.\n"
          "  - id: r2p/x\n    title: Slash\n    why: A folder.\n"
          "  - id: r2p\n    title: R2P\n    why: Fine.\n"},
         [f"course/guides.yml:{line}:9: theme id '{theme}' is not a lower-case slug — use lower-case letters, "
          "digits and hyphens: it names the guide's page, guides/<id>.md"
          for line, theme in ((2, "../../evil"), (5, "Two Words"), (8, "r2p/x"))]),
]


# -- Front matter the theme reads ------------------------------------------------------------------

BAD_FRONT_MATTER = {
    "docs/icon.md": ("---\nicon: ../../../../etc/passwd\n---\n\n# A\n",
                     "docs/icon.md:2:7: 'icon' names no icon of the theme: '../../../../etc/passwd' — "
                     "name an icon as the theme lists it, e.g. icon: material/book-open-variant"),
    "docs/icon2.md": ("---\nicon: material/no-such-icon\n---\n\n# A\n",
                      "docs/icon2.md:2:7: 'icon' names no icon of the theme: 'material/no-such-icon' — "
                      "name an icon as the theme lists it, e.g. icon: material/book-open-variant"),
    "docs/status.md": ("---\nstatus: 'new\" onmouseover=\"alert(1)'\n---\n\n# A\n",
                       "docs/status.md:2:9: 'status' must be a status name, not 'new\" onmouseover=\"alert(1)' — "
                       "write status: new, or deprecated, or a name set under extra.status in mkdocs.yml"),
    "docs/template.md": ("---\ntemplate: ../../etc/passwd\n---\n\n# A\n",
                         "docs/template.md:2:11: 'template' names no template of the theme: '../../etc/passwd' — "
                         "name a template of the theme or of its custom_dir, e.g. template: main.html"),
    "docs/hide.md": ("---\nhide: 5\n---\n\n# A\n",
                     "docs/hide.md:2:7: 'hide' must be a list of what to hide — write hide: [navigation, toc]"),
    "docs/search.md": ("---\nsearch: 5\n---\n\n# A\n",
                       "docs/search.md:2:9: 'search' must be a mapping with 'exclude' or 'boost' — write search: "
                       "{exclude: true} (out of the search), or search: {boost: 2} (ranked higher)"),
    "docs/subtitle.md": ("---\nsubtitle: {x: '<b>bold</b>'}\n---\n\n# A\n",
                         "docs/subtitle.md:2:11: 'subtitle' must be text — "
                         "write subtitle: \"A few words under the title in the navigation\" (in quotes)"),
    "docs/description.md": ("---\ndescription: ['\" onload=\"alert(1)']\n---\n\n# A\n",
                            "docs/description.md:2:14: 'description' must be text — "
                            "write description: \"One sentence on what the page holds\" (in quotes)"),
    "docs/comments.md": ("---\ncomments: yes please\n---\n\n# A\n",
                         "docs/comments.md:2:11: 'comments' must be true or false — write comments: true"),
    "docs/tags.md": ("---\ntags: 5\n---\n\n# A\n",
                     "docs/tags.md:2:7: 'tags' must be a list of tags — write tags: [sovereignty, r2p]"),
}

FRONT_MATTER_CASES = [
    Case("front-matter-the-theme-would-print-or-look-up",
         {"docs/page.md": PAGE, **{name: text for name, (text, _) in BAD_FRONT_MATTER.items()}},
         [message for _, message in BAD_FRONT_MATTER.values()]),
]


CASES = PAGE_CASES + TEXT_CASES + FRONT_MATTER_CASES


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_build_and_the_check_report_the_same_located_problems(make_project, case):
    project = make_project(case.files, course_yml=case.course_yml)
    if case.setup:
        case.setup(project)
    built, checked = run_mkdocs(project), run_check(project)
    outside = str((project.parent / "outside").resolve())
    expected = sorted(message.replace("{outside}", outside) for message in case.errors)
    for name, status, output in (("build", built.returncode, built.output), ("check", checked.returncode,
                                                                            checked.output)):
        assert "Traceback" not in output, f"{name}:\n{output}"
        assert status == 1, f"{name} exited {status}:\n{output}"
    assert sorted(build_errors(built.output)) == expected, built.output
    assert sorted(check_errors(checked.stdout)) == expected, checked.output
    assert SECRET not in built.output + checked.output  # not even in a message
    # Nothing from outside the project, and no control character, reaches the site (a failed build writes none).
    for path in built.site.rglob("*.*") if built.site.exists() else ():
        if path.suffix in (".html", ".json", ".xml", ".txt", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text and "\x00" not in text, path


# -- YAML bombs in every file the course reads -----------------------------------------------------

def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))  # an unbounded bomb fails fast, not the machine


def measured(args: list[str], project: Path, **env: str) -> tuple[int, str, float, float]:
    """Exit status, output, seconds and peak memory (MiB, the child's own maximum resident set)."""
    with open(project.parent / "measured.out", "w+b") as out:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, *args], cwd=project, env=build_env(**env), stdout=out,
                                stderr=subprocess.STDOUT, preexec_fn=_limit_memory)
        watchdog = threading.Timer(120, proc.kill)  # an unbounded bomb ends as a failure, not a hang
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        elapsed = time.monotonic() - started
        out.seek(0)
        output = out.read().decode("utf-8", errors="replace")
    return os.waitstatus_to_exitcode(status), output, elapsed, usage.ru_maxrss / 1024


BOMBS = {
    "course/course.yml": "x:\n" + laughs("  ") + "bibliography: *l8\n",
    "course/guides.yml": "x:\n" + laughs("  ") + "themes:\n  - id: r2p\n    title: R2P\n    why: *l8\n",
    "course/glossary.yml": "- x:\n" + laughs("    ") + "  id: r2p\n  term: R2P\n  definition: *l8\n",
    "bibliography/notes/foot.yml": f"source: {FOOT}\nx:\n" + laughs("  ") + "mentions: *l8\n",
    "docs/bomb.md": "---\nx:\n" + laughs("  ") + "title: *l8\n---\n\n# A\n",
    "docs/merge.md": "---\n" + merges() + "---\n\n# A\n",
}
# Each file's anchors start on its second line (the front matter's on the file's third).
BOMB_ERRORS = [bomb_message(path, first + LAUGH[0], col, f"l{LAUGH[0]}", LAUGH[1]) for path, first, col in (
    ("course/course.yml", 2, 7), ("course/guides.yml", 2, 7), ("course/glossary.yml", 2, 9),
    ("bibliography/notes/foot.yml", 3, 7), ("docs/bomb.md", 3, 7))] + [
    bomb_message("docs/merge.md", 2 + MERGE[0], 14, "", MERGE[1])]


def test_yaml_bombs_in_every_course_file_fail_the_build_and_the_check_at_once(make_project):
    clean = make_project({"docs/page.md": PAGE})
    clean_build = measured(["-m", "mkdocs", "build", "--site-dir", "site"], clean)
    clean_check = measured(["-m", "coursekit", "check"], clean, PYTHONPATH=str(clean / "hooks"))
    assert clean_build[0] == 0 and clean_check[0] == 0, clean_build[1] + clean_check[1]

    project = make_project({"docs/page.md": PAGE, **{k: v for k, v in BOMBS.items() if k != "course/course.yml"}},
                           course_yml=BOMBS["course/course.yml"])
    built = measured(["-m", "mkdocs", "build", "--site-dir", "site"], project)
    checked = measured(["-m", "coursekit", "check"], project, PYTHONPATH=str(project / "hooks"))
    for name, (status, output, seconds, peak), (_, _, clean_seconds, clean_peak) in (
            ("build", built, clean_build), ("check", checked, clean_check)):
        assert "Traceback" not in output and status == 1, f"{name} exited {status}:\n{output}"
        # Refusing the bombs costs next to nothing over reading a clean course (before: 35 s and 3 GiB each).
        assert seconds < clean_seconds + 2, f"{name}: {seconds:.1f} s, clean {clean_seconds:.1f} s"
        assert peak < clean_peak + 16, f"{name}: {peak:.0f} MiB, clean {clean_peak:.0f} MiB"
    print(f"clean build {clean_build[2]:.2f} s {clean_build[3]:.0f} MiB, bombs {built[2]:.2f} s {built[3]:.0f} MiB; "
          f"clean check {clean_check[2]:.2f} s {clean_check[3]:.0f} MiB, bombs {checked[2]:.2f} s {checked[3]:.0f} MiB")
    assert sorted(build_errors(built[1])) == sorted(BOMB_ERRORS), built[1]
    assert sorted(check_errors(checked[1])[:-1]) == sorted(BOMB_ERRORS), checked[1]


# -- Markup in course files reaches every page as text ---------------------------------------------

PAYLOADS = {  # what each value carries, and the words that must still show, as text
    "title": "R2P </title><script>alert('title')</script> *and* {: onclick=\"alert(1)\"}",
    "why": ("Why <img src=x onerror=alert('why')> [a page](https://example.org/why) [@" + FOOT + ", p. 3].\n\n"
            "--8<-- \"/etc/hostname\"\n\n!!! danger \"<svg onload=alert('admonition')>\"\n\n"
            "*[HTML]: <script>alert('abbr-in-why')</script>\n\n<iframe src=\"javascript:alert(1)\"></iframe>\n"),
    "note": "<svg onload=alert('note')> read it",
    "session": "\"><script>alert('session')</script>",
    "expansion": "Responsibility to Protect\n<script>alert('abbr')</script>\n*[HTML]: pwned\n",
    "definition": "A norm <b onmouseover=alert('definition')>bold</b> [@" + FOOT + ", p. 4].\n\n| a | b |\n",
    "chapter": "'Chapter [x](https://example.org/y) | a {: onclick=alert(1)} ![i](https://example.org/i.png)'",
}


def markup_project(make_project, payloads: dict):
    guides = (f"themes:\n  - id: r2p\n    title: {yaml_scalar(payloads['title'])}\n    why: |\n"
              + "".join(f"      {line}\n" for line in payloads["why"].splitlines())
              + f"    works:\n      - key: {FOOT}\n        note: {yaml_scalar(payloads['note'])}\n"
              + "    terms: [r2p]\n"
              + f"sessions:\n  - title: {yaml_scalar(payloads['session'])}\n    read: [guide:r2p, chapters/one.md]\n")
    glossary = (f"- id: r2p\n  term: R2P\n  expansion: |\n"
                + "".join(f"    {line}\n" for line in payloads["expansion"].splitlines())
                + "  definition: |\n" + "".join(f"    {line}\n" for line in payloads["definition"].splitlines())
                + "  themes: [r2p]\n")
    files = {"docs/page.md": PAGE + "\nR2P and HTML, as abbreviations.\n", "course/guides.yml": guides,
             "docs/chapters/one.md": chapter(payloads["chapter"]), "course/glossary.yml": glossary}
    return make_project(files)


def yaml_scalar(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class Scan(HTMLParser):
    """Scripts, event handlers, addresses and abbreviations of one page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.abbrs: list[str] = []
        self.text: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [(tag, name) for name in attrs if name.startswith("on")]
        self.urls += [attrs[name] or "" for name in ("href", "src", "action", "formaction") if name in attrs]
        if tag == "script":
            self._script = [attrs.get("src") or ""]
        if tag == "abbr":
            self.abbrs.append(attrs.get("title") or "")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)


def scan_site(site: Path) -> dict[str, Scan]:
    scans = {}
    for page in sorted(site.rglob("*.html")):
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        scans[page.relative_to(site).as_posix()] = scan
    return scans


def test_markup_from_course_files_reaches_every_page_as_text(make_project):
    clean = markup_project(make_project, {key: "plain words" if key != "chapter" else "'A chapter'"
                                          for key in PAYLOADS})
    clean_build = run_mkdocs(clean, "--strict")
    assert clean_build.returncode == 0, clean_build.output
    clean_scripts = {script for scan in scan_site(clean_build.site).values() for script in scan.scripts}

    project = markup_project(make_project, PAYLOADS)
    built, checked = run_mkdocs(project, "--strict"), run_check(project, "--strict")
    assert built.returncode == 0, built.output
    assert checked.returncode == 0, checked.output
    scans = scan_site(built.site)
    assert {"guides/r2p/index.html", "course-path/index.html", "glossary/index.html", "key-points/index.html",
            "whole-course/index.html"} <= set(scans)
    for page, scan in scans.items():
        assert not set(scan.scripts) - clean_scripts, page  # no script we did not write
        assert scan.handlers == [], page
        assert not [url for url in scan.urls if re.match(r"\s*(javascript|data|vbscript):", url, re.IGNORECASE)], page
        # The glossary's one abbreviation, its expansion on one line of plain words: nothing else defined.
        assert set(scan.abbrs) <= {"Responsibility to Protect <script>alert('abbr')</script> [HTML]: pwned"}, page
    assert scans["page/index.html"].abbrs, "the abbreviation is defined on every page"
    # What was written shows, as the text it is.
    shown = {page: " ".join(" ".join(scan.text).split()) for page, scan in scans.items()}
    assert "R2P </title><script>alert('title')</script> and {: onclick=\"alert(1)\"}" in shown["guides/r2p/index.html"]
    assert "Why <img src=x onerror=alert('why')> a page (" in shown["guides/r2p/index.html"]
    assert '--8<-- "/etc/hostname"' in shown["guides/r2p/index.html"]
    assert "<svg onload=alert('note')> read it" in shown["guides/r2p/index.html"]
    assert "\"><script>alert('session')</script>" in shown["course-path/index.html"]
    assert "<b onmouseover=alert('definition')>bold</b>" in shown["glossary/index.html"]
    assert "Chapter x | a {: onclick=alert(1)} !i" in shown["key-points/index.html"]
    # The allowed link is a link; the citations in the values are rendered and linked.
    guide = (built.site / "guides" / "r2p" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/why"' in guide
    assert guide.count(f'data-cite="{FOOT}"') >= 1
    assert f'data-cite="{FOOT}"' in (built.site / "glossary" / "index.html").read_text(encoding="utf-8")
    # The search shows its entries' text as HTML: there too, only text.
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        scan = Scan()
        scan.feed(entry["title"] + " " + entry["text"])
        assert (scan.scripts, scan.handlers, scan.urls) == ([], [], []), entry["location"]
