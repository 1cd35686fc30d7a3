"""``--dirty`` builds that are whole: a skipped page's contribution comes from the last build.

With ``mkdocs build --dirty`` or ``mkdocs serve --dirty``, MkDocs reads and renders only the pages
whose source is newer than their output; the others' events never fire. What those pages gave every
cross-page output (their citations for the bibliography's "Cited in", their HTML and sections for
the whole-course page, their search entries, their problems) is then taken from the record each left
in the last dirty build (``coursekit.pagestore``: in memory under ``serve``, on disk in ``.cache/``):

- ``on_files``: a page MkDocs would skip is rendered after all when it has no record for its current
  content and the course's current digest (the course's files, the configuration, the list of pages,
  the engine's code): an edit to any of those is a full build, said in the log. The pages made from
  many others (the bibliography and whole-course pages, a page with the course's length or the map of
  the guides) are rendered every time, a generated page (a guide, the key points) while its Markdown
  changes;
- ``on_env``: a skipped page gets its HTML, title, sections and anchors back, and the course its
  citations and problems, in the order a full build has them;
- ``on_post_build``: the search index gets the skipped pages' entries, in page order, before Material's
  search plugin writes it (and the offline plugin its copy); the rendered pages leave their records.

A build without ``--dirty`` renders every page, keeps nothing and costs nothing here.
"""

from __future__ import annotations

import os
from pathlib import Path

import build_state
import citations
import deferred_html
import whole_course
from coursekit import pagestore, reuse
from coursekit.course import guides as coursekit_guides
from coursekit.course.model import Citing
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

log = get_plugin_logger(__name__)

_SEARCH_PLUGINS = ("material/search", "search")
_ENV = ("COURSE_VIEW", "COURSE_BOTH_VIEWS", "COURSE_SOURCES_DIR", "COURSE_CHANGES", "SOURCE_DATE_EPOCH",
        "COURSE_SITE_URL", "COURSE_EDIT_URI")
# A page that includes another file, or asks for what is made from every chapter (the course's length
# and start, the map of the guides), is rendered every time: what it shows may have changed.
_RENDERED_EVERY_TIME = [text.encode() for text in ("--8<--", coursekit_guides.START_MARKER, coursekit_guides.MAP_MARKER)]

_dirty = [False]
_build: dict = {}  # this build: "digest", "where", "kept" (src_uri → record), "problems", "search"…


def on_startup(command, dirty):
    _dirty[0] = bool(dirty)


def on_config(config):
    _build.clear()
    return config


@event_priority(-90)  # after every hook that adds or takes out a file
def on_files(files: Files, config):
    if not _dirty[0]:
        return files
    course = build_state.course
    root = Path(config.config_file_path).resolve().parent
    pages = [f for f in files.documentation_pages() if f.generated_by is None]
    parts = _course_parts(root, course, pages)
    digest = pagestore.course_digest(parts)
    # Each configuration its own records (the hosted site's and the pack's pages differ).
    where = root / pagestore.FOLDER / pagestore.content_digest(Path(config.config_file_path).name.encode())
    build_state.keep_sections[0] = True
    _build.update(digest=digest, where=where, kept={}, problem_start={}, problems={}, search={}, parts=parts,
                  search_count=0, files=files)
    _say_why_full(where, parts)
    always = _made_after_the_pages(course)
    for file in files.documentation_pages():
        generated = file.generated_by is not None
        if file.src_uri in always:
            file.is_modified = _modified
            continue
        # A generated page (a guide, the key points…) is as its Markdown is: made again, it is kept
        # while that Markdown is what it was, as a written page is while its file is.
        if not os.path.isfile(file.abs_dest_path) if generated else file.is_modified():
            continue  # MkDocs renders it
        text = file.content_bytes
        record = None
        if not any(marker in text for marker in _RENDERED_EVERY_TIME):
            key = pagestore.record_key(file.src_uri, pagestore.content_digest(text), digest)
            known = pagestore.MEMORY.get(file.src_uri)
            record = known if known is not None and known.key == key else pagestore.read(where, key)
        if record is None:
            file.is_modified = _modified
            continue
        file.is_modified = _kept  # (MkDocs counts a generated page, its content in memory, as modified)
        _build["kept"][file.src_uri] = record
    return files


