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
