"""The one way text from a data file reaches a page: escaped, or as safe inline Markdown.

Values read from course files (YAML, BibTeX, front matter) are untrusted: a pull request is, and its
preview is opened by a reviewer. Each reaches HTML through ``escape`` or ``inline_html``, and a
generated page's Markdown through ``inline_markdown``. The Markdown such a value may hold is inline
only: emphasis (``*a*``, ``_a_``, ``**a**``), code spans, and links to http(s) pages or to the course's
own pages (relative paths). Never raw HTML, another URL scheme, an attribute list (``{: onclick=…}``),
a snippet include or any block syntax. Chapters written in ``docs/`` are the one place where raw HTML
is the author's choice.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTTP = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>", re.IGNORECASE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# A paragraph starting with one of these could open a block (heading, quote, list, table, admonition,
# definition, abbreviation or footnote definition, snippet include, rule, setext underline).
_BLOCK_START = frozenset("#>-+*=:|!?[~_") | frozenset("0123456789")


def escape(text: str) -> str:
    """Text for HTML, in element content and in quoted attribute values alike."""
    return html.escape(str(text), quote=True)


def safe_url(url: str) -> bool:
    """An http(s) address, or a path within the site (no scheme, not protocol-relative), as written
    and with its character references decoded (``&#106;avascript:`` is still a script)."""
    return all(_safe_url(u) for u in {url, html.unescape(url)})


def _safe_url(url: str) -> bool:
    url = url.strip()
    if not url or any(c.isspace() or ord(c) < 32 for c in url) or "\\" in url:
        return False
    if _SCHEME.match(url):
        return bool(_HTTP.match(url))
    return not url.startswith("//")


@dataclass
class Refused:
    """Links an inline renderer left as plain text, for the caller to report at its own place."""

    urls: list[str] = field(default_factory=list)


# -- Inline Markdown: a small tokenizer -------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    kind: str  # "text", "code", "link", "autolink", "escaped", "keep"
    text: str  # the source text (for "text" and "keep"), the code, the link text, the escaped char
    url: str = ""


def _link_at(text: str, start: int) -> tuple[str, str, int] | None:
    """``[label](url "title")`` at ``start``: (label, url, end), brackets and parentheses balanced."""
    depth, i = 0, start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return None
    if not text.startswith("(", i + 1):
        return None
    label_end, j, depth = i, i + 2, 1
    while j < len(text) and depth:
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
        j += 1
    if depth:
        return None
    target = text[label_end + 2: j - 1].strip()
    url = target.split(None, 1)[0] if target else ""  # a title after the address is dropped
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    return text[start + 1: label_end], url, j


def _tokens(text: str, keep: list[tuple[int, int]] = ()) -> list[_Token]:
    """``text`` cut into inline tokens; the spans in ``keep`` (sorted) stay as written."""
    out: list[_Token] = []
    plain: list[str] = []
    keep = list(keep)
    i = 0

    def flush():
        if plain:
            out.append(_Token("text", "".join(plain)))
            plain.clear()

    while i < len(text):
        if keep and i == keep[0][0]:
            flush()
            start, end = keep.pop(0)
            out.append(_Token("keep", text[start:end]))
            i = end
            continue
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
            flush()
            out.append(_Token("escaped", text[i + 1]))
            i += 2
            continue
        if char == "`" and (match := _CODE.match(text, i)):
            flush()
            out.append(_Token("code", match.group(2)))
            i = match.end()
            continue
        if char == "<" and (match := _AUTOLINK.match(text, i)):
            flush()
            out.append(_Token("autolink", match.group(1), match.group(1)))
            i = match.end()
            continue
        if char == "[" and (link := _link_at(text, i)) and not any(s < link[2] for s, _ in keep):
            flush()
            out.append(_Token("link", link[0], link[1]))
            i = link[2]
            continue
        plain.append(char)
        i += 1
    flush()
    return out


def _emphasis_html(escaped: str) -> str:
    escaped = _STRONG.sub(lambda m: f"<strong>{m.group(2)}</strong>", escaped)
    return _EM.sub(lambda m: f"<em>{m.group(2)}</em>", escaped)


def inline_html(text: str, refused: Refused | None = None) -> str:
    """Inline Markdown as HTML: everything escaped but emphasis, code and allowed links."""
    out = []
    for token in _tokens(" ".join(str(text).split())):
        if token.kind == "text":
            out.append(_emphasis_html(html.escape(token.text, quote=False)))
        elif token.kind == "escaped":
            out.append(html.escape(token.text, quote=False))
        elif token.kind == "code":
            out.append(f"<code>{html.escape(token.text.strip(), quote=False)}</code>")
        elif token.kind == "autolink":
            out.append(f'<a href="{escape(token.url)}">{html.escape(token.text, quote=False)}</a>')
        elif safe_url(token.url):
            out.append(f'<a href="{escape(token.url)}">{inline_html(token.text, refused)}</a>')
        else:
            if refused is not None:
                refused.urls.append(token.url)
            out.append(inline_html(token.text, refused))
    return "".join(out)


def _markdown_text(text: str) -> str:
    """Plain text that Python-Markdown will print as it is, emphasis aside."""
    out = []
    for char in text:
        if char in "<>":
            out.append("&lt;" if char == "<" else "&gt;")
        elif char in "[](){}!`#\\":
            out.append("\\" + char)
        elif char == "|":  # a table cell's end
            out.append("&#124;")
        elif char == "&":
            out.append("&")  # Markdown escapes a bare "&" and keeps an entity: both are harmless
        else:
            out.append(char)
    return "".join(out)


def inline_markdown(text: str, keep: list[tuple[int, int]] = (), refused: Refused | None = None) -> str:
    """Inline Markdown for a generated page, made harmless, on one line.

    ``keep`` lists spans of ``text`` (sorted, apart) to leave as written: the caller's citations,
    which the citation renderer escapes itself. Links keep their Markdown form (so that MkDocs
    resolves and checks links to the course's own pages) when their address is allowed.
    """
    text = str(text)
    flat, spans = _flatten(text, keep)
    out = []
    tokens = _tokens(flat, spans)
    for token in tokens:
        if token.kind == "keep":
            out.append(token.text)
        elif token.kind == "text":
            out.append(_markdown_text(token.text))
        elif token.kind == "escaped":  # "\\@" stays as written: a literal "@", never a citation
            out.append("\\" + token.text if token.text in "*_@" else _markdown_text(token.text))
        elif token.kind == "code":  # our own element, escaped: a code span could open a fence at a line start
            out.append(f"<code>{html.escape(token.text.strip(), quote=False).replace('|', '&#124;')}</code>")
        elif token.kind == "autolink":
            out.append(f"<{token.url}>")
        elif safe_url(token.url):
            out.append(f"[{inline_markdown(token.text, refused=refused)}]({_markdown_url(token.url)})")
        else:
            if refused is not None:
                refused.urls.append(token.url)
            out.append(inline_markdown(token.text, refused=refused))
    line = "".join(out)
    # A kept span (a citation) is replaced before Markdown reads the page: it opens no block.
    return line if tokens and tokens[0].kind == "keep" else _defuse_start(line)


def block_markdown(text: str, keep: list[tuple[int, int]] = (), refused: Refused | None = None) -> str:
    """Paragraphs of inline Markdown (a blank line between them), each made harmless as ``inline_markdown``."""
    text = str(text)
    paragraphs, start = [], 0
    for match in re.finditer(r"\n[ \t]*\n\s*", text):
        paragraphs.append((start, match.start()))
        start = match.end()
    paragraphs.append((start, len(text)))
    out = []
    for begin, end in paragraphs:
        inner = [(s - begin, e - begin) for s, e in keep if begin <= s and e <= end]
        rendered = inline_markdown(text[begin:end], inner, refused)
        if rendered:
            out.append(rendered)
    return "\n\n".join(out)


def _markdown_url(url: str) -> str:
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">" if any(c in url for c in "()<> ") else url


def _defuse_start(line: str) -> str:
    """A line that could open a block starts with its first character as an entity instead."""
    stripped = line.lstrip()
    if stripped and stripped[0] in _BLOCK_START and not stripped.startswith("\\"):
        return f"&#{ord(stripped[0])};{stripped[1:]}"
    return stripped


def _flatten(text: str, keep) -> tuple[str, list[tuple[int, int]]]:
    """``text`` on one line (runs of white space → one space), with ``keep``'s spans moved to match."""
    out: list[str] = []
    where: dict[int, int] = {}
    pending_space = False
    for i, char in enumerate(text):
        if char.isspace():
            pending_space = bool(out)
            where[i] = len(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        where[i] = len(out)
        out.append(char)
    where[len(text)] = len(out)
    return "".join(out), [(where[s], where[e] if e in where else len(out)) for s, e in keep]


def plain_text(text: str) -> str:
    """Inline Markdown reduced to its words, e.g. for an attribute or a tooltip (then ``escape`` it)."""
    out = []
    for token in _tokens(" ".join(str(text).split())):
        out.append(plain_text(token.text) if token.kind == "link" else token.text)
    return re.sub(r"(\*\*|__|(?<![\w*])[*_]|[*_](?![\w*]))", "", "".join(out))


