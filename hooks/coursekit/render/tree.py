"""The course as plain Markdown that any MkDocs-like host builds without hooks (``coursekit render``).

A second host adapter beside ``hooks/``: it reads the course as the build does (``course/site.py``),
and writes every page with what the hooks would add already in it: citations as HTML (the very
HTML the hooks put in a page, from ``cite/page.py``), the References and notes lists and the
bibliography with its backlinks (``render/sections.py``), the reading guides' box, the pages the
build generates, the whole-course page, the glossary's abbreviations, and an explicit id on every
heading (``render/headings.py``), so that hosts cannot disagree on anchors.

Two trees come out, one per output, because links written as HTML are not rewritten by a host:
``docs/`` for the hosted site (``mkdocs.yml``) and ``docs-offline/`` for the pack
(``mkdocs.offline.yml``: file URLs, the search shim, no download link). While pages are rendered,
each link to a page of the site stands as its target (``\\ue010page.md#anchor\\ue011``), resolved
from the page it lands on when the trees are written.

A citation's HTML goes into the Markdown as it is, made inert where Markdown would read it: the
characters that mark emphasis, links and code, and the glossary's abbreviations (the hooks keep
citations away from ``abbr``), are written as character references, which the HTML shows the same.
"""

from __future__ import annotations

import argparse
import bisect
import html
import os
import posixpath
import re
import shutil
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..course import frontmatter
from ..course import guides as coursekit_guides
from ..course import course_nav, course_path_pages, map_data, navigation
from ..course import site as course_site
from ..course import bibliography_page
from ..course.backlinks import Backlinks
from ..course.model import Citing
from ..course.problems import reported
from ..course.settings import bibliography_files
from .. import git_dates, site_address
from ..diagnostics import Outcome, Problem, in_ci
from . import assets, course_map, headings, sections, urls
from . import whole_course as whole
from ..cite.page import relative_target

HOSTS = ("mkdocs", "zensical")
LINK_OPEN, LINK_CLOSE = "\ue010", "\ue011"
_LINK = re.compile(f"{LINK_OPEN}([^{LINK_CLOSE}]*){LINK_CLOSE}")
_TOKEN_OPEN, _TOKEN_CLOSE = "\ue012", "\ue013"
_TOKEN = re.compile(f"{_TOKEN_OPEN}(\\d+){_TOKEN_CLOSE}")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "*_[]`\\~^=+:|!"})
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\n]+\]:", re.MULTILINE)
_LIST_OPENING = re.compile(r"^<(ul|ol|p)\b", re.MULTILINE)
_BACKLINKS_OPENING = re.compile(r'<(p|ul|details) class="(cited-in|cited-in-pages|cited-in-more|listed-in-guides)"')
_FIRST_H1 = re.compile(r"\A(?:#(?!#)(.*?)#*[ \t]*$|(\S.*)\n=+[ \t]*$)", re.MULTILINE)
_ATTRS_AT_END = re.compile(r"[ ]+\{:?[^}\n]*\}[ ]*$")


def site_link(src_uri: str, fragment: str = "") -> str:
    """A link to ``src_uri`` (and ``fragment``), resolved from the page it lands on when written."""
    return f"{LINK_OPEN}{src_uri}#{fragment}{LINK_CLOSE}" if fragment else f"{LINK_OPEN}{src_uri}{LINK_CLOSE}"


@dataclass
class Held:
    """What stands in a page's Markdown for a citation or a list until its section is known."""

    html: str
    keys: tuple[str, ...]


@dataclass
class Written:
    """A page of the tree: its front matter as written, and its body with every link as a target."""

    src_uri: str
    front: str
    body: str
    title: str
    headings: list[headings.Heading] = field(default_factory=list)


@dataclass
class Result(Outcome):
    pages: int = 0
    seconds: float = 0.0