# What MkDocs asks of a page in a dirty build, answered for it: its file stays as it is (setting its
# content would unset its path, which the last-updated date and the edit link are made from).
def _modified() -> bool:
    return True


def _kept() -> bool:
    return False


def _made_after_the_pages(course) -> set[str]:
    """The pages filled in after every other page is rendered: never kept."""
    return {course.bib_page, whole_course.SRC_URI}


def _course_parts(root: Path, course, pages) -> list[tuple[str, str | None]]:
    """What every page's rendering may depend on, each named with its digest."""
    hooks = Path(__file__).resolve().parent
    code = sorted(hooks.glob("*.py")) + sorted((hooks / "coursekit").rglob("*.py"))
    config_files = sorted(root.glob("*.yml")) + sorted(root.glob("*.yaml"))
    course_folder = root / "course"
    course_files = sorted(p for p in course_folder.rglob("*") if p.is_file()) if course_folder.is_dir() else []
    inputs = [p.resolve() for p in reuse.inputs(root, course.settings) if p.is_file()]
    parts = pagestore.files_digests([*config_files, *course_files, *inputs], root)
    parts += pagestore.files_digests(code, hooks.parent)
    parts += [(f"${name}", os.environ.get(name, "")) for name in _ENV]
    parts.append(("the list of pages", pagestore.content_digest("\0".join(sorted(f.src_uri for f in pages)).encode())))
    return parts


def _say_why_full(where: Path, parts: list) -> None:
    last = pagestore.last_parts(where)
    if last is None:
        log.info("dirty build: no pages kept from an earlier dirty build — every page is rendered")
        return
    changed = sorted({name for name, digest in set(parts) ^ set(last)})
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        log.info(f"dirty build: {shown} changed since the last build — every page is rendered")


@event_priority(100)
def on_pre_page(page: Page, config, files: Files):
    if _dirty[0] and "digest" in _build:
        _build["problem_start"][page.file.src_uri] = len(build_state.course.problems.items)
    return page


@event_priority(-100)  # after every hook that reports a page's problems
def on_page_content(html: str, page: Page, config, files: Files):
    if _dirty[0] and "digest" in _build:
        start = _build["problem_start"].get(page.file.src_uri, 0)
        _build["problems"][page.file.src_uri] = tuple(build_state.course.problems.items[start:])
    return html


@event_priority(100)  # before the whole-course page (-90) and the report (-100) read the pages
def on_env(env, config, files: Files):
    kept = _build.get("kept")
    if not kept:
        return env
    course = build_state.course
    for file in files.documentation_pages():
        record = kept.get(file.src_uri)
        page = file.page
        if record is None or page is None or page.content is not None:
            continue
        _restore(page, record, course)
        if record.whole_course is not None:
            build_state.known_sections[file.src_uri] = record.whole_course
    # "Cited in" lists each work's citing places in page order, as a full build finds them.
    course.cited_by.clear()
    for file in files.documentation_pages():
        for citing, keys in build_state.citing_sections.get(file.src_uri, ()):
            for key in keys:
                course.cited_by.setdefault(key, []).append(citing)
    return env


def _restore(page: Page, record: pagestore.PageRecord, course) -> None:
    src_uri = page.file.src_uri
    page.content = deferred_html.restored(record.content, record.pieces, citations.remade)
    page.toc = TableOfContents([_toc_item(item) for item in record.toc])
    page.title = record.title
    page.meta = dict(record.meta)
    page.present_anchor_ids = set(record.anchor_ids)
    course.page_keys[src_uri] = list(record.page_keys)
    course.cited_out_of_view.update(record.out_of_view)
    build_state.out_of_view[src_uri] = record.out_of_view
    course.problems.extend(record.problems)
    build_state.citing_sections[src_uri] = [(Citing(src_uri, anchor, title), list(keys))
                                            for anchor, title, keys in record.citing]


