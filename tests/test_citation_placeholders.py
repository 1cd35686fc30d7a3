"""Citations reach the HTML whatever Markdown construct holds them, with no placeholder left behind.

The citations' HTML bypasses Markdown (a placeholder word, put back in ``on_page_content``); these
real builds check every place a citation can stand: headings (which keep the HTML, for the table of
contents), tables, admonition titles and bodies, footnotes, after a reference definition, and the
References section.
"""

from __future__ import annotations

import re

from conftest import run_mkdocs

PAGE = """\
# Page

## Beliefs and [@footChinaUnitedStates2011, 5]

| work | pages |
| --- | --- |
| one | [@bellamyChangingFaceHumanitarian2015, p. 16] |

!!! note "As @footChinaUnitedStates2011 [p. 7] says"
    Inside a note [@bellamyChangingFaceHumanitarian2015].

Text with a footnote.[^1]

[^1]: A footnote citing [@footChinaUnitedStates2011, p. 3].

[ref]: https://example.org/reference

After a reference definition, [see @bellamyChangingFaceHumanitarian2015, pp. 20-21].

[@footChinaUnitedStates2011, p. 9]
"""


def test_citations_render_everywhere_and_no_placeholder_leaks(make_project):
    project = make_project({"docs/page.md": PAGE})
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.output
    html = result.html("page/index.html")

    assert "coursekitstash" not in html
    assert "[@" not in html
    # Eight citations, one in the heading: each is a link into the bibliography (the narrative one
    # links its name and its year); the References list links each work once more.
    assert len(re.findall(r'class="citation-link"[^>]*data-cite="', html)) == 8
    assert len(re.findall(r'<li class="csl-entry">', html)) == 2

    heading = re.search(r'<h2 id="([^"]+)">(.*?)</h2>', html, re.DOTALL)
    assert heading and "coursekitstash" not in heading.group(1)
    assert 'data-cite="footChinaUnitedStates2011"' in heading.group(2)
    toc_entry = re.search(rf'<a href="#{re.escape(heading.group(1))}" class="md-nav__link">(.*?)</a>', html, re.DOTALL)
    assert toc_entry and "2011" in toc_entry.group(1) and "coursekitstash" not in toc_entry.group(1)

    table_cell = re.search(r"<td>(.*?)</td>\s*</tr>\s*</tbody>", html, re.DOTALL)
    assert table_cell and 'data-cite="bellamyChangingFaceHumanitarian2015"' in table_cell.group(1)
    footnote = re.search(r'<li id="fn:1">(.*?)</li>', html, re.DOTALL)
    assert footnote and 'data-cite="footChinaUnitedStates2011"' in footnote.group(1)
    after_definition = html[html.index("After a reference definition"):]
    assert 'data-cite="bellamyChangingFaceHumanitarian2015"' in after_definition[:1500]
    # A citation alone in its paragraph keeps its paragraph.
    assert re.search(r'<p><span class="citation">\(<a [^>]*>Foot and Walter 2011, 9</a>\)</span></p>', html)
