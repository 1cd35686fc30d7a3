"""A BibTeX entry as the CSL item a citation style formats: its type and variables.

The mapping is the one pandoc's BibTeX reader makes (the oracle this engine is held to), so that a
field means here what it means there: ``@manual`` is a book, a ``@misc`` has no type, ``number`` is a
series number in a book and an issue in an article, the publisher joins the school, institution,
organization, howpublished and publisher fields. Where pandoc is demonstrably wrong it is not
followed (see ``tests/test_pandoc_faults.py``): a publisher is not split at " and ", a single capital
("R") keeps its case, braces never print.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..bib.bibtex import Entry, Name, strip_braces
from . import rich
from .casing import is_english

MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

CSL_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "bookinbook": "chapter",
    "collection": "book", "dataset": "dataset", "data": "dataset", "electronic": "webpage",
    "inbook": "chapter", "incollection": "chapter", "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference", "conference": "paper-conference", "manual": "book",
    "mastersthesis": "thesis", "misc": "", "mvbook": "book", "mvcollection": "book",
    "mvproceedings": "book", "mvreference": "book", "online": "webpage", "patent": "patent",
    "periodical": "article-journal", "phdthesis": "thesis", "proceedings": "book", "reference": "book",
    "report": "report", "software": "software", "suppbook": "chapter", "suppcollection": "chapter",
    "suppperiodical": "article-journal", "techreport": "report", "thesis": "thesis", "www": "webpage",
    "standard": "standard", "unpublished": "manuscript", "newsarticle": "article-newspaper",
    # biblatex's "unsupported" types, which pandoc maps all the same
    "commentary": "book", "legislation": "legislation", "legal": "treaty", "jurisdiction": "legal_case",
    "artwork": "graphic", "image": "graphic", "audio": "song", "music": "song", "video": "motion_picture",
    "movie": "motion_picture", "performance": "speech", "letter": "personal_communication",
    "letters": "personal_communication", "review": "review",
}
_ARTICLE_LIKE = frozenset({"article", "periodical", "suppperiodical", "review"})
_CHAPTER_LIKE = frozenset({"inbook", "incollection", "inproceedings", "inreference", "bookinbook", "conference"})
_NUMBER_IS_SERIES = frozenset({
    "book", "collection", "proceedings", "reference", "mvbook", "mvcollection", "mvproceedings",
    "mvreference", "bookinbook", "inbook", "incollection", "inproceedings", "inreference", "suppbook",
    "suppcollection", "conference",
})
_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/", "googlebooks": "https://books.google.com?id=",
}
_LINK = re.compile(r'<a href="([^"]*)">')
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master’s thesis"}


@dataclass(frozen=True, slots=True)
class Date:
    year: str = ""
    month: int = 0  # 1-12, 0 when unknown
    day: int = 0


@dataclass(slots=True)
class Item:
    type: str  # the CSL type: "book", "article-journal", "" for a @misc
    english: bool  # titles are title-cased only in English
    # Titles as ``rich`` nodes, in sentence case as pandoc hands them to the style
    title: list = field(default_factory=list)
    short_title: list = field(default_factory=list)
    container: list = field(default_factory=list)  # journal, book or proceedings
    collection: list = field(default_factory=list)  # series
    collection_number: str = ""
    genre: str = ""
    volume: str = ""
    issue: str = ""
    number: str = ""
    page: str = ""
    edition: str = ""
    version: str = ""
    chapter: str = ""
    publisher: str = ""
    place: str = ""
    event_place: str = ""
    url: str = ""
    doi: str = ""
    title_link: str = ""  # where the title links when no address is printed (PubMed)
    links: frozenset = frozenset()  # addresses that ``\\url{}`` made links in the publisher's fields
    status: str = ""
    date: Date = Date()
    accessed: Date = Date()  # urldate: printed for an undated work with an address
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    translators: list[Name] = field(default_factory=list)


def csl_item(entry: Entry) -> Item:
    kind = entry.type
    get = entry.get
    english = is_english(entry)

    markup = entry.markup or {}

    def title_field(name: str) -> list:
        """A title as pandoc reads it: in sentence case, if English."""
        value = get(name)
        if not value:
            return []
        nodes = rich.parse(value, markup.get(name))
        return rich.sentence_case(nodes) if english else rich.unprotect(nodes)

    def periodical(name: str) -> list:
        """A journal's name keeps its case as written."""
        value = get(name)
        return rich.unprotect(rich.parse(value, markup.get(name))) if value else []

    item = Item(CSL_TYPES.get(kind, ""), english)
    if kind == "unpublished" and (get("eventdate") or get("eventtitle") or get("venue")):
        item.type = "speech"
    main, subtitle, addon = title_field("title"), title_field("subtitle"), title_field("titleaddon")
    item.title = rich.join([rich.join([main, subtitle], ":"), addon], ".")
    # pandoc's short title: the shorttitle field, else the title without its subtitle or the part
    # of the title before its colon (the in-text form of a work known by its title)
    item.short_title = title_field("shorttitle") or (main if subtitle or addon else rich.up_to_colon(main))
    journal = "journaltitle" if get("journaltitle") else "journal"
    if kind in _ARTICLE_LIKE:
        item.container = rich.join([periodical(journal), periodical("journalsubtitle")], ":")
    elif kind in _CHAPTER_LIKE:
        book = "maintitle" if get("maintitle") else "booktitle"
        item.container = rich.join([title_field(book), title_field("booksubtitle")], ":")
    else:
        item.container = periodical(journal)
    item.collection = title_field("series")
    number = get("number")
    if kind in _NUMBER_IS_SERIES:
        item.collection_number = number
    elif kind in _ARTICLE_LIKE:
        item.issue = _joined([number, get("issue")], ",") if number else get("issue")
    else:
        item.number = number
    genre = get("type")
    item.genre = genre or _THESIS_GENRES.get(kind, "")
    part = get("part")
    item.volume = f"{get('volume')}.{part}" if get("volume") and part else get("volume") or part
    item.page = get("pages")
    item.edition = get("edition")
    item.version = get("version")
    item.chapter = get("chapter")
    publishers = ("school", "institution", "organization", "howpublished", "publisher")
    item.publisher = _joined([get(f) for f in publishers], ";")
    if markup:
        item.links = frozenset(html.unescape(url) for f in publishers for url in _LINK.findall(markup.get(f, "")))
    item.place = get("address") or get("location")
    item.event_place = get("venue")
    item.url = get("url") or _eprint_url(entry)
    item.doi = get("doi")
    if not item.doi and not item.url:
        pmcid, pmid = get("pmcid"), get("pmid")
        item.title_link = (f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}" if pmcid else
                           f"https://www.ncbi.nlm.nih.gov/pubmed/{pmid}" if pmid else "")
    item.status = get("pubstate")
    item.date = entry_date(entry)
    item.accessed = _iso_date(get("urldate"))
    item.authors, item.editors = entry.authors, entry.editors
    item.translators = _names(get("translator"))
    return item


