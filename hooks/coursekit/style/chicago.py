"""Chicago author-date references and in-text citations, as HTML, in the 17th or the 18th edition.

The rules follow what pandoc's citeproc produces with the official CSL styles
(``chicago-author-date-17th-edition.csl`` and ``chicago-author-date.csl``) for the CSL item a BibTeX
entry becomes (``item.py``); ``tests/test_chicago_oracle.py`` holds entries of every shape to that,
and ``tests/test_pandoc_faults.py`` names each place where pandoc is wrong and this is not.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from ..bib.bibtex import Name, ascii_fold
from . import rich
from .casing import smart_quotes, strip_braces
from .item import Date, Item


@dataclass(frozen=True)
class Edition:
    name: str
    cite_et_al_min: int  # in-text: this many names or more print as "First et al."
    bib_et_al_min: int  # bibliography: this many names or more are cut to the first ...
    bib_et_al_first: int  # ... this many, then "et al."
    repeat_dash: bool  # "———." for the same authors as the entry above
    places: bool  # "New York: Springer" (17th) or "Springer" (18th)
    serial_year: bool  # "45 (August 2001)" (17th) or "45 (August)" (18th)
    chapter_pages: bool  # "In Big, 1–20." (17th); the 18th leaves a chapter's pages out
    sub_verbo: tuple[str, str]


SEVENTEENTH = Edition("17", 4, 11, 7, True, True, True, True, ("s.v.", "s.vv."))
EIGHTEENTH = Edition("18", 3, 7, 3, False, False, False, False, ("under", "under"))

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
LOCATOR_SHORT = {
    "book": ("bk.", "bks."), "chapter": ("chap.", "chaps."), "column": ("col.", "cols."),
    "figure": ("fig.", "figs."), "folio": ("fol.", "fols."), "number": ("no.", "nos."),
    "line": ("line", "lines"), "note": ("n.", "nn."), "opus": ("op.", "opp."),
    "paragraph": ("para.", "paras."), "part": ("pt.", "pts."), "section": ("sec.", "secs."),
    "verse": ("v.", "vv."), "volume": ("vol.", "vols."),
}
_HTML_TAG = re.compile(r"<[^>]+>")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def plain(html_text: str) -> str:
    return html.unescape(_HTML_TAG.sub("", html_text))


def _text(value: str) -> str:
    """A plain field (publisher, place, number) as HTML: braces gone, quotes curled, escaped."""
    return esc(smart_quotes(strip_braces(value)))


# -- Names --------------------------------------------------------------------------------------

_JOINED_INITIALS = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_])")


def _spaced_initials(given: str) -> str:
    """"J.N." → "J. N." (pandoc's reading of BibTeX names); a lone "." is no initial."""
    given = _JOINED_INITIALS.sub(r"\1. ", given) if "." in given else given
    return " ".join(w for w in given.split() if w != ".")


def _given(name: Name) -> str:
    """Given names as citeproc prints them: "J.N." → "J. N.", a bare initial gets its period."""
    return " ".join(f"{w}." if len(w) == 1 and w.isalpha() else w for w in _spaced_initials(name.given).split())


def _given_first(name: Name) -> str:
    if name.literal:
        return smart_quotes(name.family)
    parts = [_given(name), name.particle, name.family]
    text = smart_quotes(" ".join(p for p in parts if p))
    return f"{text}, {name.suffix}" if name.suffix else text


def _family_first(name: Name) -> str:
    if name.literal:
        return smart_quotes(name.family)
    capital_particle = bool(name.particle) and name.particle[0].isupper()
    family = f"{name.particle} {name.family}" if capital_particle else name.family
    given = " ".join(p for p in [_given(name), "" if capital_particle else name.particle] if p)
    # "Feldman{,}" as a family name: one comma, as citeproc collapses the two
    text = smart_quotes((f"{family} {given}" if family.endswith(",") else f"{family}, {given}") if given else family)
    return f"{text}, {name.suffix}" if name.suffix else text


def is_others(name: Name) -> bool:
    return not name.literal and name.family == "others" and not name.given


def _and_list(rendered: list[str], serial_comma: bool = True) -> str:
    if len(rendered) == 1:
        return rendered[0]
    if len(rendered) == 2:
        return f"{rendered[0]}{',' if serial_comma else ''} and {rendered[1]}"
    return ", ".join(rendered[:-1]) + ", and " + rendered[-1]


def names_bib(names: list[Name], edition: Edition = SEVENTEENTH) -> str:
    others = bool(names) and is_others(names[-1])
    names = [n for n in names if not is_others(n)]
    if not names:
        return "Anonymous"  # "author = {others}" alone: bibtex.py reports it, this only must not crash
    if len(names) + others >= edition.bib_et_al_min:
        names, others = names[: edition.bib_et_al_first], True
    rendered = [_family_first(names[0])] + [_given_first(n) for n in names[1:]]
    if others:
        return ", ".join(rendered) + (", et al." if len(rendered) > 1 else " et al.")
    return _and_list(rendered)


def names_sort(names: list[Name], edition: Edition = SEVENTEENTH) -> str:
    """The names as citeproc sorts them: every one family name first ("Abe, Zoe" before "Zed,
    Anna" as second authors), a lower-case particle after the given name, cut to "et al." as printed.
    citeproc drops the comma and space after a name ending in a full stop, so that "Sonabend, R." and
    the next name make one word ("R.Kotthoff" sorts after "Raphael")."""
    others = bool(names) and is_others(names[-1])
    names = [n for n in names if not is_others(n)]
    if len(names) + others >= edition.bib_et_al_min:
        names, others = names[: edition.bib_et_al_first], True
    parts = []
    for name in names:
        if name.literal:
            parts.append(name.family)
        elif name.particle and not name.particle[0].isupper():
            parts.append(f"{name.family}, {name.given} {name.particle}")
        else:
            parts.append(f"{family(name)}, {name.given}")
    if others:
        parts.append("et al.")
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += part if out.endswith(".") else ", " + part
    return out


def names_inline(names: list[Name], edition: Edition = SEVENTEENTH) -> str:
    """"edited by A. Eoe and B. Foe": given name first, no serial comma for two; cut to the first
    few and "et al." from the bibliography's threshold, as the authors are."""
    others = bool(names) and is_others(names[-1])
    names = [n for n in names if not is_others(n)]
    if len(names) + others >= edition.bib_et_al_min:
        return ", ".join(_given_first(n) for n in names[: edition.bib_et_al_first]) + ", et al."
    if others:
        return ", ".join(_given_first(n) for n in names) + (", et al." if len(names) > 1 else " et al.")
    return _and_list([_given_first(n) for n in names], serial_comma=False)


def family(name: Name) -> str:
    if name.literal:
        return smart_quotes(name.family)
    if name.particle and name.particle[0].isupper():
        return smart_quotes(f"{name.particle} {name.family}")
    return smart_quotes(name.family)


def names_short(names: list[Name], edition: Edition = SEVENTEENTH, first: str | None = None,
                shown: int = 0) -> str:
    """In-text names. ``first`` replaces the first name when it needs its given name to be told
    apart; ``shown`` is how many names to print before "et al." when the first alone would not
    tell two works apart ("Wickham, François, et al.")."""
    others = bool(names) and is_others(names[-1])
    names = [n for n in names if not is_others(n)]
    if not names:
        return "Anonymous"
    families = [family(n) for n in names]
    if first:
        families[0] = first
    # "and others" counts as a name and prints as "et al." in its place ("Eoe, Goe, et al.").
    if len(families) + others >= edition.cite_et_al_min:
        count = max(shown, 1)
        if count < len(families) or others:
            kept = families[:count]
            return ", ".join(kept) + (", et al." if len(kept) > 1 else " et al.")
    if others:
        return ", ".join(families) + (", et al." if len(families) > 1 else " et al.")
    return _and_list(families, serial_comma=True) if len(families) > 2 else " and ".join(families)


def initials(given: str) -> str:
    """"Yafei" → "Y.", "Alex J." → "A. J.", "Jean-Paul" → "J.-P."."""
    words = []
    for word in given.replace(".", ". ").split():
        words.append("-".join(part[0] + "." for part in word.split("-") if part))
    return " ".join(words)


# -- Dates ----------------------------------------------------------------------------------------


def month_day(date: Date) -> str:
    if not date.month:
        return ""
    text = MONTHS[date.month - 1]
    return f"{text} {date.day}" if date.day else text


def _full_date(date: Date) -> str:
    """"February 20, 2023", "February 2023" or "2023", as the CSL's text form of a date."""
    if not date.month:
        return date.year
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}" if date.day else f"{MONTHS[date.month - 1]} {date.year}"


