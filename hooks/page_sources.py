"""Pages and files MkDocs would read wrongly, or should not read at all.

MkDocs stops with a traceback at a page whose bytes are not UTF-8 or that includes a missing
snippet, publishes control characters and the files that links under ``docs/`` point to outside
the project, and reads front matter with no bound on its aliases. Here each is a problem at its
place (``coursekit.course.pages``, as ``coursekit check`` reads them): a link out of the project
is taken out of the build, and a page's text is made safe to read (U+FFFD for bad bytes and control
characters, a blank line for a wrong snippet include, an empty mapping for costly front matter), so
that the build goes on to report every problem of the course in one pass.
"""

from __future__ import annotations

from pathlib import Path

import build_state
from coursekit.course.pages import links_out_of, read_page
from coursekit.course.snippets import snippets_config
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(90)  # before any hook reads a page's text (the guides read every chapter)
def on_files(files: Files, config):
    course = build_state.course
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    # The docs' own files (the theme's come from its package) that MkDocs may publish or serve, each by
    # the path MkDocs found it at.
    written = [file for file in files if file.generated_by is None and file.abs_src_path
               and Path(file.abs_src_path).is_relative_to(docs) and file.inclusion.is_in_serve()]
    left_out, problems = links_out_of(docs, root, [Path(file.abs_src_path) for file in written])
    course.problems.extend(problems)
    for file in written:
        if Path(file.abs_src_path) in left_out:
            files.remove(file)  # never published, nor indexed
    snippets = None
    if "pymdownx.snippets" in config.markdown_extensions:
        snippets = snippets_config(config.mdx_configs.get("pymdownx.snippets"), root)
    for file in files.documentation_pages():
        if file.generated_by is not None:
            continue
        text, problems = read_page(file.content_bytes, f"docs/{file.src_uri}", snippets)
        if problems:
            course.problems.extend(problems)
            file.content_string = text
    return files
