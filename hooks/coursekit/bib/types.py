"""Entry types and field names as pandoc reads a .bib file (its biblatex reader), for the style.

Every type pandoc maps to a CSL type is known here. The style is given the type it formats: a type
that pandoc formats as another is given as that one (``@manual``, ``@software``, ``@proceedings`` are
CSL books; ``@www`` and ``@electronic`` are ``@online``); the others keep their name. A type nobody
knows is formatted as ``@misc``, as pandoc does, and the reader warns.

Fields pandoc reads under another name are given under the name the style reads (``journaltitle``
as ``journal``), and the parts pandoc joins are joined (``title: subtitle``). What the author wrote
is kept alongside.
"""

from __future__ import annotations

import html

# Source type → the type the style formats. Pandoc's CSL type, for reference, in the comment.
TYPES = {
    "article": "article",  # article-journal (magazine, newspaper by entrysubtype)
    "suppperiodical": "article",
    "newsarticle": "article",  # biblatex-apa: article-newspaper
    "periodical": "periodical",  # a whole issue: article-journal
    "book": "book",
    "mvbook": "book", "collection": "book", "mvcollection": "book", "proceedings": "book",
    "mvproceedings": "book", "reference": "book", "mvreference": "book", "manual": "book",
    "commentary": "book",
    "software": "software",  # CSL 1.0.2's software (pandoc 3 reads it so; older pandoc made it a book)
    "inbook": "inbook", "bookinbook": "inbook", "suppbook": "inbook",  # chapter
    "incollection": "incollection", "suppcollection": "incollection",  # chapter
    "inproceedings": "inproceedings",  # paper-conference
    # BibTeX's own synonym of @inproceedings. Pandoc does not know it and loses the booktitle
    # (formatting a misc): here it is what BibTeX and biblatex make of it.
    "conference": "inproceedings",
    "inreference": "inreference",  # entry-encyclopedia
    "online": "online", "www": "online", "electronic": "online",  # webpage
    "report": "report", "techreport": "techreport",  # report
    "thesis": "thesis", "phdthesis": "phdthesis", "mastersthesis": "mastersthesis",  # thesis
    "unpublished": "unpublished",  # manuscript, or speech with an event
    "booklet": "booklet",  # pamphlet
    "dataset": "dataset", "data": "dataset",
    "patent": "patent",
    "misc": "misc",
    # biblatex's "unsupported" types, which pandoc still maps
    "standard": "standard", "legislation": "legislation", "legal": "legal", "jurisdiction": "jurisdiction",
    "artwork": "artwork", "image": "image", "audio": "audio", "music": "music", "video": "video",
    "movie": "movie", "performance": "performance", "letter": "letter", "letters": "letter",
    "review": "review",
    "xdata": "xdata",  # fields for other entries to inherit: never listed itself
}
UNKNOWN_TYPE = "misc"

# Fields an entry of each (style) type cannot do without. "author|editor" means either will do.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal"),
    "book": ("author|editor", "title"),
    "incollection": ("author", "title", "booktitle"),
    "inbook": ("author|editor", "title", "booktitle"),
    "inproceedings": ("author", "title", "booktitle"),
    "report": ("author|institution", "title"),
    "techreport": ("author|institution", "title"),
    "online": ("title", "url|doi|eprint|note"),
    "unpublished": ("author", "title"),
    "thesis": ("author", "title", "school|institution"),
    "phdthesis": ("author", "title", "school|institution"),
    "mastersthesis": ("author", "title", "school|institution"),
    "xdata": (),
}
DEFAULT_REQUIRED = ("title",)

# biblatex field names pandoc reads as another (its ``resolveAlias``), before anything else.
FIELD_ALIASES = {"archiveprefix": "eprinttype", "primaryclass": "eprintclass"}
# The style reads the first; pandoc takes the second when the first is absent.
FALLBACKS = (("journal", "journaltitle"),)
# pandoc joins these into one title, "Title: Subtitle" (``concatWith ':'``).
SUBTITLES = (("title", "subtitle"), ("booktitle", "booksubtitle"), ("journal", "journalsubtitle"))
# With ``eprinttype``, pandoc makes the ``eprint`` a link when there is no ``url``.
EPRINT_URLS = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
               "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/", "googlebooks": "https://books.google.com?id="}


def style_type(source_type: str) -> str | None:
    """The type the style formats an entry of ``source_type`` as; None for a type nobody knows."""
    return TYPES.get(source_type)


def required(style: str) -> tuple[str, ...]:
    return REQUIRED_FIELDS.get(style, DEFAULT_REQUIRED)


def normalise_fields(fields: dict[str, str], markup: dict[str, str] | None = None) -> None:
    """Give the style, in place, the fields as pandoc reads them (see the module's docstring);
    ``markup`` (``Entry.markup``) follows."""
    for name, fallback in FALLBACKS:
        if not fields.get(name) and fields.get(fallback):
            fields[name] = fields[fallback]
            if markup and fallback in markup:
                markup[name] = markup[fallback]
    for name, sub in SUBTITLES:
        if fields.get(name) and fields.get(sub):
            if markup and (name in markup or sub in markup):
                markup[name] = join_title(markup.get(name) or html.escape(fields[name], quote=False),
                                          markup.get(sub) or html.escape(fields[sub], quote=False))
            fields[name] = join_title(fields[name], fields[sub])
    if not fields.get("url") and fields.get("eprint"):
        base = EPRINT_URLS.get(fields.get("eprinttype", "").strip().lower())
        if base:
            fields["url"] = base + fields["eprint"].strip()


def join_title(title: str, subtitle: str) -> str:
    """"Title: Subtitle"; a title ending in a mark of its own ("Why?") keeps it, as pandoc joins them."""
    return f"{title} {subtitle}" if title.rstrip().endswith(tuple("!?.,:;")) else f"{title}: {subtitle}"