def year_label(date: Date, suffix: str = "") -> str:
    return f"{date.year}{suffix}" if date.year else f"n.d.{'-' + suffix if suffix else ''}"


# -- Numbers and pages ----------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_PLURAL = re.compile(r"[–,&]|\band\b|\d\s*-+\s*\d")
_NUMERIC = re.compile(r"^[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:[-–,&]|--)\s*[A-Za-z]?\d+[A-Za-z]?)*$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)?$", re.IGNORECASE)
_RANGE_LISTS = re.compile(r"\s*([,&])\s*")
_RANGE_DASHES = re.compile(r"\s*[-–]+\s*")
_TRAILING_DIGITS = re.compile(r"\d*$")


def page_range(pages: str) -> str:
    """Page ranges as citeproc's "chicago-16" format writes them: an en dash, the second number cut
    to the digits that change (at least two): 615-634 → 615–34, 101-108 → 101–8, 321-8 → 321–28,
    e1234-e1240 → e1234–40. A run of dashes ("405––418") is one dash, where pandoc prints it as typed."""
    if "-" not in pages and "–" not in pages:
        return pages
    pieces = _RANGE_LISTS.split(pages.strip())
    out = []
    for index, piece in enumerate(pieces):
        out.append(f"{piece} " if index % 2 else _one_range(piece))
    return "".join(out).replace(" ,", ",")


