"""Chicago author-date (17th edition) references and in-text citations, as HTML.

The rules follow what pandoc's citeproc produces with the official ``chicago-author-date`` 17th
edition CSL style for the entry types this course uses; ``tests/test_chicago_oracle.py`` holds every
entry of the bibliography to that.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..bib.bibtex import Entry, Name, ascii_fold, strip_braces

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_MONTH_INDEX = {m[:3].lower(): i for i, m in enumerate(MONTHS)}
# The words citeproc leaves in lower case inside a title: CSL's list plus "about" (found by running
# pandoc over candidate words).
STOP_WORDS = frozenset(
    "a about an and as at but by down for from in into nor of on onto or over so the till to up via with yet".split()
)
LOCATOR_SHORT = {
    "book": ("bk.", "bks."), "chapter": ("chap.", "chaps."), "column": ("col.", "cols."),
    "figure": ("fig.", "figs."), "folio": ("fol.", "fols."), "number": ("no.", "nos."),
    "line": ("line", "lines"), "note": ("n.", "nn."), "opus": ("op.", "opp."),
    "paragraph": ("para.", "paras."), "part": ("pt.", "pts."), "section": ("sec.", "secs."),
    "sub verbo": ("s.v.", "s.vv."), "verse": ("v.", "vv."), "volume": ("vol.", "vols."),
}


_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d0s)")
_OPENING_SINGLE = re.compile(r"'(?=\w)")
_OPENING_DOUBLE = re.compile(r'(^|[\s(\[])"')
_HTML_TAG = re.compile(r"<[^>]+>")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def smart_quotes(text: str) -> str:
    """Straight apostrophes and quotes to typographic ones, as citeproc prints them."""
    text = _APOSTROPHE.sub("’", text)
    text = _OPENING_SINGLE.sub("‘", text)
    text = text.replace("'", "’")
    text = _OPENING_DOUBLE.sub("\\1“", text)
    return text.replace('"', "”")


def plain(html_text: str) -> str:
    return html.unescape(_HTML_TAG.sub("", html_text))


# -- Text case --------------------------------------------------------------------------------------


def _is_english(entry: Entry) -> bool:
    # Like pandoc, only ``langid`` decides: ``language`` ("chinese") describes the work, not its title.
    lang = entry.get("langid").lower()
    return not lang or lang.startswith("en") or lang in {"english", "american", "british"}


_TITLE_TOKEN = re.compile(r"(\{[^{}]*\}|\s+)")
_TITLE_DASH = re.compile(r"([-–—/])")
_NON_WORD = re.compile(r"[^\w]")
_SENTENCE_END = re.compile(r"[:.?!][”’\"')\]]*$")


def title_case(text: str) -> str:
    """Title case as citeproc applies it: all-lower-case words are capitalised unless they are stop
    words or single letters inside a sentence; anything with a capital, or in braces, is kept."""
    out: list[str] = []
    sentence_start = True
    for token in _TITLE_TOKEN.split(text):
        if not token:
            continue
        if token.isspace():
            out.append(token)
            continue
        if token.startswith("{") and token.endswith("}"):
            out.append(token)
            sentence_start = False
            continue
        parts = _TITLE_DASH.split(token)
        for index, part in enumerate(parts):
            if index % 2:
                continue
            core = part.lstrip("“‘\"'([")
            if core != core.lower():  # a capital: kept as written (tested first, being the cheaper test)
                continue
            letters = _NON_WORD.sub("", core)
            if not letters:
                continue
            small = letters in STOP_WORDS or len(letters) == 1
            if small and not (sentence_start and index == 0):
                continue
            parts[index] = part[: len(part) - len(core)] + core[0].upper() + core[1:]
        out.append("".join(parts))
        sentence_start = bool(_SENTENCE_END.search(token))
    return "".join(out)


def title_text(entry: Entry, field: str = "title") -> str:
    raw = entry.get(field)
    text = title_case(raw) if _is_english(entry) else strip_braces(raw)
    return smart_quotes(strip_braces(text))


# -- Names --------------------------------------------------------------------------------------


def _given(name: Name) -> str:
    """Given names as written, a bare initial getting its period ("A" → "A.") as citeproc does."""
    return " ".join(f"{w}." if len(w) == 1 and w.isalpha() else w for w in name.given.split())


def _given_first(name: Name) -> str:
    if name.literal:
        return name.family
    parts = [_given(name), name.particle, name.family]
    text = " ".join(p for p in parts if p)
    return f"{text}, {name.suffix}" if name.suffix else text


def _family_first(name: Name) -> str:
    if name.literal:
        return name.family
    family = f"{name.particle} {name.family}".strip() if name.particle and name.particle[0].isupper() else name.family
    given = " ".join(p for p in [_given(name), name.particle if name.particle and not name.particle[0].isupper() else ""] if p)
    text = f"{family}, {given}" if given else family
    return f"{text}, {name.suffix}" if name.suffix else text


def _is_others(name: Name) -> bool:
    return not name.literal and name.family == "others" and not name.given


def names_bib(names: list[Name]) -> str:
    others = bool(names) and _is_others(names[-1])
    names = [n for n in names if not _is_others(n)]
    if not names:
        return "Anonymous"  # "author = {others}" alone: bibtex.py reports it, this only must not crash
    if len(names) > 10:
        names, others = names[:7], True
    rendered = [_family_first(names[0])] + [_given_first(n) for n in names[1:]]
    if others:
        return ", ".join(rendered) + " et al."
    if len(rendered) == 1:
        return rendered[0]
    if len(rendered) == 2:
        return f"{rendered[0]}, and {rendered[1]}"
    return ", ".join(rendered[:-1]) + ", and " + rendered[-1]


def names_editors_inline(names: list[Name]) -> str:
    rendered = [_given_first(n) for n in names if not _is_others(n)]
    if len(rendered) == 1:
        return rendered[0]
    if len(rendered) == 2:
        return f"{rendered[0]} and {rendered[1]}"
    return ", ".join(rendered[:-1]) + ", and " + rendered[-1]


def _family(name: Name) -> str:
    if name.literal:
        return name.family
    if name.particle and name.particle[0].isupper():
        return f"{name.particle} {name.family}"
    return name.family


def names_short(names: list[Name], first: str | None = None) -> str:
    """In-text names; ``first`` replaces the first name when it needs its given name to be told apart."""
    others = bool(names) and _is_others(names[-1])
    names = [n for n in names if not _is_others(n)]
    if not names:
        return "Anonymous"
    families = [_family(n) for n in names]
    if first:
        families[0] = first
    if others or len(families) >= 4:
        return f"{families[0]} et al."
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return f"{families[0]}, {families[1]}, and {families[2]}"


# -- Dates ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Date:
    year: str = ""
    month: int = 0  # 1-12, 0 when unknown
    day: int = 0


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def entry_date(entry: Entry) -> Date:
    date = entry.get("date")
    if date:
        match = _ISO_DATE.match(date)
        if match:
            return Date(match.group(1), int(match.group(2) or 0), int(match.group(3) or 0))
    year = entry.get("year")
    month = entry.get("month").strip().lower()
    month_number = int(month) if month.isdigit() else (_MONTH_INDEX.get(month[:3], -1) + 1 if month else 0)
    day = entry.get("day")
    return Date(year, month_number, int(day) if day.isdigit() else 0)


def month_day(date: Date) -> str:
    if not date.month:
        return ""
    text = MONTHS[date.month - 1]
    return f"{text} {date.day}" if date.day else text


# -- Pages ----------------------------------------------------------------------------------------


_PAGE_RANGE = re.compile(r"(\d+)\s*(?:--?|–|—)\s*(\d+)")
_DIGIT = re.compile(r"\d")
_PLURAL = re.compile(r"[–,&]|\band\b")


def page_range(pages: str) -> str:
    """Chicago's (16th-17th ed.) abbreviated page ranges with an en dash: 615-634 → 615–34."""

    def one(match: re.Match) -> str:
        first, last = match.group(1), match.group(2)
        return f"{first}–{_abbreviate(first, last)}"

    return _PAGE_RANGE.sub(one, pages)


