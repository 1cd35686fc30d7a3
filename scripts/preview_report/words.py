"""A word-level diff of two texts: the old and the new text as runs, the changed words marked.

Words and punctuation are compared one by one (``2`` → ``3`` in "Foot n.d., 2" is one word); the
spaces around them follow the text. Long unchanged runs are shortened to a few words either side
of a change, so that one changed word in a long paragraph stays readable.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
CONTEXT = 12  # unchanged words kept either side of a change
ELLIPSIS = "…"

Run = tuple[bool, str]  # (changed, text)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def alike(old: str, new: str, threshold: float) -> bool:
    """Whether at least ``threshold`` of two texts is the same, word for word (the cheap bounds first:
    a page rewritten throughout compares each old block with each new one)."""
    a, b = [t.strip() for t in tokens(old)], [t.strip() for t in tokens(new)]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


def diff(old: str, new: str) -> tuple[list[Run], list[Run]]:
    """The old text and the new one as runs, the words only one of them has marked as changed."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    before: list[Run] = []
    after: list[Run] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(before, False, "".join(a[i1:i2]))
            _add(after, False, "".join(b[j1:j2]))
            continue
        _add_changed(before, "".join(a[i1:i2]))
        _add_changed(after, "".join(b[j1:j2]))
    return _shorten(before), _shorten(after)


def _add(runs: list[Run], changed: bool, text: str) -> None:
    if not text:
        return
    if runs and runs[-1][0] == changed:
        runs[-1] = (changed, runs[-1][1] + text)
    else:
        runs.append((changed, text))


def _add_changed(runs: list[Run], text: str) -> None:
    """A changed run without its trailing space: the mark covers the words, not the gap after them."""
    words = text.rstrip()
    _add(runs, True, words)
    _add(runs, False, text[len(words):])


def _shorten(runs: list[Run]) -> list[Run]:
    """Unchanged runs cut to CONTEXT words after the change before them and before the next one."""
    if not any(changed for changed, _ in runs):
        return runs
    out: list[Run] = []
    for index, (changed, text) in enumerate(runs):
        if changed:
            out.append((changed, text))
            continue
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        words = core.split(" ")
        keep_head = 0 if index == 0 else CONTEXT  # words after the change before
        keep_tail = 0 if index == len(runs) - 1 else CONTEXT  # words before the change after
        if len(words) > keep_head + keep_tail + 1:
            kept = [*words[:keep_head], ELLIPSIS, *(words[len(words) - keep_tail:] if keep_tail else [])]
            core = " ".join(kept)
        out.append((False, lead + core + trail))
    return out
