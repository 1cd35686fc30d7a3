"""Compare two builds page by page: the blocks of text, the citations and the quotations.

Each is a sequence in reading order, aligned old against new; what differs is a pair (changed), an
old item alone (removed) or a new one (added). A change is placed at its block's anchor on the head
page; a removed item at the heading it stood under, if the head page still has it, else where it
stood in the new text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Iterator, Sequence, TypeVar

from .site import Block, Citation, Page, Site
from .words import alike

T = TypeVar("T")
SIMILAR = 0.5  # two blocks or quotations at least this alike, word for word, are one that changed
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_MASK = "\ue000"  # hides a citation's text while quotations are looked for: a title in quotes is not one


@dataclass(frozen=True)
class Quotation:
    text: str
    pinpoint: str  # the citation after it in its block, as rendered ("" if none)
    anchor: str
    section: str


def align(old: Sequence[T], new: Sequence[T], key: Callable[[T], object],
          similar: Callable[[T, T], bool]) -> Iterator[tuple[int | None, int | None, int]]:
    """What differs between two sequences, in order: (i, j, j) a changed pair, (i, None, j) an old
    item that stood before new item j, (None, j, j) a new item."""
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        next_j = j1
        for i in range(i1, i2):
            match = next((j for j in range(next_j, j2) if similar(old[i], new[j])), None)
            if match is None:
                yield i, None, next_j
                continue
            for j in range(next_j, match):
                yield None, j, j
            yield i, match, match
            next_j = match + 1
        for j in range(next_j, j2):
            yield None, j, j


def citations(page: Page) -> list[Citation]:
    return [c for block in page.blocks for c in block.citations]


def quotations(page: Page) -> list[Quotation]:
    found = []
    for block in page.blocks:
        masked = block.text
        for c in block.citations:
            masked = masked[: c.start] + _MASK * len(c.text) + masked[c.start + len(c.text):]
        for match in _QUOTED.finditer(masked):
            text = (match.group(1) or match.group(2)).strip()
            if not text or _MASK in text:
                continue
            after = [c for c in block.citations if c.start >= match.end()]
            found.append(Quotation(text, after[0].text if after else "", block.anchor, block.section))
    return found


def _placed(head: Page, anchor: str, section: str, items: Sequence, j: int) -> tuple[str, str]:
    """Where an old item goes on the head page: its heading if still there, else the new item before it."""
    if anchor in head.ids:
        return anchor, section
    if j > 0 and items:
        before = items[min(j, len(items)) - 1]
        return before.anchor, before.section
    return "", ""


def _changes(base: Page | None, head: Page | None, items: Callable[[Page], Sequence], key, similar,
             describe: Callable[[object, object], dict]) -> list[dict]:
    """Each item of a page that changed, was added or was removed, placed, with ``describe``'s fields."""
    old_items = items(base) if base else []
    new_items = items(head) if head else []
    out = []
    for i, j, at in align(old_items, new_items, key, similar):
        old = old_items[i] if i is not None else None
        new = new_items[j] if j is not None else None
        if new is not None:
            anchor, section = new.anchor, new.section
        elif head is not None:
            anchor, section = _placed(head, old.anchor, old.section, new_items, at)
        else:  # the page went: no place in the preview
            anchor, section = "", old.section
        kind = "changed" if old and new else "added" if new else "removed"
        out.append({"kind": kind, "anchor": anchor, "section": section, **describe(old, new)})
    return out


def _text(old: Block | None, new: Block | None) -> dict:
    return {"block": (new or old).kind, "old": old.text if old else None, "new": new.text if new else None}


def _citation(old: Citation | None, new: Citation | None) -> dict:
    return {"keys": list((new or old).keys), "old": old.text if old else None, "new": new.text if new else None}


def _quotation(old: Quotation | None, new: Quotation | None) -> dict:
    return {"old": {"text": old.text, "pinpoint": old.pinpoint} if old else None,
            "new": {"text": new.text, "pinpoint": new.pinpoint} if new else None}


def _similar_blocks(a: Block, b: Block) -> bool:
    return a.kind == b.kind and alike(a.text, b.text, SIMILAR)


def compare(base: Site, head: Site) -> list[dict]:
    """Every page that changed, was added or was removed, with what changed on it, by URL."""
    out = []
    for url in sorted(base.urls | head.urls):
        if url in base.digests and base.digests[url] == head.digests.get(url):
            continue  # the same article: nothing to read
        old, new = base.page(url), head.page(url)
        status = "changed" if old and new else "added" if new else "removed"
        row = {"url": url, "title": (new or old).title, "status": status,
               "blocks": len((new or old).blocks), "text": [],
               "citations": _changes(old, new, citations, lambda c: (c.keys, c.text),
                                     lambda a, b: a.keys == b.keys, _citation),
               "quotations": _changes(old, new, quotations, lambda q: (q.text, q.pinpoint),
                                      lambda a, b: alike(a.text, b.text, SIMILAR), _quotation)}
        if status == "changed":  # an added or removed page is not listed block by block
            row["text"] = _changes(old, new, lambda p: p.blocks, lambda b: (b.kind, b.text), _similar_blocks, _text)
            if not (row["text"] or row["citations"] or row["quotations"]):
                continue
        out.append(row)
    return out
