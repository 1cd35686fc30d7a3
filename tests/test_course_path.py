"""The course path as students plan with it: the nav and the Previous/Next links follow the sessions,
each session says what to read, for how long and why, re-reading is marked as review, a guide is
read as far as the course has come, a section of a later chapter is a preview the item must mean,
and times come from the words read (or the instructor's ``minutes:``). Real builds of a small course
whose chapters' words are known, so every time below is worked out here, not read off our output.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conftest import ROOT, base_config, build_env, project_maker, run_mkdocs

PARTS = ["Learning objectives {#learning-objectives}", "Key arguments {#key-arguments}", "Key figures {#key-figures}",
         "Key terms {#key-terms}", "Discussion questions {#discussion-questions}",
         "Connections to other chapters {#connections}", "Key points {#key-points}"]


def words(n: int, word: str = "lorem") -> str:
    return " ".join([word] * n)


def chapter(title: str, minutes: int, sections: list[tuple[str, str, int, str]]) -> str:
    """A chapter with every required part, whose only words are its summary's: ``sections`` are
    (title, anchor, words, data-guide marks); the parts around them have headings and no text."""
    summary = "".join(f"\n### {name} {{#{anchor}{_marks(marks)}}}\n\n{words(n)}\n" for name, anchor, n, marks in sections)
    parts = "".join(f"\n## {part}\n" for part in PARTS)
    return (f"---\ntitle: {title}\nsource: footChinaUnitedStates2011\nthemes: [power]\nreading_time: {minutes}\n---\n"
            f"\n## Summary {{#summary}}\n{summary}{parts}")


def _marks(marks: str) -> str:
    return f' data-guide="{marks}"' if marks else ""


# Alpha: 800 words over 8 minutes (100 a minute); beta: 300 over 2 (150); gamma: 400 over 4 (100).
ALPHA = chapter("Alpha", 8, [("Power at home", "home", 600, "power"), ("Power abroad", "abroad", 200, "power:optional")])
BETA = chapter("Beta", 2, [("Power in talks", "talks", 300, "power")])
GAMMA = chapter("Gamma", 4, [("Power in law", "law", 400, "power")])
SPEED = {"alpha": 800 / 8, "beta": 300 / 2, "gamma": 400 / 4}
GUIDE_PAGE = math.ceil(len("Power shapes protection. Why it changed.".split()) / 200)  # its why and notes, 200 a minute

WHY = "Power shapes protection [@footChinaUnitedStates2011, 3]."
GUIDES = f"""\
themes:
  - id: power
    title: Power
    why: {WHY}
    works:
      - key: bellamyChangingFaceHumanitarian2015
        note: Why it changed.
sessions:
  - title: "Session 1: Gamma first"
    why: Gamma comes first [@footChinaUnitedStates2011, 4].
    read:
      - chapters/gamma.md
      - guide:power
  - title: "Session 2: Alpha"
    read:
      - chapters/alpha.md
      - chapters/gamma.md#law
      - chapter: chapters/beta.md#talks
        preview: true
        note: A first look at the talks.
  - title: "Session 3: Beta, and alpha again"
    read:
      - chapters/beta.md
      - chapter: chapters/alpha.md#summary
        minutes: 25
      - guide:power
    before: Bring one question.
"""
NAV = [{"Home": "index.md"}, {"Course path": "course-path.md"},
       {"Chapters": ["chapters/alpha.md", "chapters/beta.md", "chapters/gamma.md"]},
       {"Reading guides": "guides/index.md"}, {"Key points": "key-points.md"}, {"Whole course": "whole-course.md"},
       {"Bibliography": "bibliography.md"}]
SESSION_ORDER = ["chapters/gamma.md", "guides/power.md", "chapters/alpha.md", "chapters/beta.md"]


def files() -> dict[str, str]:
    return {"docs/chapters/alpha.md": ALPHA, "docs/chapters/beta.md": BETA, "docs/chapters/gamma.md": GAMMA,
            "docs/index.md": "# Home\n\nA small course.\n\n<!-- course-start -->\n\n<!-- course-map -->\n",
            "course/guides.yml": GUIDES}


@pytest.fixture(scope="module")
def path_site(tmp_path_factory):
    """The small course, with the nav above (its chapters in file order), built strict."""
    project = project_maker(tmp_path_factory.mktemp("course-path"))(files(), config=base_config(nav=NAV))
    build = run_mkdocs(project, "--strict")
    assert build.returncode == 0, build.output
    return build


class _Text(HTMLParser):
    """A page's article as lines of text, one per list item, paragraph or heading."""

    BLOCKS = {"li", "p", "h1", "h2", "h3", "ul", "ol", "table", "tr"}

    def __init__(self):
        super().__init__()
        self.lines, self.depth, self.inside = [""], 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.inside = True
        if self.inside and tag in self.BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.lines[-1] += data

    @classmethod
    def of(cls, html: str) -> list[str]:
        parser = cls()
        parser.feed(html)
        return [" ".join(line.replace("¶", "").split()) for line in parser.lines if line.strip()]