class _Holder:
    """The render's stash (``render_page``'s ``stash``): each citation as its HTML, made inert for
    Markdown, held under a token until the page's sections are known."""

    def __init__(self, abbreviations: re.Pattern | None):
        self.held: list[Held] = []
        self.abbreviations = abbreviations

    def hold(self, piece_html: str, keys=()) -> str:
        self.held.append(Held(piece_html, tuple(keys)))
        return f"{_TOKEN_OPEN}{len(self.held) - 1}{_TOKEN_CLOSE}"

    def __call__(self, text: str, keys: tuple[str, ...], parts: tuple[str, ...]) -> str:
        return self.hold(self.inert("".join(parts)), keys)

    def inert(self, piece_html: str) -> str:
        """HTML whose text Python-Markdown leaves as it is: no emphasis, link, code or abbreviation."""
        pieces = _TAG_OR_TEXT.split(piece_html)
        for index in range(0, len(pieces), 2):
            text = pieces[index]
            if self.abbreviations is not None:
                text = self.abbreviations.sub(lambda m: f"&#{ord(m.group(0)[0])};{m.group(0)[1:]}", text)
            pieces[index] = text.translate(_INERT)
        return "".join(pieces)


def _not_indexed(block: str) -> str:
    """A list the hooks keep out of the search index (it repeats the bibliography): kept out here too."""
    return _LIST_OPENING.sub(lambda m: f"<{m.group(1)} data-search-exclude", block)


