"""Pages MkDocs cannot read: bytes that are not UTF-8, snippet includes whose file is missing.

MkDocs stops with a traceback at the first such page. Here each is a problem at its line and
column, the page's text is made readable (U+FFFD for bad bytes, a blank line for a missing
snippet), and the build goes on, so that one pass reports every problem of the course.
"""

from __future__ import annotations

from pathlib import Path

import build_state
from coursekit.diagnostics import decode_utf8
from coursekit.course.snippets import base_paths, missing_snippets
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(90)  # before any hook reads a page's text (the guides read every chapter)
def on_files(files: Files, config):
    course = build_state.course
    root = Path(config.config_file_path).parent
    bases = None
    if "pymdownx.snippets" in config.markdown_extensions:
        bases = base_paths(config.mdx_configs.get("pymdownx.snippets"), root)
    for file in files.documentation_pages():
        if file.generated_by is not None:
            continue
        shown = f"docs/{file.src_uri}"
        text, problems = decode_utf8(file.content_bytes, shown)
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as MkDocs reads it
        if bases:
            text, missing = missing_snippets(text, shown, bases)
            problems.extend(missing)
        if problems:
            course.problems.extend(problems)
            file.content_string = text
    return files
