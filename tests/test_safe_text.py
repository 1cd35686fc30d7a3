"""coursekit.render.safe: text from data files reaches pages escaped, or as harmless inline Markdown.

The Markdown cases are rendered by Python-Markdown with the project's own extensions (snippets
included, with a secret file in reach), in the places the generated pages put such values: a
paragraph, a list item, a table cell and a heading. Whatever the input, the HTML may only hold the
context's own elements and emphasis, code and links to http(s) or relative addresses.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings, strategies as st

from coursekit.render.safe import Refused, block_markdown, escape, inline_html, inline_markdown, plain_text

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox)",
    "[click](//evil.example/x)",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "[x](https://example.org){: onclick=\"alert(1)\"}",
    "Title {: onmouseover=alert(1) }",
    "![img](https://example.org/x.png)",
    "<!-- comment --> text",
    "<svg onload=alert(1)>",
    "--8<-- \"secret.txt\"",
    "!!! danger \"x\"",
    "??? note \"x\"",
    "[ref]: javascript:alert(1)",
    "*[HTML]: <script>",
    "[^1]: note",
    "# heading",
    "> quote",
    "1. item",
    "| a | b |",
    "<div markdown=\"1\">*x*</div>",
    "text\n\n--8<-- \"secret.txt\"\n\n<script>x</script>",
    "`<script>` and ``a ` b``",
    "&lt;script&gt; &#60;script&#62;",
    "\\<script\\>",
]
ALLOWED_INLINE = {"a", "em", "strong", "code"}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def tags_of(html_text: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html_text)
    parser.close()
    return parser.found


def acceptable_href(value: str) -> bool:
    """Independent of the code under test: http(s), or relative with no scheme and no host."""
    value = value.strip()
    if re.match(r"https?://[^\s]+$", value, re.IGNORECASE):
        return True
    first = re.split(r"[/?#]", value, maxsplit=1)[0]
    return ":" not in first and not value.startswith("//") and not any(c.isspace() for c in value)


def assert_harmless(html_text: str, context_tags: set[str]) -> None:
    for tag, attrs in tags_of(html_text):
        assert tag in ALLOWED_INLINE | context_tags, (tag, html_text)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html_text)
            if tag == "a":
                assert name in {"href", "title"}, (name, html_text)
                if name == "href":
                    assert acceptable_href(value), (value, html_text)
            elif tag not in context_tags:
                assert False, (tag, attrs, html_text)


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    """Python-Markdown with the project's extensions, snippets reaching a folder with a secret."""
    base = tmp_path_factory.mktemp("snippets")
    (base / "secret.txt").write_text("THE-SECRET", encoding="utf-8")
    md = markdown.Markdown(extensions=[
        "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
        "pymdownx.details", "pymdownx.superfences", "pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": {"base_path": [str(base)], "check_paths": False}})

    def run(source: str) -> str:
        md.reset()
        return md.convert(source)

    return run


CONTEXTS = {
    "paragraph": ("Before.\n\n{}\n\nAfter.\n", {"p"}),
    "list item": ("- {}\n- second\n", {"ul", "li", "p"}),
    "table cell": ("| a | b |\n| --- | --- |\n| {} | end |\n", {"table", "thead", "tbody", "tr", "th", "td"}),
    "heading": ("## {}\n\ntext\n", {"h2", "p"}),
}


@pytest.mark.parametrize("value", HOSTILE)
def test_inline_html_lets_nothing_live_through(value):
    refused = Refused()
    out = inline_html(value, refused)
    assert_harmless(out, set())
    assert "THE-SECRET" not in out


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("value", HOSTILE)
def test_inline_markdown_renders_harmlessly_in_each_place(render, value, context):
    template, tags = CONTEXTS[context]
    out = render(template.format(inline_markdown(value)))
    assert_harmless(out, tags)
    assert "THE-SECRET" not in out
    if context == "table cell":
        assert out.count("<td") == 2, out  # the value stays in its cell
    if context == "paragraph":
        assert out.count("<p>") == 3, out  # no block opened inside the value


@pytest.mark.parametrize("value", HOSTILE)
def test_block_markdown_keeps_paragraphs_and_opens_no_other_block(render, value):
    out = render(block_markdown(f"First paragraph.\n\n{value}\n\nLast paragraph."))
    assert_harmless(out, {"p"})
    assert "THE-SECRET" not in out


ALLOWED = [
    ("*emphasis* and **strong**", "<em>emphasis</em> and <strong>strong</strong>"),
    ("`code <b>`", "<code>code &lt;b&gt;</code>"),
    ("[UN site](https://www.un.org/en/ \"title\")", '<a href="https://www.un.org/en/">UN site</a>'),
    ("[a page](../chapters/foot.md#beliefs)", '<a href="../chapters/foot.md#beliefs">a page</a>'),
    ("<https://example.org/a?b=1&c=2>", '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>'),
    ("5 < 6 & 7 > 3", "5 &lt; 6 &amp; 7 &gt; 3"),
    ("snake_case_name stays", "snake_case_name stays"),
]


@pytest.mark.parametrize("value, expected", ALLOWED)
def test_inline_html_keeps_what_the_author_may_write(value, expected):
    assert inline_html(value) == expected


def test_a_refused_link_keeps_its_text_and_is_reported():
    refused = Refused()
    assert inline_html("see [the *site*](javascript:alert(1)) now", refused) == "see the <em>site</em> now"
    assert refused.urls == ["javascript:alert(1)"]
    refused = Refused()
    assert "javascript" not in inline_markdown("[x](javascript:alert(1))", refused=refused)
    assert refused.urls == ["javascript:alert(1)"]


def test_allowed_links_stay_markdown_so_the_generator_resolves_them(render):
    out = render(inline_markdown("See [Foot](../chapters/foot.md) and [UN](https://un.org)."))
    assert '<a href="../chapters/foot.md">Foot</a>' in out
    assert '<a href="https://un.org">UN</a>' in out


def test_kept_spans_pass_unchanged_and_an_escaped_at_stays_escaped():
    text = "As [see @foot2011, p. 3] says, write to me\\@example.org {: x}"
    start = text.index("[")
    end = text.index("]") + 1
    out = inline_markdown(text, [(start, end)])
    assert "[see @foot2011, p. 3]" in out
    assert "\\@example.org" in out
    assert "\\{: x\\}" in out


def test_escape_and_plain_text():
    assert escape('"<a>" & \'b\'') == "&quot;&lt;a&gt;&quot; &amp; &#x27;b&#x27;"
    assert plain_text("A *b* [c](https://x.org) **d**") == "A b c d"


FRAGMENTS = st.sampled_from(
    ["<", ">", "[", "]", "(", ")", "{", "}", ":", "javascript", "data", "http://x", "//", "&#106;", "`", "*",
     "_", "!", "#", "|", "\n", "\n\n", " ", "-", "8<", "--8<-- \"secret.txt\"", "onerror=", "script", "a", "@k",
     "\\", "=", "\"", "'", "?", "1.", "^"])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_any_mix_of_dangerous_fragments_stays_harmless(value):
    assert_harmless(inline_html(value), set())
    out = markdown.markdown(f"| a | b |\n| --- | --- |\n| {inline_markdown(value)} | end |\n",
                            extensions=["abbr", "attr_list", "footnotes", "md_in_html", "tables", "def_list",
                                        "admonition"])
    assert_harmless(out, CONTEXTS["table cell"][1])
    assert out.count("<td") == 2, out
