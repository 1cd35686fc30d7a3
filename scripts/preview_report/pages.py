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
from .words import similarity

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


def _text_changes(base: Page, head: Page) -> list[dict]:
    def similar(a: Block, b: Block) -> bool:
        return a.kind == b.kind and similarity(a.text, b.text) >= SIMILAR

    out = []
    for i, j, at in align(base.blocks, head.blocks, lambda b: (b.kind, b.text), similar):
        old = base.blocks[i] if i is not None else None
        new = head.blocks[j] if j is not None else None
        if new is not None:
            anchor, section = new.anchor, new.section
        else:
            anchor, section = _placed(head, old.anchor, old.section, head.blocks, at)
        kind = "changed" if old and new else "added" if new else "removed"
        out.append({"kind": kind, "block": (new or old).kind, "anchor": anchor, "section": section,
                    "old": old.text if old else None, "new": new.text if new else None})
    return out


def _citation_changes(base: Page | None, head: Page | None) -> list[dict]:
    old_items = citations(base) if base else []
    new_items = citations(head) if head else []
    out = []
    for i, j, at in align(old_items, new_items, lambda c: (c.keys, c.text), lambda a, b: a.keys == b.keys):
        old = old_items[i] if i is not None else None
        new = new_items[j] if j is not None else None
        if new is not None:
            anchor, section = new.anchor, new.section
        elif head is not None:
            anchor, section = _placed(head, old.anchor, old.section, new_items, at)
        else:
            anchor, section = "", old.section
        kind = "changed" if old and new else "added" if new else "removed"
        out.append({"kind": kind, "keys": list((new or old).keys), "anchor": anchor, "section": section,
                    "old": old.text if old else None, "new": new.text if new else None})
    return out


def _quotation_changes(base: Page | None, head: Page | None) -> list[dict]:
    old_items = quotations(base) if base else []
    new_items = quotations(head) if head else []
    out = []
    for i, j, at in align(old_items, new_items, lambda q: (q.text, q.pinpoint),
                          lambda a, b: similarity(a.text, b.text) >= SIMILAR):
        old = old_items[i] if i is not None else None
        new = new_items[j] if j is not None else None
        if new is not None:
            anchor, section = new.anchor, new.section
        elif head is not None:
            anchor, section = _placed(head, old.anchor, old.section, new_items, at)
        else:
            anchor, section = "", old.section
        kind = "changed" if old and new else "added" if new else "removed"
        out.append({"kind": kind, "anchor": anchor, "section": section,
                    "old": {"text": old.text, "pinpoint": old.pinpoint} if old else None,
                    "new": {"text": new.text, "pinpoint": new.pinpoint} if new else None})
    return out


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
               "citations": _citation_changes(old, new), "quotations": _quotation_changes(old, new)}
        if status == "changed":
            row["text"] = _text_changes(old, new)
            if not (row["text"] or row["citations"] or row["quotations"]):
                continue
        out.append(row)
    return out