def _abbreviate(first: str, last: str) -> str:
    a, b = int(first), int(last)
    if len(first) != len(last) or b < a or a < 100 or a % 100 == 0:
        return last
    if a % 100 < 10:
        # 101-108 → 101–8: only the changed part.
        keep = len(last)
        for i in range(len(first)):
            if first[i] != last[i]:
                keep = len(last) - i
                break
        return last[-keep:]
    # Two digits or more as needed. (The Manual keeps all four digits when three change,
    # 1496–1504; citeproc's "chicago-16" does not, and citeproc is the reference here.)
    for i in range(len(first)):
        if first[i] != last[i]:
            changed = len(last) - i
            return last[-max(changed, 2):]
    return last[-2:]


def locator_text(label: str, locator: str) -> str:
    value = page_range(locator) if _DIGIT.search(locator) else locator
    if label in ("", "page"):
        return value
    single, many = LOCATOR_SHORT.get(label, (label, label))
    plural = bool(_PLURAL.search(value))
    return f"{many if plural else single} {value}"


# -- References -------------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    """“Title.” — the period goes inside the quotation marks."""
    if text.endswith(("?", "!")):
        return f"“{esc(text)}”"
    return f"“{esc(text)}.”"


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "”")) else text + "."


_HTTP = re.compile(r"https?://", re.IGNORECASE)