def session_lines(html: str, number: int) -> list[str]:
    lines = _Text.of(html)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"Session {number}:"))
    end = next((i for i, line in enumerate(lines) if i > start and re.match(r"Session \d+:", line)), len(lines))
    return lines[start:end]


def minutes(n_words: int, chapter: str) -> int:
    return math.ceil(n_words / SPEED[chapter])


def line_with(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


def test_nav_and_footer_follow_the_sessions(path_site, tmp_path):
    """The nav lists the chapters in file order; the build moves each under the session that
    introduces it, with its guides, and Previous/Next walk that order."""
    home = path_site.html("index.html")
    nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', home)
    pages = [href.rstrip("/") + ".md" for href in nav if href.startswith(("chapters/", "guides/"))]
    assert pages[: len(SESSION_ORDER)] == SESSION_ORDER
    assert re.search(r'<label class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*Session 1: Gamma first', home)
    # Next, from the course path on: every page of the sessions, in their order.
    walked, page = [], "course-path/index.html"
    for _ in SESSION_ORDER:
        following = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"',
                              path_site.html(page)).group(1)
        page = str((path_site.site / page).parent.joinpath(following, "index.html").resolve().relative_to(path_site.site))
        walked.append(page.removesuffix("/index.html") + ".md")
    assert walked == SESSION_ORDER
    # A course whose mkdocs.yml has no nav gets the same order, from the same sessions.
    project = project_maker(tmp_path)(files())
    build = run_mkdocs(project, "--strict")
    assert build.returncode == 0, build.output
    nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', build.html("index.html"))
    assert [h.rstrip("/") + ".md" for h in nav if h.startswith(("chapters/", "guides/power"))] == SESSION_ORDER


def test_each_session_says_what_to_read_for_how_long_and_why(path_site):
    html = path_site.html("course-path/index.html")
    one = session_lines(html, 1)
    assert one[1] == "Gamma comes first (Foot and Walter 2011, 4)."
    assert line_with(one, "Chapter: Gamma") == "Chapter: Gamma: 4 min"  # its own reading_time
    # The guide is read as far as the course has come: its stop in gamma (read above), not those in
    # alpha and beta, which later sessions introduce; they are counted, not assigned.
    guide_page = GUIDE_PAGE
    assert line_with(one, "Guide: Power") == f"Guide: Power: {guide_page} min for the guide's page; its reading path so far:"
    assert "Power in law in Gamma: in this session's reading above" in one
    assert "Later, its path runs through 3 more sections, in the chapters that sessions 2 and 3 introduce." in one
    assert line_with(one, "Reading time") == f"Reading time: about {4 + guide_page} min of new reading."


def test_times_come_from_the_words_read_or_the_instructor(path_site):
    html = path_site.html("course-path/index.html")
    two = session_lines(html, 2)
    # A section of beta before session 3 introduces beta: a preview the item says it means.
    assert line_with(two, "Section: Power in talks") == f"Section: Power in talks in Beta: {minutes(300, 'beta')} min (preview of session 3)"
    assert "A first look at the talks." in two
    # Re-reading gamma's section: review, with its time at gamma's speed (400 words in 4 minutes).
    assert line_with(two, "Section: Power in law") == f"Section: Power in law in Gamma: {minutes(400, 'gamma')} min (review of session 1)"
    assert line_with(two, "Reading time") == (f"Reading time: about {8 + minutes(300, 'beta')} min of new reading, "
                                               f"{minutes(400, 'gamma')} min to review.")
    three = session_lines(html, 3)
    # The summary heading has no text of its own: its time is its sections' (800 words at alpha's
    # 100 a minute = 8 min), but the instructor's minutes: 25 wins.
    assert minutes(800, "alpha") == 8
    assert line_with(three, "Section: Summary") == "Section: Summary in Alpha: 25 min (review of session 2)"
    assert "Power at home in Alpha: in this session's reading above" in three  # the summary holds it
    # New: beta, and the guide's page; to review: the summary (the instructor's 25) and gamma's section.
    assert line_with(three, "Reading time") == (f"Reading time: about {minutes(300, 'beta') + GUIDE_PAGE} min of new "
                                                 f"reading, {25 + minutes(400, 'gamma')} min to review.")
    assert "Also before the session: Bring one question." in three
    # The guide's page counts the same sections at their chapters' speeds: 600 words of alpha (6 min),
    # beta's 300 (2 min) and gamma's 400 (4 min) required, alpha's 200 optional.
    guide = _Text.of(path_site.html("guides/power/index.html"))
    required = minutes(600, "alpha") + minutes(300, "beta") + minutes(400, "gamma")
    assert f"About {required} min of required reading." in guide


def test_the_home_page_starts_the_course(path_site):
    home = path_site.html("index.html")
    length = re.search(r'<p class="course-length">(.*?)</p>', home, re.DOTALL).group(1)
    # Each session's new reading and review, as the tests above work them out.
    new = [4 + GUIDE_PAGE, 8 + minutes(300, "beta"), minutes(300, "beta") + GUIDE_PAGE]
    review = [0, minutes(400, "gamma"), 25 + minutes(400, "gamma")]
    each = sorted(n + r for n, r in zip(new, review))
    assert re.sub(r"<[^>]+>", "", length) == (f"3 sessions, about {sum(new)} min of reading in all, plus {sum(review)} "
                                              f"min of review: {each[0]} to {each[-1]} min before each session.")
    assert re.search(r'<a class="md-button md-button--primary" href="course-path/#session-1">Start with session 1</a>', home)