def _one_range(text: str) -> str:
    if "\\-" in text:
        return text.replace("\\-", "-")
    parts = _RANGE_DASHES.split(text)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return text
    first, last = parts
    prefix = first[: _TRAILING_DIGITS.search(first).start()]
    if prefix != last[: _TRAILING_DIGITS.search(last).start()]:
        return f"{first}–{last}"
    x, y = first[len(prefix):], last[len(prefix):]
    if len(y) < len(x):
        y = x[: len(x) - len(y)] + y
    if len(x) < 3 or x.endswith("00"):
        return f"{prefix}{x}–{y}"
    threshold = 1 if x[-2:-1] == "0" and y[-2:-1] == "0" else 2
    return f"{prefix}{x}–{_minimal(x, y, threshold)}"


def _minimal(x: str, y: str, threshold: int) -> str:
    common = 0
    while common < min(len(x), len(y)) and x[common] == y[common]:
        common += 1
    if common == 0 or len(x) != len(y):
        return y
    rest = y[common:]
    return y[-threshold:] if len(rest) < threshold <= len(y) else rest


def locator_text(label: str, locator: str, edition: Edition = SEVENTEENTH) -> str:
    value = page_range(locator) if _DIGIT.search(locator) else locator
    if label in ("", "page"):
        return value
    single, many = edition.sub_verbo if label == "sub verbo" else LOCATOR_SHORT.get(label, (label, label))
    plural = bool(_PLURAL.search(value))
    return f"{many if plural else single} {value}"


def _is_numeric(value: str) -> bool:
    return bool(_NUMERIC.match(value.strip()))


