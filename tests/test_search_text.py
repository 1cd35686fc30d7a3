"""``hooks/search_text.py``: the search reads each page with less markup and indexes the same text;
the page is written as it would be without it; a plugin that changes what the search reads fails
the build by name (real builds)."""

import json
import re

import deferred_html
import search_text
from conftest import MINIMAL_BIB, base_config, run_mkdocs

BIB = MINIMAL_BIB + """
@misc{icrtopChinaPage2024,
  author = {{International Coalition for the Responsibility to Protect}},
  title = {China},
  howpublished = {\\url{https://example.org/china}},
  year = {2024},
  note = {The page gives no author; the coalition is named as its author.}
}
"""

CHAPTER = """\
---
title: Chapter one
---

# Chapter one

## Power

Order, as Foot and Walter [-@footChinaUnitedStates2011, 5] write;
  [@bellamyChangingFaceHumanitarian2015; @footChinaUnitedStates2011, 12–13].

- Key term
  [@icrtopChinaPage2024]
- Another, *emphasised* [-@bellamyChangingFaceHumanitarian2015, 7]
"""


def _build(make_project, hooks_filter=lambda hooks: hooks):
    config = base_config()
    config["hooks"] = hooks_filter(list(config["hooks"]))
    result = run_mkdocs(make_project({"docs/chapters/one.md": CHAPTER}, bib=BIB, config=config), "--strict")
    assert result.returncode == 0, result.output
    pages = {p.relative_to(result.site).as_posix(): p.read_text(encoding="utf-8") for p in result.site.rglob("*.html")}
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return pages, index


def _words(index):
    # Where a comment stood between a line break and a citation, a run of white space can differ:
    # neither the search (it splits on it) nor its results (shown as HTML) see it.
    return [{k: " ".join(v.split()) if isinstance(v, str) else v for k, v in doc.items()} for doc in index]


def test_the_index_and_the_pages_are_those_of_a_build_without_it(make_project):
    pages, index = _build(make_project)
    plain_pages, plain_index = _build(make_project, lambda hooks: [h for h in hooks if "search_text" not in h])
    assert pages == plain_pages
    assert _words(index) == _words(plain_index)
    by_location = {doc["location"]: doc["text"] for doc in index}
    assert "(Bellamy 2015; Foot and Walter 2011, 12–13)" in by_location["chapters/one/#power"]
    entries = " ".join(text for location, text in by_location.items() if location.startswith("bibliography/"))
    assert "<p>Foot, Rosemary, and Andrew Walter. 2011. China, the United States and Global Order." in entries
    assert "Editor’s note: The page gives no author" in entries


def test_what_the_search_reads_has_no_markers_and_entries_keep_only_indexed_tags():
    deferred_html.reset()
    cite = deferred_html.inline(('<a href="\x00#k">', "Foot 2011</a>"), "(Foot 2011)", ("k",))
    page = (f'<h2 id="power">Power<a class="headerlink" href="#power">¶</a></h2><p>As {cite} says.</p>'
            + deferred_html.block(lambda: "<ol></ol>")
            + '<div class="csl-entry" id="k"><p class="reference">Foot. 2011. <em>Order</em>. '
              '<a href="https://example.org">https://example.org</a>.</p><!--coursekit:cited-in:k--></div>')
    assert search_text.for_search(page) == (
        '<h2 id="power">Power<a class="headerlink" href="#power">¶</a></h2><p>As (Foot 2011) says.</p>'
        '<p class="reference">Foot. 2011. Order. https://example.org.</p>')


MEDDLER = """\
def on_page_context(context, page, config, nav):
    page.content = page.content.replace("Order", "Disorder")
    return context
"""


def test_a_plugin_changing_the_html_the_search_reads_fails_the_build_by_name(make_project):
    config = base_config()
    config["hooks"] = list(config["hooks"]) + ["hooks/meddler.py"]
    project = make_project({"docs/chapters/one.md": CHAPTER, "hooks/meddler.py": MEDDLER}, bib=BIB, config=config)
    result = run_mkdocs(project)
    assert result.returncode != 0
    # The first page built names it (the meddler changes every page); the build stops there.
    assert re.search(r"docs/\S+\.md: a plugin changed the page's HTML while the search was reading it .*"
                     r"— give that plugin's on_page_context a priority", result.output)
    assert "Traceback" not in result.output
    assert not (project / "site" / "chapters" / "one" / "index.html").exists()