def _abbreviation_pattern(glossary) -> re.Pattern | None:
    if glossary is None:
        return None
    terms = [t.term for t in glossary.terms if t.is_abbreviation]
    if not terms:
        return None
    # Python-Markdown's abbr: the longest first, whole words.
    return re.compile(r"\b(?:{})\b".format("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))))


class Render:
    def __init__(self, site: course_site.Site):
        self.site = site
        self.course = site.course
        self.problems: list[Problem] = list(site.problems)
        self.nav = self._nav()
        self.nav_titles = navigation.titles(self.nav)
        self.backlinks: dict[str, list[Citing]] = {}
        self.written: dict[str, Written] = {}
        self.abbreviations = _abbreviation_pattern(self.course.glossary)
        self.definitions = ""
        self.dates = git_dates.read(site.root)  # hooks/last_updated.py: each page's date from git
        if self.course.glossary is not None:
            from ..course.glossary import abbreviations_markdown

            self.definitions = abbreviations_markdown(self.course.glossary)

    # -- navigation ------------------------------------------------------------------------------

    def _nav(self) -> list:
        """hooks/guides.py expands the guides' entry and puts the sessions in the nav; hooks/auto_nav.py
        writes a nav where there is none."""
        site = self.site
        nav = site.config.get("nav")
        pages = [p.src_uri for p in site.pages + site.generated]
        if self.course.settings.whole_course and whole.SRC_URI not in pages:
            pages.append(whole.SRC_URI)
        guides, sessions = course_nav.read(self.course, lambda src_uri: src_uri in site.files)
        if not nav:
            return navigation.auto_nav(pages, self.course.settings.glossary_page, self.course.bib_page, sessions)
        return navigation.course_nav_of(nav, guides, sessions)

    # -- pages -----------------------------------------------------------------------------------

    def run(self) -> None:
        site, course = self.site, self.course
        bib_page = course.bib_page
        pages = site.pages + site.generated
        for page in pages:
            if page.src_uri != bib_page:
                self._page(page)
        bibliography = next((p for p in pages if p.src_uri == bib_page), None)
        if bibliography is not None:
            self._page(bibliography, bibliography_page=True)
        self._whole_course()
        self.problems = reported(course, self.problems)

    def _page(self, page: course_site.Page, bibliography_page: bool = False) -> None:
        site, course = self.site, self.course
        holder = _Holder(self.abbreviations)

        def link_for(url: str) -> str | None:
            target, fragment = relative_target(page.src_uri, url)
            return site_link(target, fragment) if target in site.files else None

        done = course_site.page_markdown(site, page, lambda key: site_link(course.bib_page, key), link_for, holder)
        self.problems.extend(done.problems)
        for key in done.rendered.cited:
            course.cited_by.setdefault(key, []).append(Citing(page.src_uri, "", ""))
        markdown = done.rendered.markdown
        style = course.style

        def href_for(key: str) -> str:
            return site_link(course.bib_page, key)

        # hooks/citations.py: the notes list of the source the page summarises, then its References.
        for key in _sources(done.front.data):
            notes_map = course.notes.get(key)
            if notes_map is not None and (notes_map.notes or notes_map.mentions):
                keys = [k for k in notes_map.keys if k in style.formatted]
                block = _not_indexed(sections.notes_lists(notes_map, style, href_for))
                markdown += f"{sections.NOTES_HEADING}{holder.hold(block, keys)}\n"
                break
        if done.rendered.cited:
            block = _not_indexed(sections.references_list(done.rendered.cited, style, href_for))
            markdown += f"{sections.REFERENCES_HEADING}{holder.hold(block)}\n"
        # hooks/guides.py: the course's length and start where the page asks, a chapter's box of guides.
        markdown = course_path_pages.with_course_start(markdown, course.guides, page.src_uri)
        if coursekit_guides.MAP_MARKER in markdown:
            drawn = self._course_map(holder)
            markdown = markdown.replace(coursekit_guides.MAP_MARKER, f"\n\n{drawn}\n\n" if drawn else "")
        chapter = course.chapter_by_uri.get(page.src_uri)
        if chapter is not None and course.guides is not None:
            markdown = coursekit_guides.with_guides_box(markdown, chapter, course.guides)
        if bibliography_page:
            markdown = self._bibliography(markdown, page)
        markdown, found = headings.with_ids(markdown)
        title = self._title(page.src_uri, done.front.data, markdown)
        self._note_citing(page.src_uri, title, markdown, found, holder)
        body = _TOKEN.sub(lambda m: holder.held[int(m.group(1))].html, markdown)
        front = _front_matter(page.text, done.front, self._last_updated(page))
        self.written[page.src_uri] = Written(page.src_uri, front, body, title, found)

    def _last_updated(self, page: course_site.Page) -> dict:
        """hooks/last_updated.py: a written page's date, from its file (and the .bib files, for the
        bibliography's page), as the theme's ``revision_date``; a generated page has none."""
        if page.generated:
            return {}
        made_from = [self.site.docs / page.src_uri]
        if page.src_uri == self.course.bib_page:
            made_from += [path for path, _ in bibliography_files(self.course.settings)[0]]
        date = git_dates.last_updated(self.dates, made_from)
        return {"revision_date": date} if date else {}

    def _course_map(self, holder: _Holder) -> str:
        """hooks/guides.py: the map of the guides, held as HTML (its links resolved from the page)."""
        course = self.course
        if course.guides is None or not course.guides.themes:
            return ""
        drawn = course_map.render(map_data.course_map(course.guides, course.chapters, site_link))
        return holder.hold(holder.inert(drawn))

    def _title(self, src_uri: str, meta: dict, markdown: str) -> str:
        """The page's title as MkDocs gives it: the nav's, the front matter's, its first element's if
        that is an h1, or its file's name."""
        if src_uri in self.nav_titles:
            return self.nav_titles[src_uri]
        if "title" in meta and meta["title"] is not None:
            return str(meta["title"])
        first = _FIRST_H1.match(markdown.lstrip("\n"))
        if first:
            text = _ATTRS_AT_END.sub("", (first.group(1) or first.group(2) or "").strip())
            return html.escape(headings.plain_text(_TOKEN.sub("", text)), quote=False)
        if src_uri in ("index.md", "README.md"):
            return "Home"
        name = src_uri.rsplit("/", 1)[-1][: -len(".md")]
        if name in ("index", "README"):
            name = src_uri.rsplit("/", 2)[-2] if "/" in src_uri else name
        title = name.replace("-", " ").replace("_", " ")
        return title.capitalize() if title.lower() == title else title

    def _note_citing(self, src_uri: str, title: str, markdown: str, found: list[headings.Heading],
                     holder: _Holder) -> None:
        """hooks/citations.py: for each work cited, the section (nearest heading above) citing it.
        A footnote's text is printed at the page's end, so its citations belong to the last section."""
        footnotes_from = _footnotes_start(markdown)
        starts = [h.start for h in found]
        seen: set[tuple[str, str]] = set()
        here: dict[str, Citing] = {}
        for match in _TOKEN.finditer(markdown):
            keys = holder.held[int(match.group(1))].keys
            if not keys:
                continue
            at = len(markdown) if match.start() >= footnotes_from else match.start()
            index = bisect.bisect_right(starts, at) - 1
            anchor, section = (found[index].id, found[index].text) if index >= 0 else ("", title)
            for key in keys:
                if (key, anchor) in seen:
                    continue
                seen.add((key, anchor))
                if anchor not in here:
                    here[anchor] = Citing(src_uri, anchor, section or title)
                self.backlinks.setdefault(key, []).append(here[anchor])

    def _bibliography(self, markdown: str, page: course_site.Page) -> str:
        """hooks/bibliography_page.py: works by source, every entry A–Z, each with its backlinks."""
        course = self.course
        sources = bibliography_page.sources_in_course_order(course, site_link)
        text = sections.bibliography_sections(course.style, sources, course.settings.entry_notes)
        text = re.sub(r'<ul class="works-by-source"', '<ul class="works-by-source" data-search-exclude', text)
        titles = {src: written.title for src, written in self.written.items()}

        backlinks = Backlinks(course, titles)

        def slot(match: re.Match) -> str:
            key = html.unescape(match.group(1))
            pages, listed = backlinks.of(key, self.backlinks.get(key, []),
                                         lambda citing: site_link(citing.page, citing.anchor), site_link)
            # The hooks fill these in once the search has read the page: the index holds none of them.
            return _BACKLINKS_OPENING.sub(r'<\1 class="\2" data-search-exclude', sections.cited_in(pages, listed))

        text = re.sub(r"<!--coursekit:cited-in:(.*?)-->", slot, text)
        if sections.BIBLIOGRAPHY_MARKER in markdown:
            return markdown.replace(sections.BIBLIOGRAPHY_MARKER, text, 1)
        return markdown + text

    def _whole_course(self) -> None:
        """hooks/whole_course.py: every chapter on one page, in nav order (``render/whole_course.py``)."""
        written_page = next((p for p in self.site.pages if p.src_uri == whole.SRC_URI), None)
        if written_page is None and not self.course.settings.whole_course:
            return
        page = written_page or course_site.Page(whole.SRC_URI, f"docs/{whole.SRC_URI}", whole.PAGE_MARKDOWN, True)
        self._page(page)
        target = self.written[whole.SRC_URI]
        if whole.MARKER not in target.body:
            return
        generated = {p.src_uri for p in self.site.generated} | ({whole.SRC_URI} if written_page is None else set())
        not_chapters = {"index.md", whole.SRC_URI, self.course.bib_page, self.course.settings.glossary_page}
        order = [src for src in course_site.nav_order(self.nav) if src in self.written]
        chapters = whole.chapters_in_order(order, self.course.chapter_by_uri, generated, not_chapters)
        folder = whole.common_folder(chapters)
        prefixes = {src: whole.slug(src, folder) for src in chapters}
        parts = [whole.chapter_markdown(src, self.written[src].body, self.written[src].title, prefixes[src], prefixes,
                                        site_link(src)) for src in chapters]
        target.body = target.body.replace(whole.MARKER, "\n\n".join(parts), 1)

    # -- writing ---------------------------------------------------------------------------------

    def write(self, out: Path, host: str = "mkdocs") -> int:
        """Both trees and their configurations into ``out`` (emptied first); the number of pages.

        For MkDocs and its forks (``host="mkdocs"``) a link in HTML is written as the site's address
        from the page, which the host leaves as it is. Zensical rewrites such links as it rewrites
        Markdown's, from the page's source file: for it (``host="zensical"``) a link in HTML names the
        source file (``../bibliography.md#key``), which it turns into each output's address."""
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        config = _site_config(self.site, self.nav, self.course.glossary is not None)
        directory_urls = bool(config.get("use_directory_urls", True))
        pages = set(self.written)
        for folder, offline in (("docs", False), ("docs-offline", True)):
            docs = out / folder
            for written in self.written.values():
                body = written.body
                if offline:
                    body = assets.ONLINE_ONLY.sub("", body)
                body = _resolve(body, written.src_uri, pages, self.site.files,
                                "source" if host == "zensical" else directory_urls and not offline)
                if self.definitions:
                    body = f"{body}\n\n{self.definitions}"
                path = docs / written.src_uri
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(written.front + body, encoding="utf-8")
            for source in self.site.other_files:
                _copy(source, docs / source.relative_to(self.site.docs))
            wanted = {**assets.STYLESHEETS, **assets.SCRIPTS, **(assets.PACK_ONLY if offline else {})}
            for site_path, source in wanted.items():
                if source.is_file() and not (docs / site_path).exists():
                    _copy(source, docs / site_path)
        _dump(config, out / "mkdocs.yml")
        _dump(_offline_config(self.site), out / "mkdocs.offline.yml")
        return len(self.written)


def _sources(meta: dict) -> list[str]:
    source = meta.get("source")
    if isinstance(source, list):
        return [str(s) for s in source]
    return [str(source)] if source else []


def _footnotes_start(markdown: str) -> int:
    """Where the page's footnote definitions begin (Python-Markdown prints them at the page's end)."""
    match = _FOOTNOTE_DEFINITION.search(markdown)
    return match.start() if match else len(markdown) + 1


def _front_matter(text: str, front: frontmatter.FrontMatter, added: dict) -> str:
    """The page's front matter as written, with what the hooks add to a page's metadata (``added``);
    the values the theme prints into attributes escaped, as hooks/front_matter.py escapes them."""
    match = frontmatter.MKDOCS_FRONT_MATTER.match(text)
    if not (match and front.data) and not added:
        return ""
    data = {**(front.data if match else {}), **added}
    changed = bool(added)
    for key in frontmatter.ATTRIBUTE_KEYS:
        value = frontmatter.attribute_text(data.get(key))
        if value is not None and html.escape(value) != value:
            data[key], changed = html.escape(value), True
    if not changed:
        return match.group(0) + "\n"
    return "---\n" + yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False) + "---\n\n"


def _plain(value):
    """YAML values as plain Python (the front matter's loader keeps their positions)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    for kind in (str, bool, int, float):  # bool before int: True is an int too
        if isinstance(value, kind):
            return kind(value)
    return value


def _resolve(body: str, here: str, pages: set[str], files: set[str], directory_urls) -> str:
    """Every link of ``body`` as the host writes it on the page ``here``: the site's address with
    directory URLs or without (True, False), or the source file's path (``"source"``)."""
    addresses: dict[str, str] = {}  # target → its address from here: a page links to few, many times

    def address(target: str) -> str:
        found = addresses.get(target)
        if found is None:
            if target not in pages and target not in files:
                found = ""  # as the hooks' href_to: a page the site lacks is "#fragment"
            elif directory_urls == "source":
                found = posixpath.relpath(target, posixpath.dirname(here) or ".")
            else:
                found = urls.link(here, target, "", directory_urls)
            addresses[target] = found
        return found

    def put(match: re.Match) -> str:
        target, hash_mark, fragment = match.group(1).partition("#")
        return f"{address(target)}{hash_mark}{fragment}"

    return _LINK.sub(put, body)


def _copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


# -- configuration ----------------------------------------------------------------------------------


class Tagged:
    """A YAML value under a tag the engine does not read (``!!python/name:…``, ``!ENV``): written back as it was."""

    def __init__(self, tag: str, node):
        self.tag, self.node = tag, node


class _KeepTags(yaml.SafeLoader):
    pass


_KeepTags.add_multi_constructor("", lambda loader, suffix, node: Tagged(node.tag, node))


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Tagged, lambda dumper, value: value.node)