def _labelled(label: tuple[str, str], value: str) -> str:
    """"No. 800", "Nos. 800-53", or the value alone when it is not a number ("arXiv:2001.01234")."""
    if not _is_numeric(value):
        return _text(value)
    return f"{label[1] if _PLURAL.search(value) else label[0]} {_text(page_range(value) if label[0] == 'pp.' else value)}"


def edition_text(edition: str) -> str:
    """"2" → "2nd ed."; words ("Second", "Revised") print as written, capitalised."""
    match = _ORDINAL.match(edition.strip())
    if not match:
        return _text(edition[:1].upper() + edition[1:])
    n = int(match.group(1))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} ed."


# -- References -------------------------------------------------------------------------------------

_HTTP = re.compile(r"https?://", re.IGNORECASE)
# The CSL's title-primary: these types' titles are in italics, whatever else the entry holds ...
ITALIC_TYPES = frozenset({"book", "classic", "graphic", "hearing", "map"})
# ... these in quotation marks, as is any title with a container (journal, book, site).
QUOTED_TYPES = frozenset({"article", "dataset", "document", "interview", "manuscript", "paper-conference",
                          "personal_communication", "speech", "thesis", "webpage", "post"})
SERIAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "review"})


def _sentence(text: str) -> str:
    """A part of the reference with its full stop, unless it ends a sentence already ("?", or a
    title whose quotation marks hold its full stop)."""
    text = text.rstrip()
    return text if not text or rich.ends_sentence(plain(text)) else text + "."


def _link(item: Item) -> str:
    if item.doi:
        href = item.doi if _HTTP.match(item.doi) else f"https://doi.org/{item.doi}"
        return f'<a href="{html.escape(href)}">{esc(href)}</a>'
    if item.url and _HTTP.match(item.url):
        return f'<a href="{html.escape(item.url)}">{esc(item.url)}</a>'
    return esc(item.url)


def is_quoted(item: Item) -> bool:
    if item.type in ITALIC_TYPES:
        return False
    return bool(item.container) or item.type in QUOTED_TYPES


def _title_cased(item: Item) -> bool:
    """Whether the CSL asks for title case: not for a post, a dictionary entry or an unsigned
    encyclopedia entry (sentence case), nor in a language other than English."""
    if not item.english or item.type in ("post", "entry-dictionary", "patent"):
        return False
    return not (item.type == "entry-encyclopedia" and item.container and not item.authors)


def cased(item: Item, nodes: list, last_word: bool) -> list:
    return rich.title_case(nodes, last_word) if nodes and _title_cased(item) else nodes


def title_html(item: Item) -> str:
    """The title, in quotation marks with its full stop inside them, or in italics; linked (inside
    them) where pandoc links it."""
    if not item.title:
        return ""
    if item.type == "patent":  # neither italics nor quotation marks, in sentence case
        return _plain_title(item.title)
    quoted = is_quoted(item)
    nodes = cased(item, item.title, last_word=quoted)
    inner = rich.to_html(nodes, level=1 if quoted else 0)
    if item.title_link:
        inner = f'<a href="{html.escape(item.title_link)}">{inner}</a>'
    if not quoted:
        return f"<em>{inner}</em>"
    return f"“{inner}”" if rich.ends_sentence(rich.plain_text(nodes, 1)) else f"“{inner}.”"


def _plain_title(nodes: list) -> str:
    first = nodes[0]
    return rich.to_html([rich.capitalize_first(first), *nodes[1:]] if isinstance(first, str) else nodes)


def container_html(item: Item) -> str:
    """A journal's or book's title, in italics."""
    return f"<em>{rich.to_html(cased(item, item.container, last_word=False))}</em>" if item.container else ""


def series_html(item: Item) -> str:
    return rich.to_html(cased(item, item.collection, last_word=True))


