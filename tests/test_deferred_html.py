"""``hooks/deferred_html.py``: a held citation stands in the page as a marker around its text, and
the page as written gets its HTML back."""

import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
import deferred_html  # noqa: E402

PARTS = ('<span class="citation">(', '<a href="\x00#erdos2014">', "Erdős 2014, 210–14</a>)</span>")


def test_a_citation_is_held_as_latin1_text_and_written_back_as_its_html():
    deferred_html.reset()
    page = "<p>As argued " + deferred_html.inline(PARTS, "(Erdős 2014, 210–14)", ("erdos2014",)) + ".</p>"
    # Beyond Latin-1, one character would make Python hold the whole page at two bytes a character.
    page.encode("latin-1")
    assert "(Erd&#337;s 2014, 210&#8211;14)" in page and html.unescape("Erd&#337;s") == "Erdős"
    assert deferred_html.keys_of(0) == ("erdos2014",)
    assert deferred_html.expand(page, "../bibliography/") == (
        '<p>As argued <span class="citation">(<a href="../bibliography/#erdos2014">Erdős 2014, 210–14</a>)</span>.</p>')


def test_every_marker_is_expanded_and_the_page_around_them_is_kept_as_it_is():
    deferred_html.reset()
    nav = "<nav><!-- a theme comment --><a href='x'>x</a></nav>\n" * 3
    cite = deferred_html.inline(PARTS, "(Erdős 2014, 210–14)", ("erdos2014",))
    notes = deferred_html.block(lambda: '<ol id="notes"><li><a href="\x00#erdos2014">1</a></li></ol>', ("erdos2014",))
    for body, expected in (
        (f"<p>{cite} and {cite}</p>{notes}", '<p>{c} and {c}</p><ol id="notes"><li><a href="b/#erdos2014">1</a></li></ol>'),
        (f"{notes}<p>{cite}</p>", '<ol id="notes"><li><a href="b/#erdos2014">1</a></li></ol><p>{c}</p>'),
        (cite, "{c}"),
    ):
        citation = '<span class="citation">(<a href="b/#erdos2014">Erdős 2014, 210–14</a>)</span>'
        page = f"{nav}<article>{body}</article><!-- footer -->{nav}"
        assert deferred_html.expand(page, "b/") == f"{nav}<article>{expected.format(c=citation)}</article><!-- footer -->{nav}"