def _url(entry: Entry) -> str:
    doi = entry.get("doi")
    if doi:
        href = doi if _HTTP.match(doi) else f"https://doi.org/{doi}"
        return f'<a href="{html.escape(href)}">{esc(href)}</a>'
    url = entry.get("url")
    if url and _HTTP.match(url):
        return f'<a href="{html.escape(url)}">{esc(url)}</a>'
    return esc(url) if url else ""


def _publisher(entry: Entry, field: str = "publisher") -> str:
    publisher = strip_braces(entry.get(field))
    address = strip_braces(entry.get("address") or entry.get("location"))
    if address and publisher:
        return f"{esc(address)}: {esc(publisher)}"
    return esc(publisher or address)


def creators(entry: Entry) -> list[Name]:
    return entry.authors or entry.editors


def container_as_author(entry: Entry) -> str:
    """A web page with no author is listed under its site (“People’s Daily Online. 2010. …”)."""
    if entry.type == "online" and not creators(entry):
        return strip_braces(entry.get("organization") or entry.get("publisher"))
    return ""


def year_label(entry: Entry, suffix: str = "") -> str:
    return _year_label(entry_date(entry), suffix)


def _year_label(date: Date, suffix: str) -> str:
    return f"{date.year}{suffix}" if date.year else f"n.d.{'-' + suffix if suffix else ''}"


def _title_with_addon(entry: Entry) -> str:
    title = title_text(entry)
    addon = entry.get("titleaddon")
    if addon:
        title = f"{_sentence(title)} {smart_quotes(strip_braces(title_case(addon)))}"
    return title


ITALIC_TITLE_TYPES = frozenset({"book", "report", "techreport", "misc", "thesis", "phdthesis", "mastersthesis"})


