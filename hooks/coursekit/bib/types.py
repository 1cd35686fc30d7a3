"""Entry types and field names as pandoc reads a .bib file (its biblatex reader).

Every type pandoc maps to a CSL type is known here, with the family the checks hold it to (what it
cannot do without): ``@manual`` and ``@proceedings`` are books, ``@www`` an ``@online``. The entry
keeps the type as written, for the style (``style/item.py``) makes the CSL item of it as pandoc
does; a type nobody knows is given as ``@misc``, which pandoc formats it as, and the reader warns.
"""

from __future__ import annotations

# Type as written → its family. Pandoc's CSL type, for reference, in the comment.
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
    "article": ("author", "title", "journal|journaltitle"),
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

# biblatex's localisation keys, as a ``type`` field writes them (Better BibTeX: @thesis with
# type = {phdthesis}): pandoc prints their English string, as biblatex does.
TYPE_STRINGS = {"phdthesis": "PhD thesis", "mathesis": "Master’s thesis", "candthesis": "Candidate thesis",
                "techreport": "technical report", "resreport": "research report", "software": "computer software",
                "datacd": "CD-ROM", "audiocd": "audio CD"}

# biblatex field names pandoc reads as another (its ``resolveAlias``), before anything else.
FIELD_ALIASES = {"archiveprefix": "eprinttype", "primaryclass": "eprintclass"}


def family(source_type: str) -> str | None:
    """The family of ``source_type`` (``@manual`` → book), for the checks; None for a type nobody knows."""
    return TYPES.get(source_type)


def required(source_type: str) -> tuple[str, ...]:
    return REQUIRED_FIELDS.get(TYPES.get(source_type, UNKNOWN_TYPE), DEFAULT_REQUIRED)