def _joined(parts: list[str], separator: str) -> str:
    """Fields pandoc joins into one variable: "A; B", no separator after punctuation."""
    out = ""
    for part in parts:
        if not part:
            continue
        out = part if not out else f"{out} {part}" if out[-1:] in "!?.,:;" else f"{out}{separator} {part}"
    return out


def _eprint_url(entry: Entry) -> str:
    kind = (entry.get("eprinttype") or entry.get("archiveprefix")).lower()
    eprint = entry.get("eprint")
    base = _EPRINT_URLS.get(kind)
    return base + eprint if base and eprint else ""


def _names(value: str) -> list[Name]:
    """A name list the reader left as text (translators): "A and B", each "Family, Given"."""
    names = []
    for person in re.split(r"\s+and\s+", value) if value else []:
        family, _, given = person.partition(",")
        names.append(Name(family=strip_braces(family.strip()), given=strip_braces(given.strip())))
    return names


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _iso_date(text: str) -> Date:
    match = _ISO_DATE.match(text) if text else None
    return Date(match.group(1), int(match.group(2) or 0), int(match.group(3) or 0)) if match else Date()


def entry_date(entry: Entry) -> Date:
    date = entry.get("date")
    if date:
        parsed = _iso_date(date)
        if parsed.year:
            return parsed
    year = entry.get("year")
    month = entry.get("month").strip().lower()
    month_number = int(month) if month.isdigit() else (
        MONTH_NAMES.index(month[:3]) + 1 if month[:3] in MONTH_NAMES else 0)
    day = entry.get("day")
    return Date(year, month_number, int(day) if day.isdigit() else 0)
