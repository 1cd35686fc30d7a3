"""Chicago author-date (17th edition) references and in-text citations, as HTML.

The rules follow what pandoc's citeproc produces with the official ``chicago-author-date`` 17th
edition CSL style for the entry types this course uses; ``tests/test_chicago_oracle.py`` holds every
entry of the bibliography to that.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .bibtex import Entry, Name, ascii_fold, strip_braces

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_MONTH_INDEX = {m[:3].lower(): i for i, m in enumerate(MONTHS)}
STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet".split()
)
LOCATOR_SHORT = {
    "book": ("bk.", "bks."), "chapter": ("chap.", "chaps."), "column": ("col.", "cols."),
    "figure": ("fig.", "figs."), "folio": ("fol.", "fols."), "number": ("no.", "nos."),
    "line": ("line", "lines"), "note": ("n.", "nn."), "opus": ("op.", "opp."),
    "paragraph": ("para.", "paras."), "part": ("pt.", "pts."), "section": ("sec.", "secs."),
    "sub verbo": ("s.v.", "s.vv."), "verse": ("v.", "vv."), "volume": ("vol.", "vols."),
}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def smart_quotes(text: str) -> str:
    """Straight apostrophes and quotes to typographic ones, as citeproc prints them."""
    text = re.sub(r"(?<=\w)'|'(?=\d0s)", "’", text)
    text = re.sub(r"'(?=\w)", "‘", text)
    text = text.replace("'", "’")
    text = re.sub(r'(^|[\s(\[])"', "\\1“", text)
    return text.replace('"', "”")


def plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


# -- Text case --------------------------------------------------------------------------------------


def _is_english(entry: Entry) -> bool:
    lang = (entry.get("langid") or entry.get("language")).lower()
    return not lang or lang.startswith("en") or lang in {"english", "american", "british"}


def title_case(text: str) -> str:
    """CSL title case: capitalise lower-case words except stop words; keep braced text as written."""
    out = []
    tokens = re.split(r"(\{[^{}]*\}|\s+|[-–—/:.?!]+)", text)
    word_index = 0
    words = [t for t in tokens if t and not t.isspace() and not re.fullmatch(r"[-–—/:.?!]+", t)]
    last_word = len(words) - 1
    after_colon = True
    for token in tokens:
        if not token:
            continue
        if token.startswith("{") and token.endswith("}"):
            out.append(token[1:-1])
            word_index += 1
            after_colon = False
            continue
        if token.isspace() or re.fullmatch(r"[-–—/:.?!]+", token):
            out.append(token)
            if re.search(r"[:.?!]", token):
                after_colon = True
            continue
        core = token.lstrip("“‘\"'(")
        lead = token[: len(token) - len(core)]
        lowered = core.lower()
        bare = re.sub(r"\W+$", "", lowered)
        if core and core == lowered:  # only all-lower-case words change
            if bare in STOP_WORDS and not after_colon and word_index not in (0, last_word):
                pass
            else:
                core = core[0].upper() + core[1:]
        out.append(lead + core)
        word_index += 1
        after_colon = False
    return "".join(out)


def title_text(entry: Entry, field: str = "title") -> str:
    raw = entry.get(field)
    text = title_case(raw) if _is_english(entry) else strip_braces(raw)
    return smart_quotes(strip_braces(text))


# -- Names --------------------------------------------------------------------------------------


def _given_first(name: Name) -> str:
    if name.literal:
        return name.family
    parts = [name.given, name.particle, name.family]
    text = " ".join(p for p in parts if p)
    return f"{text}, {name.suffix}" if name.suffix else text


def _family_first(name: Name) -> str:
    if name.literal:
        return name.family
    family = f"{name.particle} {name.family}".strip() if name.particle and name.particle[0].isupper() else name.family
    given = " ".join(p for p in [name.given, name.particle if name.particle and not name.particle[0].isupper() else ""] if p)
    text = f"{family}, {given}" if given else family
    return f"{text}, {name.suffix}" if name.suffix else text


def _is_others(name: Name) -> bool:
    return not name.literal and name.family == "others" and not name.given


def names_bib(names: list[Name]) -> str:
    others = bool(names) and _is_others(names[-1])
    names = [n for n in names if not _is_others(n)]
    if len(names) > 10:
        names, others = names[:7], True
    rendered = [_family_first(names[0])] + [_given_first(n) for n in names[1:]]
    if others:
        return ", ".join(rendered) + ", et al."
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


def names_short(names: list[Name]) -> str:
    others = bool(names) and _is_others(names[-1])
    names = [n for n in names if not _is_others(n)]
    families = [_family(n) for n in names]
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


def entry_date(entry: Entry) -> Date:
    date = entry.get("date")
    if date:
        match = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", date)
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


def page_range(pages: str) -> str:
    """Chicago's (16th-17th ed.) abbreviated page ranges with an en dash: 615-634 → 615–34."""

    def one(match: re.Match) -> str:
        first, last = match.group(1), match.group(2)
        return f"{first}–{_abbreviate(first, last)}"

    pages = re.sub(r"(\d+)\s*(?:--?|–|—)\s*(\d+)", one, pages)
    return re.sub(r"\s*(?:--?|–)\s*", "–", pages) if not re.search(r"\d", pages) else pages


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
    # Two digits or more as needed; four-digit ranges changing three digits keep all.
    if len(first) == 4 and first[:2] != last[:2]:
        return last
    for i in range(len(first)):
        if first[i] != last[i]:
            changed = len(last) - i
            return last[-max(changed, 2):]
    return last[-2:]