def _toc_item(item: pagestore.TocItem) -> AnchorLink:
    title, anchor, level, children = item
    link = AnchorLink(title, anchor, level)
    link.children = [_toc_item(child) for child in children]
    return link


def _toc_data(items) -> tuple:
    return tuple((item.title, item.id, item.level, _toc_data(item.children)) for item in items)


def _search_index(config):
    plugin = next((config.plugins[name] for name in _SEARCH_PLUGINS if name in config.plugins), None)
    return getattr(plugin, "search_index", None), plugin


@event_priority(-95)  # after the search plugin (0) has indexed the page and hooks/search_text.py (-90)
def on_page_context(context, page: Page, config, nav):
    if not _dirty[0] or "search" not in _build:
        return context
    index, _ = _search_index(config)
    if index is not None:
        _build["search"][page.file.src_uri] = index.entries[_build["search_count"]:]
        _build["search_count"] = len(index.entries)
    return context


@event_priority(10)  # before the search plugin (0) writes its index and the offline plugin (-100) its copy
def _complete_search(config):
    if not _dirty[0] or "digest" not in _build:
        return
    index, plugin = _search_index(config)
    if index is None:
        return
    kept, entries = _build["kept"], []
    for file in _build["files"].documentation_pages():
        record = kept.get(file.src_uri)
        entries.extend(record.search or [] if record is not None else _build["search"].get(file.src_uri, []))
    index.entries = entries
    plugin.search_index_prev = None  # its own dirty merge assumes one page was rebuilt


@event_priority(-50)  # after the whole-course page is written (0): its chapters' sections go in the records
def _keep(config):
    if not _dirty[0] or "digest" not in _build:
        return
    pages = [f.page for f in _build["files"].documentation_pages() if f.page is not None]
    _keep_records(pages, _search_index(config)[0] is not None)


on_post_build = CombinedEvent(_complete_search, _keep)


def _keep_records(pages: list[Page], searched: bool) -> None:
    course = build_state.course
    where, digest, kept = _build["where"], _build["digest"], _build["kept"]
    always = _made_after_the_pages(course)
    records: dict[str, pagestore.PageRecord] = {}
    for page in pages:
        file = page.file
        if file.src_uri in always or page.content is None:
            continue
        record = kept.get(file.src_uri)
        if record is None:
            record = _record(page, digest, searched)
            pagestore.write(where, record)
        records[file.src_uri] = record
    pagestore.MEMORY.clear()
    pagestore.MEMORY.update(records)
    pagestore.prune(where, {record.key for record in records.values()})
    pagestore.write_parts(where, _build["parts"])


def _record(page: Page, digest: str, searched: bool) -> pagestore.PageRecord:
    src_uri = page.file.src_uri
    content, pieces = deferred_html.stored(page.content)
    return pagestore.PageRecord(
        key=pagestore.record_key(src_uri, pagestore.content_digest(page.file.content_bytes), digest),
        src_uri=src_uri, title=page.title, meta=dict(page.meta), toc=_toc_data(page.toc),
        anchor_ids=frozenset(page.present_anchor_ids or ()), content=content, pieces=pieces,
        citing=tuple((c.anchor, c.title, tuple(keys)) for c, keys in build_state.citing_sections.get(src_uri, ())),
        page_keys=tuple(build_state.course.page_keys.get(src_uri, ())),
        out_of_view=tuple(build_state.out_of_view.get(src_uri, ())),
        problems=_build["problems"].get(src_uri, ()),
        search=list(_build["search"].get(src_uri, [])) if searched else None,
        whole_course=build_state.made_sections.get(src_uri),
    )