def _publisher(item: Item, edition: Edition) -> str:
    """"Place: Publisher" (17th) or "Publisher" (18th), each starting with a capital as the CSL asks."""
    publisher = _capitalised(item.publisher, item.links)
    if (edition.places or not publisher) and item.place:
        place = _capitalised(item.place)
        return f"{place}: {publisher}" if publisher else place
    return publisher


def _capitalised(value: str, links: frozenset = frozenset()) -> str:
    """A plain field with CSL's capitalize-first ("(in progress)" → "(In progress)"; "arXiv" stays);
    an address written ``\\url{…}`` stays a link, as in pandoc (its text capitalised all the same)."""
    text = _text(rich.capitalize_first(value))
    return f'<a href="{html.escape(value)}">{text}</a>' if value in links else text


def creators(item: Item) -> list[Name]:
    return item.authors or item.editors or item.translators


def publisher_as_author(item: Item) -> str:
    """A web page or software with no author is listed under its publisher or site. (Not a standard:
    the CSL lists it under its "authority", which a BibTeX entry does not give.)"""
    if item.type in ("webpage", "software") and not creators(item):
        return item.publisher
    return ""


def source_parts(item: Item, edition: Edition = SEVENTEENTH) -> list[str]:
    """What follows the title (journal, book, publisher): the same for the reference and its sort key."""
    return _source(item, edition, bool(publisher_as_author(item)))


def reference(item: Item, edition: Edition = SEVENTEENTH, suffix: str = "", substitute_author: bool = False,
              source: list[str] | None = None) -> str:
    """The bibliography entry as HTML. ``suffix`` is the disambiguating letter (2017a)."""
    names = creators(item)
    organisation = publisher_as_author(item)
    year = year_label(item.date, suffix)
    title = title_html(item)
    parts: list[str] = []
    if names or organisation:
        author = "———" if substitute_author else esc(names_bib(names, edition) if names else smart_quotes(strip_braces(organisation)))
        if not item.authors and item.editors:
            author += ", eds." if len([n for n in item.editors if not is_others(n)]) > 1 else ", ed."
        elif not item.authors and item.translators:
            author += ", trans."
        parts += [_sentence(author), _sentence(year), _sentence(title)]
    else:
        parts += [_sentence(title), _sentence(year)]
    parts += [_sentence(p) for p in (source_parts(item, edition) if source is None else source) if p]
    if item.url and item.accessed.year and not item.doi and not item.date.year and not item.status:
        parts.append(f"Accessed {_full_date(item.accessed)}.")  # an undated page: when it was read
    link = _link(item)
    if link:
        parts.append(link + ".")
    return " ".join(p for p in parts if p)


def _source(item: Item, edition: Edition, publisher_shown: bool) -> list[str]:
    kind = item.type
    if kind in SERIAL_TYPES or (kind == "paper-conference" and not item.editors):
        return [_serial(item, edition)]
    if kind in ("chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"):
        return _in_book(item, edition)
    if kind == "thesis":
        return [", ".join(p for p in [_text(item.genre), _text(item.publisher)] if p)]
    if kind in ("manuscript", "speech"):
        return [_text(item.genre) if item.genre else "Unpublished manuscript"]
    if kind == "standard":  # "Implementation Standard 18-010r7. Place: Publisher."
        return [" ".join(_text(p) for p in (item.genre, item.number) if p), _publisher(item, edition)]
    if kind == "patent":
        return [", ".join(p for p in [f"Patent {_text(item.number)}".strip(), f"issued {item.date.year}" if item.date.year else ""] if p)]
    if kind == "webpage":
        site = "" if publisher_shown else series_like(item, item.container) if item.container else _capitalised(item.publisher, item.links)
        return [", ".join(p for p in [site, month_day(item.date)] if p)]
    return _monographic(item, edition, publisher_shown)


def _contributors(item: Item, edition: Edition) -> list[str]:
    parts = []
    if item.authors and item.editors:
        parts.append(f"Edited by {esc(names_inline(item.editors, edition))}")
    if item.authors and item.translators:  # an editor listed first takes the translator's place
        parts.append(f"Translated by {esc(names_inline(item.translators, edition))}")
    return parts