def _load(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_KeepTags)  # noqa: S506
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _merged_config(path: Path, depth: int = 0) -> dict:
    data = _load(path)
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str) and depth < 10:
        return course_site._merged(_merged_config(path.parent / parent, depth + 1), data)
    return data


def _site_config(site: course_site.Site, nav: list, glossary: bool) -> dict:
    """mkdocs.yml for the tree: the course's, without hooks, with what they add (the nav with the
    generated pages, the stylesheet and script, the abbreviations), reading snippets from the project."""
    config = _merged_config(site.root / "mkdocs.yml")
    config.pop("hooks", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    # hooks/hosting.py: the environment's address wins over mkdocs.yml's. No edit links: in the tree
    # the generated pages are files too, and a host would link them to sources the repository lacks.
    site_url = site_address.address(site_address.SITE_URL)
    if site_url:
        config["site_url"] = site_url
    config["edit_uri"] = ""
    config["nav"] = nav
    config["extra_css"] = list(config.get("extra_css") or []) + [p for p in assets.STYLESHEETS
                                                                 if p not in (config.get("extra_css") or [])]
    scripts = list(config.get("extra_javascript") or [])
    config["extra_javascript"] = scripts + [p for p in assets.SCRIPTS if p not in [str(s) for s in scripts]]
    extensions = list(config.get("markdown_extensions") or [])
    if glossary and "abbr" not in [e if isinstance(e, str) else next(iter(e), None) for e in extensions]:
        extensions.append("abbr")
    for index, item in enumerate(extensions):
        name = item if isinstance(item, str) else next(iter(item), None)
        if name == "pymdownx.snippets":  # snippets stay includes, read from the project as in its build
            options = dict(item[name] or {}) if isinstance(item, dict) else {}
            bases = options.get("base_path", ["."])
            bases = bases if isinstance(bases, list) else [bases]
            options["base_path"] = [str((site.root / str(b)).resolve()) for b in bases]
            extensions[index] = {name: options}
    config["markdown_extensions"] = extensions
    return config


def _offline_config(site: course_site.Site) -> dict:
    """mkdocs.offline.yml for the tree: the course's own (the offline plugin) over the site's, on
    the pack's tree, with the search shim the hooks add."""
    own = _load(site.root / "mkdocs.offline.yml")
    own.pop("INHERIT", None)
    config = {"INHERIT": "mkdocs.yml", **own, "docs_dir": "docs-offline"}
    plugins = config.get("plugins")
    if not plugins:
        config["plugins"] = {"offline": {}}
    extra = dict(config.get("extra") or {})
    polyfills = list(extra.get("polyfills") or [])
    if not any("iframe-worker" in str(url) for url in polyfills):
        polyfills.append(assets.SHIM)
    extra["polyfills"] = polyfills
    config["extra"] = extra
    return config


def _dump(config: dict, path: Path) -> None:
    text = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    path.write_text("# Written by python -m coursekit render: the course's pages with what its hooks add, for a host\n"
                    "# that runs none. Do not edit: render again.\n" + text, encoding="utf-8")


# -- command ----------------------------------------------------------------------------------------


def render(root: Path, out: Path, strict: bool = False, host: str = "mkdocs") -> Result:
    """Render the course at ``root`` into ``out``; nothing is written where there is an error (or,
    ``strict``, a warning): a page with a broken citation is never published."""
    started = time.perf_counter()
    site = course_site.load(Path(root))
    job = Render(site)
    job.run()
    result = Result(job.problems)
    if not result.errors and not (strict and result.warnings):
        result.pages = job.write(Path(out), host)
    result.seconds = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    from ..check import format_problem

    parser = argparse.ArgumentParser(
        prog="python -m coursekit render",
        description="Write the course as a Markdown tree with everything the hooks add, and a "
                    "configuration with no hooks, for any MkDocs-like host.")
    parser.add_argument("outdir", type=Path, help="where to write the tree (emptied first)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too, writing nothing")
    parser.add_argument("--host", choices=HOSTS, default="mkdocs",
                        help="the generator that builds the tree: MkDocs and its forks (ProperDocs, mkdocs-ng), "
                             "or Zensical, which rewrites links in HTML (default: mkdocs)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "mkdocs.yml").exists():
        parser.error(f"{root} holds no mkdocs.yml: pass --root")
    out = args.outdir.resolve()
    if out == root or root.is_relative_to(out) or out.is_relative_to(root / str(
            course_site.mkdocs_config(root).get("docs_dir") or "docs")):
        parser.error(f"{args.outdir} would overwrite the project: render into a folder of its own")
    if out.exists() and any(out.iterdir()) and not (out / "mkdocs.yml").exists():
        parser.error(f"{args.outdir} is not empty and holds no render: name a new folder or an earlier render")
    try:  # hooks/hosting.py's setting, read before anything is written
        site_address.address(site_address.SITE_URL)
    except site_address.AddressError as exc:
        print(f"render: {exc}", file=sys.stderr)
        return 2
    result = render(root, out, args.strict, args.host)
    problems = sorted(result.errors + result.warnings)
    for problem in problems:
        print(format_problem(problem))
        if in_ci():
            print(problem.github_annotation())
    if not result.pages:
        print(f"render: {len(result.errors)} error(s), {len(result.warnings)} warning(s): nothing written",
              file=sys.stderr)
        return 1
    print(f"render: {result.pages} page(s) in {out} ({result.seconds:.2f} s), "
          f"{len(result.warnings)} warning(s)", file=sys.stderr)
    return 0
