"""What Material's search plugin indexes: a page's text and the bibliography's entries, not the
References lists or the "Cited in" backlinks, which stay in the published HTML (a real build)."""

import json

from conftest import run_mkdocs

CHAPTER = """\
# Chapter one

## Power

Zanzibar, as Foot and Walter [-@footChinaUnitedStates2011, 5] write; see [@bellamyChangingFaceHumanitarian2015; @footChinaUnitedStates2011, 12–13].
"""


def test_references_and_backlinks_are_published_but_not_indexed(make_project):
    project = make_project({"docs/chapters/one.md": CHAPTER})
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.output
    site = project / "site"
    chapter = (site / "chapters" / "one" / "index.html").read_text(encoding="utf-8")
    bibliography = (site / "bibliography" / "index.html").read_text(encoding="utf-8")

    references = chapter[chapter.index('<h2 id="references">'):]
    assert '<ul class="references">' in references and "Foot, Rosemary" in references
    cited_in = bibliography[bibliography.index('id="footChinaUnitedStates2011"'):]
    assert '<p class="cited-in"><strong>Cited in</strong> 1 section on 1 page:</p>' in cited_in
    assert '(1 section)</span>: <a href="../chapters/one/#power">' in cited_in
    assert not [p for p in site.rglob("*.html") if "<!--ck-" in p.read_text(encoding="utf-8")]

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {doc["location"]: doc for doc in docs}
    assert "Zanzibar" in by_location["chapters/one/#power"]["text"]
    # A citation is indexed as the reader sees it, not as its link's markup or its key.
    assert "(Bellamy 2015; Foot and Walter 2011, 12–13)" in by_location["chapters/one/#power"]["text"]
    assert "bellamyChangingFaceHumanitarian2015" not in by_location["chapters/one/#power"]["text"]
    # Held as "&#8211;" (a page string of one byte a character), indexed and published as "–".
    assert "&#8211;" not in by_location["chapters/one/#power"]["text"] and "12–13</a>" in chapter
    assert "Foot, Rosemary" not in by_location["chapters/one/#references"]["text"]
    assert any(doc["location"].startswith("bibliography/") and "Foot, Rosemary" in doc["text"] for doc in docs)
    assert not any("Cited in" in doc["text"] for doc in docs)