def locator_text(label: str, locator: str) -> str:
    value = page_range(locator) if re.search(r"\d", locator) else locator
    if label in ("", "page"):
        return value
    single, many = LOCATOR_SHORT.get(label, (label, label))
    plural = bool(re.search(r"[–,&]|\band\b", value))
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


def _url(entry: Entry) -> str:
    doi = entry.get("doi")
    if doi:
        href = doi if doi.startswith("http") else f"https://doi.org/{doi}"
        return f'<a href="{html.escape(href)}">{esc(href)}</a>'
    url = entry.get("url")
    if url and re.match(r"https?://", url, re.IGNORECASE):
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


def year_label(entry: Entry, suffix: str = "") -> str:
    year = entry_date(entry).year
    return f"{year}{suffix}" if year else f"n.d.{'-' + suffix if suffix else ''}"


def reference(entry: Entry, suffix: str = "", substitute_author: bool = False) -> str:
    """The bibliography entry as HTML. ``suffix`` is the disambiguating letter (2017a)."""
    kind = entry.type
    date = entry_date(entry)
    parts: list[str] = []
    names = creators(entry)
    year = year_label(entry, suffix)
    title = title_text(entry)
    if names:
        author = "———" if substitute_author else esc(names_bib(names))
        if not entry.authors and entry.editors:
            author += ", eds." if len(entry.editors) > 1 else ", ed."
        parts.append(_sentence(author))
        parts.append(_sentence(year))
    if kind in ("book", "report", "techreport", "misc", "thesis", "phdthesis", "mastersthesis") or (
        kind == "online" and not names and False
    ):
        title_html = f"<em>{esc(title)}</em>"
        parts.append(_sentence(title_html) if not title.endswith(("?", "!")) else title_html)
    else:
        parts.append(_quoted(title))
    if not names:
        parts.append(_sentence(year))

    if kind == "article":
        journal = f"<em>{esc(smart_quotes(strip_braces(entry.get('journal'))))}</em>"
        volume, number, pages = entry.get("volume"), entry.get("number") or entry.get("issue"), entry.get("pages")
        if volume or number:
            text = journal
            if volume:
                text += f" {esc(volume)}"
            if number:
                text += f" ({esc(number)})"
            if pages:
                text += f": {esc(page_range(pages))}"
        else:
            when = " ".join(p for p in [month_day(date), date.year] if p)
            text = journal + (f", {when}" if when else "")
            if pages:
                text += f", {esc(page_range(pages))}"
        parts.append(_sentence(text))
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
        site = entry.get("organization") or entry.get("journal") or entry.get("publisher")
        if site:
            parts.append(_sentence(esc(strip_braces(site))))
        when = month_day(date)
        if when:
            parts.append(_sentence(when))
    elif kind == "misc":
        for field in ("howpublished", "organization", "publisher"):
            if entry.get(field):
                parts.append(_sentence(esc(strip_braces(entry.get(field)))))
        when = month_day(date)
        if when:
            parts.append(_sentence(when))
    elif kind == "unpublished":
        parts.append("Unpublished manuscript.")

    url = _url(entry)
    if url:
        parts.append(url + ".")
    return " ".join(parts)


def short_title(entry: Entry) -> str:
    text = title_text(entry, "shorttitle") if entry.get("shorttitle") else title_text(entry)
    if entry.type in ("book", "report", "techreport", "misc", "thesis"):
        return f"<em>{esc(text)}</em>"
    return f"“{esc(text)}”"


def author_short(entry: Entry) -> str:
    names = creators(entry)
    return esc(names_short(names)) if names else short_title(entry)


def sort_key(entry: Entry) -> tuple:
    names = creators(entry)
    if names:
        who = [(ascii_fold(_family(n)).lower(), ascii_fold(n.given).lower()) for n in names if not _is_others(n)]
    else:
        title = re.sub(r"^(the|a|an)\s+", "", ascii_fold(strip_braces(entry.get("title"))).lower())
        who = [(title, "")]
    year = entry_date(entry).year or "9999"
    return (who, year, ascii_fold(strip_braces(entry.get("title"))).lower(), entry.key)