def _monographic(item: Item, edition: Edition, publisher_shown: bool) -> list[str]:
    """Book, report, software, a @misc: *Title*. 2nd ed. Vol. 3. Series 12. Place: Publisher. A
    title with a container (a @misc with a journal, a post on a blog) is "In *Container*" first."""
    parts = _contributors(item, edition)
    if item.container:
        parts.insert(0, f"In {container_html(item)}")
    if item.type not in ("report", "thesis") and item.genre:
        parts.insert(0, _capitalised(item.genre))  # "presentation" → "Presentation"
    if item.type == "report" and (item.genre or item.number):
        genre = rich.plain_text(rich.title_case([strip_braces(item.genre)])) if item.genre else ""
        number = _labelled(("No.", "Nos."), item.number) if item.number else ""
        parts.append(" ".join(p for p in [esc(genre), number] if p))
    if item.edition:
        parts.append(edition_text(item.edition))
    if item.version:
        parts.append(f"{'V.' if item.type == 'software' else 'Version'} {_text(item.version)}")
    if item.number and item.type != "report":
        parts.append(_labelled(("No.", "Nos."), item.number))
    if item.volume:
        parts.append(_labelled(("Vol.", "Vols."), item.volume))
    if item.collection:
        parts.append(" ".join(p for p in [series_html(item), _text(item.collection_number)] if p))
    if item.type == "dataset":
        parts.append(", ".join(p for p in [_capitalised(item.publisher, item.links), month_day(item.date)] if p))
    elif item.type == "software" and not publisher_shown:
        parts.append(", ".join(p for p in [_capitalised(item.publisher, item.links), "released"] if p))
    elif not publisher_shown:
        parts.append(_publisher(item, edition))
    return parts


def series_like(item: Item, nodes: list) -> str:
    """A site's name or a series: title case, no italics."""
    return rich.to_html(cased(item, nodes, last_word=True))


def _in_book(item: Item, edition: Edition) -> list[str]:
    """“Chapter.” In *Book*, edited by A, 2nd ed., 7:1–20. Series. Place: Publisher."""
    pieces = [container_html(item)]
    if item.editors and item.authors:
        pieces.append(f"edited by {esc(names_inline(item.editors, edition))}")
    if item.translators and item.authors:
        pieces.append(f"translated by {esc(names_inline(item.translators, edition))}")
    if item.edition:
        pieces.append(edition_text(item.edition))
    pages = esc(page_range(item.page)) if item.page and edition.chapter_pages else ""
    if item.volume and pages:
        pieces.append(f"{_text(item.volume)}:{pages}")
    elif item.volume:
        pieces.append(f"vol. {_text(item.volume)}")
    elif pages:
        pieces.append(pages)
    lead = f"Chap. {_text(item.chapter)} in" if item.chapter and not pages else "In"
    text = ", ".join(p for p in pieces if p)
    parts = [f"{lead} {text}" if text else ""]
    if item.collection:
        parts.append(" ".join(p for p in [series_html(item), _text(item.collection_number)] if p))
    parts.append(_publisher(item, edition))
    return parts


