"""A chapter's sections: every heading outside code and comments, at its own line of the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.course.chapters import _HEADING, parse_chapter, split_front_matter
from coursekit.cite.parse import protected_spans

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHAPTER = """---
title: "A chapter"
source: a
---

# A chapter

## Summary {#summary}

```md
## Not a heading: fenced
```

<!--
## Not a heading: commented
-->

### A part {#part-1 data-guide="r2p status:optional"}

Text with `code` [@a, p. 5].

~~~
# Nor this
~~~

## Key points
"""


def test_headings_in_code_and_comments_are_not_sections():
    chapter, problems = parse_chapter(CHAPTER, "docs/chapters/a.md", "chapters/a.md")
    assert problems == []
    lines = CHAPTER.split("\n")
    assert [(s.level, s.title, s.anchor, s.line) for s in chapter.sections] == [
        (1, "A chapter", "a-chapter", 6), (2, "Summary", "summary", 8), (3, "A part", "part-1", 18),
        (2, "Key points", "key-points", 26)]
    assert all(lines[s.line - 1].startswith("#" * s.level + " " + s.title) for s in chapter.sections)
    assert [(m.theme, m.required) for m in chapter.section("part-1").marks] == [("r2p", True), ("status", False)]


LINES = ["## Heading", "### Sub {#sub}", "# Top", "Prose [@a].", "", "```", "~~~~", "<!--", "-->", "`code",
         "span`", "> ```", "    indented", "[ref]: http://x", "## Heading"]


@SETTINGS
@given(st.lists(st.sampled_from(LINES), max_size=30), st.booleans())
def test_each_section_is_a_visible_heading_on_its_line(lines, front_matter):
    text = ("---\ntitle: T\nsource: a\n---\n" if front_matter else "") + "\n".join(lines)
    chapter, _ = parse_chapter(text, "docs/c.md", "c.md")
    _, body, first_line = split_front_matter(text)
    hidden = protected_spans(body)
    visible = [m for m in _HEADING.finditer(body) if not any(start <= m.start() < end for start, end in hidden)]
    assert [s.line for s in chapter.sections] == [body.count("\n", 0, m.start()) + first_line for m in visible]
    file_lines = text.split("\n")
    assert all(file_lines[s.line - 1].startswith("#" * s.level + " ") for s in chapter.sections)


BODIES = """# C

## Summary {#summary}

Summary text.

## Discussion questions {#discussion-questions}

### Why? {#q1}

Question text.

## Key points {#key-points}

- A point.
"""


def test_only_the_bodies_the_build_reads_are_kept():
    # A chapter's text is held for the whole build by each parsed section; the key points (for
    # their page) and the questions (for the instructor-notes check) are all that is read again.
    kept = {s.anchor: s.body for s in parse_chapter(BODIES, "docs/c.md", "c.md")[0].sections}
    assert kept == {"c": "", "summary": "", "discussion-questions": "", "q1": "Question text.",
                    "key-points": "- A point."}
    everything = {s.anchor: s.body for s in parse_chapter(BODIES, "docs/c.md", "c.md", all_bodies=True)[0].sections}
    assert everything["summary"] == "Summary text."


def test_section_titles_read_closing_hashes_as_python_markdown_does():
    """Closing hashes go only where they end the line: the toc's title of each heading is the section's."""
    import markdown

    text = "# Top\n\n## C# \n\n## Closed ##\n\n## Spaced ##  \n\n## A # b\n"
    chapter, _ = parse_chapter(text, "docs/c.md", "c.md")
    md = markdown.Markdown(extensions=["toc"])
    md.convert(text)

    def titles(tokens):
        return [t for token in tokens for t in [token["name"], *titles(token["children"])]]

    assert [s.title for s in chapter.sections] == titles(md.toc_tokens) == ["Top", "C#", "Closed", "Spaced ##", "A # b"]