BAD_GUIDES = """\
themes:
  - id: power
    title: Power
    why: Because.
sessions:
  - title: One
    whyy: A typo.
    read:
      - chapters/alpha.md
      - chapter: chapters/beta.md#talks
        minutes: soon
      - chapter: chapters/beta.md#talks
        review: maybe
      - guide: power
        previw: true
      - chapters/gamma.md#law
      - chapter: chapters/alpha.md
        guide: power
  - title: Two
    why: Cites [@footChinaUnitedStates201].
    read:
      - chapters/gamma.md
      - chapters/beta.md
"""


def test_bad_sessions_are_reported_at_their_place_in_one_pass(make_project):
    project = make_project({**files(), "course/guides.yml": BAD_GUIDES}, config=base_config(nav=NAV))
    build = run_mkdocs(project)
    assert build.returncode != 0
    expected = [
        "course/guides.yml:7:5: session 'One' has an unknown key 'whyy' — did you mean 'why'?",
        "course/guides.yml:11:9: session 'One': the item 'chapters/beta.md#talks': 'minutes' must be a whole number "
        "of minutes, not 'soon' — write 'minutes: 20', or leave it out to take the time from the words read",
        "course/guides.yml:13:9: session 'One': the item 'chapters/beta.md#talks': 'review' must be true or false, "
        "not 'maybe' — write 'review: true'",
        "course/guides.yml:15:9: session 'One': the item 'power' has an unknown key 'previw' — did you mean 'preview'?",
        "course/guides.yml:16:9: warning: session 1 ('One') sends students into 'chapters/gamma.md' before session 2 "
        "introduces it — write the item as '- chapter: chapters/gamma.md#law' with 'preview: true' under it if that "
        "is meant, or move it to session 2",
        "course/guides.yml:17:9: session 'One': a reading item names both a chapter and a guide — write a chapter's "
        "path ('chapters/x.md', 'chapters/x.md#section'), 'guide:<id>', or a mapping: '- chapter: chapters/x.md' or "
        "'- guide: <id>', with its options",
        "course/guides.yml:20:10: unknown citation key 'footChinaUnitedStates201' — did you mean 'footChinaUnitedStates2011'?",
    ]
    reported = [line.split("hooks/report: ", 1)[-1] for line in build.output.splitlines() if "course/guides.yml" in line]
    shown = [line.replace("course/guides.yml", "course/guides.yml", 1) for line in reported]
    for message in expected:
        plain = message.replace(": warning:", ":")
        assert any(plain in line for line in shown), f"{message}\n--- got:\n" + "\n".join(shown)
    assert len(shown) == len(expected), "\n".join(shown)  # one message for each cause, none twice
    assert "Traceback" not in build.output
    # The check command reports the same problems, in the same words.
    check = subprocess.run([sys.executable, "-m", "coursekit", "check", "--root", str(project)],
                           env=build_env(PYTHONPATH=str(project / "hooks")), capture_output=True, text=True)
    checked = [line for line in check.stdout.splitlines() if line.startswith("course/guides.yml")]
    assert sorted(checked) == sorted(expected)


def test_a_hostile_session_title_is_text_everywhere(make_project):
    hostile = '<script>alert(1)</script> *One* & "two"'
    guides = GUIDES.replace('"Session 1: Gamma first"', "'" + hostile.replace("'", "''") + "'")
    project = make_project({**files(), "course/guides.yml": guides}, config=base_config(nav=NAV))
    build = run_mkdocs(project, "--strict")
    assert build.returncode == 0, build.output
    for page in (build.site).rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8"), page
    home = build.html("index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; One &amp; &quot;two&quot;" in home  # the nav's section
    path = build.html("course-path/index.html")
    assert re.search(r'<h2 id="session-1">&lt;script&gt;alert\(1\)&lt;/script&gt; <em>One</em> &amp; "two"', path)


def test_the_course_reads_its_sessions_in_order(course_site):
    """Our course: its nav, built from mkdocs.yml (chapters in any order) and course/guides.yml,
    lists each chapter under the first session that reads it whole."""
    import yaml

    sessions = yaml.safe_load((ROOT / "course" / "guides.yml").read_text(encoding="utf-8"))["sessions"]
    first = []
    for session in sessions:
        for item in session["read"]:
            target = item if isinstance(item, str) else item.get("chapter", "")
            if target.startswith("chapters/") and "#" not in target and target not in first:
                first.append(target)
    nav = re.findall(r'<a href="(chapters/[^"#]+)" class="md-nav__link', course_site.html("index.html"))
    assert [href.rstrip("/") + ".md" for href in nav] == first
    assert len(first) == len(list((ROOT / "docs" / "chapters").glob("*.md")))