def _serial(item: Item, edition: Edition) -> str:
    """*Journal* 45 (3): 1–9 · 45 (August 2001): 1–9 · , no. 7 (March 2004) · , ahead of print, 2003."""
    journal = container_html(item)
    if item.place:
        journal += f" ({_text(item.place)})"
    date = item.date
    volume, issue = _text(item.volume), _text(item.issue)
    when = month_day(date) if not edition.serial_year else " ".join(p for p in [MONTHS[date.month - 1] if date.month else "", date.year] if p)
    head = [journal] if journal else []
    if item.collection:
        head.append(rich.to_html(item.collection))
    if volume and item.collection:
        head.append(f"vol. {volume}")
    elif volume:
        head = [" ".join(p for p in [", ".join(head), volume] if p)]
    text = ", ".join(head)
    if volume or issue:
        if issue and volume:
            text += f" ({issue})"
        elif issue:
            text = ", ".join(p for p in [text, f"no. {issue}"] if p)
            text += f" ({when})" if when else ""
        elif when:
            text += f" ({when})"
        pages = f": {esc(page_range(item.page))}" if item.page else ""
        return text + pages
    if item.doi and date.year and journal and not item.page and not item.collection and not item.number and item.type == "article-journal":
        text = ", ".join(p for p in [text, "ahead of print"] if p)
    full = month_day(date) if not edition.serial_year else (
        f"{month_day(date)}, {date.year}" if date.day and date.year else " ".join(p for p in [month_day(date), date.year] if p))
    return ", ".join(p for p in [text, full, esc(page_range(item.page)) if item.page else ""] if p)


# -- In-text ---------------------------------------------------------------------------------------


def short_title(item: Item) -> str:
    source = item.short_title or item.title
    if not source:
        return ""
    if item.type == "patent":
        return _plain_title(source)
    if is_quoted(item):
        return f"“{rich.to_html(cased(item, source, last_word=True), level=1)}”"
    return f"<em>{rich.to_html(cased(item, source, last_word=False))}</em>"


def author_short(item: Item, edition: Edition = SEVENTEENTH, first: str | None = None, shown: int = 0) -> str:
    names = creators(item)
    if names:
        return esc(names_short(names, edition, first, shown))
    organisation = publisher_as_author(item)
    return esc(smart_quotes(strip_braces(organisation))) if organisation else short_title(item)


def author_year(author: str, year: str) -> str:
    """"Foot 2017", but "Foot, n.d." and "“Title,” n.d." as Chicago writes an undated work."""
    if not author:
        return year  # neither author nor title: "(2007)"
    if not year.startswith("n.d."):
        return f"{author} {year}"
    if author.endswith("”"):
        return f"{author[:-1]},” {year}"
    return f"{author}, {year}"


# -- Order ----------------------------------------------------------------------------------------

_SORT_WORDS = re.compile(r"[\s,'’ʾʿ]+")
# Letters the Unicode collation sorts as a base letter with a difference, that do not decompose.
_BASE_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th",
                               "ı": "i", "ŋ": "n"})


_NOT_LETTERS = re.compile(r"[\W_]+")


def collation(text: str) -> tuple:
    """A sort key as citeproc compares: word by word (split at spaces, commas and apostrophes), case
    ignored; within a word letters and digits first, without accents ("Sp:" before "Spatial": the
    colon does not count, and a word that is the start of another sorts first), then accents, then
    punctuation."""
    return tuple(_word_key(word) for word in _SORT_WORDS.split(plain(text).casefold()) if word)


def _word_key(word: str) -> tuple[str, str, str]:
    letters = _NOT_LETTERS.sub("", word)
    if word.isascii():
        return letters, letters, word
    base = _NOT_LETTERS.sub("", "".join(c for c in unicodedata.normalize("NFKD", word.translate(_BASE_LETTERS))
                                        if not unicodedata.combining(c)))
    return base, letters, word


def sort_key(item: Item, key: str, edition: Edition = SEVENTEENTH, source: list[str] | None = None) -> tuple:
    names = creators(item)
    organisation = publisher_as_author(item)
    title = rich.plain_text(cased(item, item.title, last_word=is_quoted(item)))
    if names:
        who = names_sort(names, edition)
        if not item.authors and item.editors:
            who += ", eds." if len(item.editors) > 1 else ", ed."  # after the same names as authors
    elif organisation:
        who = organisation
    else:
        who = re.sub(r"^(the|a|an)\s+", "", title.lower())
    year = item.date.year or "9999"
    source = " ".join(source_parts(item, edition) if source is None else source)
    return (collation(who), year, collation(title), collation(source), key)
