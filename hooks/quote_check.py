"""Check every chapter's quotations against its source text, where the source texts are at hand.

The source texts live beside the project (``sources_dir`` in course/course.yml), never inside it:
where they are absent, as in a student's clone, the check is skipped with a notice.
"""

from __future__ import annotations

import build_state
from coursekit.course.quotes import check_chapter, read_sources
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files

log = get_plugin_logger(__name__)


@event_priority(40)  # after hooks/guides.py has read the chapters
def on_files(files: Files, config):
    course = build_state.course
    skipped = []
    for chapter in course.chapters:
        paths = [course.source_texts[k] for k in chapter.sources if k in course.source_texts]
        if not paths:
            continue
        sources = read_sources(paths)
        if sources is None:
            skipped.append(chapter.src_uri)
            continue
        text = files.get_file_from_path(chapter.src_uri).content_string
        course.problems.extend(check_chapter(text, chapter.path, sources))
    if skipped:
        log.info("source texts not found under %s: quotations of %d chapter(s) not checked",
                 course.settings.sources_dir, len(skipped))
    return files
