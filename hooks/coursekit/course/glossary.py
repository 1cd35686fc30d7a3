"""The glossary: terms with a short expansion (hover tooltips) and a cited definition.

One file, ``course/glossary.yml``, feeds both the abbreviation tooltips on every page and the
glossary page, so the two never disagree.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from ..diagnostics import Problem
from ..render.safe import plain_text
from .text import block, inline, link_problems
from ..yamlpos import LineList, load_file, position

# Only acronym-like terms become tooltips: "R2P" is worth a hover, "human security" in every
# sentence is not.
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*$")


@dataclass
class Term:
    id: str
    term: str
    expansion: str
    definition: str
    themes: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def short(self) -> str:
        return self.definition.split(". ")[0]

    @property
    def is_abbreviation(self) -> bool:
        return bool(_ABBREVIATION.match(self.term)) and self.expansion != ""


@dataclass
class Glossary:
    path: str
    terms: list[Term]

    @property
    def ids(self) -> set[str]:
        return {t.id for t in self.terms}

    def term(self, term_id: str) -> Term:
        return next(t for t in self.terms if t.id == term_id)


def load_glossary(path, shown: str, known_keys=None) -> tuple[Glossary | None, list[Problem]]:
    data, problems = load_file(path, shown)
    if data is None:
        return None, problems
    if not isinstance(data, LineList):
        return None, [Problem(shown, 1, 1, "the glossary is a list of terms", "write one '- id: …' item per term")]
    glossary = Glossary(shown, [])
    seen: set[str] = set()
    for item in data:
        line, col = position(item)
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, col, "a glossary entry is a mapping", "write '- id: …' then 'term:' and 'definition:'"))
            continue
        missing = [k for k in ("id", "term", "definition") if not item.get(k)]
        for key in missing:
            problems.append(Problem(shown, line, col, f"glossary entry '{item.get('id', '?')}' lacks '{key}'",
                                    f"add '{key}:'"))
        if missing:
            continue
        term_id = str(item["id"])
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", term_id):
            problems.append(Problem(shown, line, col, f"glossary id '{term_id}' is not a lower-case slug",
                                    "use lower-case letters, digits and hyphens: it is the term's anchor"))
            continue
        if term_id in seen:
            problems.append(Problem(shown, line, col, f"glossary id '{term_id}' is defined twice", "keep one entry"))
            continue
        seen.add(term_id)
        for key in ("term", "expansion", "definition"):
            if item.get(key):
                problems.extend(link_problems(item[key], shown, (line, col)))
        themes = item.get("themes") or []
        glossary.terms.append(Term(term_id, str(item["term"]), str(item.get("expansion") or ""),
                                   str(item["definition"]).strip(), [str(t) for t in themes], line))
        if known_keys is not None:
            problems.extend(citation_problems(item["definition"], known_keys, shown))
    glossary.terms.sort(key=lambda t: t.term.lower())
    return glossary, problems


def citation_problems(text, known_keys, shown: str) -> list[Problem]:
    """Unknown keys cited in a text written in a YAML file, at the text's line and column."""
    from ..cite.parse import every_citation, find_citations
    from ..cite.page import keys_in, unknown_key_problem

    line, col = position(text)
    known = keys_in(known_keys)
    return [unknown_key_problem(item.key, known_keys, shown, line, col)
            for citation in every_citation(find_citations(str(text))) for item in citation.items
            if known(item.key) is None]


def abbreviations_markdown(glossary: Glossary) -> str:
    """Definitions for Python-Markdown's ``abbr`` extension, appended to every page. Each is one line
    of plain words (the tooltip is an attribute): a line break or markup in an expansion would
    otherwise reach every page of the site."""
    lines = [f"*[{t.term}]: {plain_text(t.expansion)}" for t in glossary.terms if t.is_abbreviation]
    return "\n".join(lines) + "\n"


def glossary_markdown(glossary: Glossary, src_uri: str, guides_for_term) -> str:
    """The glossary page, A–Z; each term links to the reading guides it belongs to."""
    out = ["# Glossary\n\nKey terms of the course, A–Z. Abbreviations show their meaning when you hover "
           "over them anywhere in the reader.\n"]
    for term in glossary.terms:
        heading = f"{inline(term.term)} ({inline(term.expansion)})" if term.is_abbreviation else inline(term.term)
        out.append(f"\n## {heading} {{#{term.id}}}\n\n{block(term.definition)}\n")
        guides = guides_for_term(term)
        if guides:
            links = ", ".join(f"[{inline(title)}]({posixpath.relpath(uri, posixpath.dirname(src_uri) or '.')})"
                              for uri, title in guides)
            out.append(f"\n*In reading guides:* {links}\n")
    return "".join(out)
