"""pandoc's inline notes, ``text^[a note citing @key]``, as the footnotes Python-Markdown makes.

The parser finds the notes (``Parsed.notes``); the page renderer puts a footnote reference
``[^label]`` where each stood and its text, citations rendered, in a footnote definition at the
end of the page. The labels cannot clash with the author's own footnotes: a label prefix the
page does not use. Python-Markdown numbers footnotes by their references when the ``footnotes``
extension has ``USE_DEFINITION_ORDER: false`` (as pandoc numbers notes); otherwise the inline
notes come after the page's own.
"""

from __future__ import annotations

import re


class Labels:
    """``inline-note-1``, ``inline-note-2``, ... with a prefix no footnote of the page uses."""

    def __init__(self, text: str):
        prefix = "inline-note-"
        while f"[^{prefix}" in text:
            prefix = "inline-" + prefix
        self.prefix, self.count = prefix, 0

    def next(self) -> str:
        self.count += 1
        return f"{self.prefix}{self.count}"


def definitions(notes: list[tuple[str, str]], text: str) -> str:
    """The footnote definitions to append to a page (``text``) for its inline notes. A note is
    inline text (pandoc reads no block in it): each definition is one line, whose start cannot
    open a block either."""
    if not notes:
        return ""
    out = ["" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"]
    for label, body in notes:
        line = " ".join(part.strip() for part in body.strip().splitlines())
        if _BLOCK_START.match(line):
            line = f"&#{ord(line[0])};{line[1:]}"
        out.append(f"[^{label}]: {line}\n\n")
    return "".join(out)


_BLOCK_START = re.compile(r"[#>+*=|:~-]|\d+[.)]")