def reference(entry: Entry, suffix: str = "", substitute_author: bool = False) -> str:
    """The bibliography entry as HTML. ``suffix`` is the disambiguating letter (2017a)."""
    kind = entry.type
    date = entry_date(entry)
    parts: list[str] = []
    names = creators(entry)
    site_author = container_as_author(entry)
    year = _year_label(date, suffix)
    title = _title_with_addon(entry)
    if names or site_author:
        author = "———" if substitute_author else esc(names_bib(names) if names else smart_quotes(site_author))
        if not entry.authors and entry.editors:
            author += ", eds." if len(entry.editors) > 1 else ", ed."
        parts.append(_sentence(author))
        parts.append(_sentence(year))
    if kind in ITALIC_TITLE_TYPES:
        title_html = f"<em>{esc(title)}</em>"
        parts.append(title_html if title.endswith(("?", "!")) else title_html + ".")
    else:
        parts.append(_quoted(title))
    if not (names or site_author):
        parts.append(_sentence(year))

    if kind == "article":
        parts.append(_sentence(_journal(entry, date)))
    elif kind in ("incollection", "inbook", "inproceedings"):
        text = f"In <em>{esc(title_text(entry, 'booktitle'))}</em>"
        if entry.editors:
            text += f", edited by {esc(names_editors_inline(entry.editors))}"
        if entry.get("pages"):
            text += f", {esc(page_range(entry.get('pages')))}"
        parts.append(_sentence(text))
        if entry.get("publisher") or entry.get("address"):
            parts.append(_sentence(_publisher(entry)))
    elif kind == "book":
        if entry.get("publisher") or entry.get("address"):
            parts.append(_sentence(_publisher(entry)))
    elif kind in ("report", "techreport"):
        genre = entry.get("type") or ("Technical report" if kind == "techreport" else "")
        number = entry.get("number")
        if genre or number:
            parts.append(_sentence(esc(" ".join(p for p in [genre, f"No. {number}" if number else ""] if p))))
        if entry.get("institution") or entry.get("address"):
            parts.append(_sentence(_publisher(entry, "institution")))
    elif kind == "online":
        site = "" if site_author else strip_braces(entry.get("organization") or entry.get("publisher"))
        when = month_day(date)
        text = ", ".join(p for p in [esc(smart_quotes(site)), when] if p)
        if text:
            parts.append(_sentence(text))
    elif kind == "misc":
        if entry.get("howpublished") or entry.get("publisher") or entry.get("address"):
            parts.append(_sentence(_publisher(entry, "howpublished" if entry.get("howpublished") else "publisher")))
    elif kind == "unpublished":
        parts.append("Unpublished manuscript.")

    url = _url(entry)
    if url:
        parts.append(url + ".")
    return " ".join(parts)


def _journal(entry: Entry, date: Date) -> str:
    journal = f"<em>{esc(smart_quotes(strip_braces(title_case(entry.get('journal')))))}</em>"
    volume, number = entry.get("volume"), entry.get("number") or entry.get("issue")
    pages = entry.get("pages")
    year = date.year
    if volume and number:
        text = f"{journal} {esc(volume)} ({esc(number)})"
    elif volume:
        text = f"{journal} {esc(volume)}" + (f" ({year})" if year else "")
    elif number:
        text = f"{journal}, no. {esc(number)}" + (f" ({year})" if year else "")
    else:
        when = month_day(date)
        when = f"{when}, {year}" if when and year else (when or year)
        text = journal + (f", {when}" if when else "")
        return text + (f", {esc(page_range(pages))}" if pages else "")
    return text + (f": {esc(page_range(pages))}" if pages else "")


def short_title(entry: Entry) -> str:
    text = title_text(entry, "shorttitle") if entry.get("shorttitle") else title_text(entry)
    if entry.type in ITALIC_TITLE_TYPES:
        return f"<em>{esc(text)}</em>"
    return f"“{esc(text)}”"


def initials(given: str) -> str:
    """"Yafei" → "Y.", "Alex J." → "A. J.", "Jean-Paul" → "J.-P."."""
    words = []
    for word in given.split():
        words.append("-".join(part[0] + "." for part in word.split("-") if part))
    return " ".join(words)


def author_short(entry: Entry, first: str | None = None) -> str:
    names = creators(entry)
    if names:
        return esc(names_short(names, first))
    site = container_as_author(entry)
    return esc(smart_quotes(site)) if site else short_title(entry)


def author_year(author: str, year: str) -> str:
    """"Foot 2017", but "Foot, n.d." and "“Title,” n.d." as Chicago writes an undated work."""
    if not year.startswith("n.d."):
        return f"{author} {year}"
    if author.endswith("”"):
        return f"{author[:-1]},” {year}"
    return f"{author}, {year}"


_ARTICLE = re.compile(r"^(the|a|an)\s+")


def sort_key(entry: Entry) -> tuple:
    names = creators(entry)
    site = container_as_author(entry)
    if site:
        who = [(ascii_fold(site).lower(), "")]
    elif names:
        who = [(ascii_fold(_family(n)).lower(), ascii_fold(n.given).lower()) for n in names if not _is_others(n)]
    else:
        title = _ARTICLE.sub("", ascii_fold(strip_braces(entry.get("title"))).lower())
        who = [(title, "")]
    year = entry_date(entry).year or "9999"
    return (who, year, ascii_fold(strip_braces(entry.get("title"))).lower(), entry.key)
