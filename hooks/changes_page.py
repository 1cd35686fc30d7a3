"""The pull-request report as a page of the preview (``changes/``; ``changes.html`` in the pack),
only when ``COURSE_CHANGES`` names the report: a main-branch build never has it.

scripts/pr_summary.py writes the report (``--page``) with each place as ``preview:<hosted URL>#id``;
here each becomes a link to that page's source, which MkDocs checks and writes for the hosted site
and the pack (file://) alike. The page is in neither the navigation nor the search index.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

ENV = "COURSE_CHANGES"
SRC_URI = "changes.md"
_PLACE = re.compile(r"\[([^\]]*)\]\(preview:([^)#\s]*)(#[^)\s]*)?\)")  # labels come escaped: no "]"

log = get_plugin_logger(__name__)


def on_files(files: Files, config):
    report = os.environ.get(ENV, "").strip()
    if not report:
        return files
    try:
        text = Path(report).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PluginError(f"{ENV}={report}: cannot read the report ({exc}) — write it first with "
                          f"scripts/pr_summary.py --page {report}") from exc
    if files.get_file_from_path(SRC_URI) is not None:
        raise PluginError(f"{ENV} is set but docs/{SRC_URI} exists — the report page needs that name: "
                          f"rename the page, or build without {ENV}")
    files.append(File.generated(config, SRC_URI, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown: str, page: Page, config, files: Files):
    if page.file.src_uri != SRC_URI or not os.environ.get(ENV, "").strip():
        return markdown
    by_url = {File(f.src_uri, None, "", True).url: f.src_uri for f in files.documentation_pages()}

    def link(match: re.Match) -> str:
        label, url, anchor = match.group(1), unquote(match.group(2)), match.group(3) or ""
        if url not in by_url:
            log.warning(f"the report links to '{url}', which this build has no page for — "
                        "summarise the same commit that is built")
            return label
        return f"[{label}]({by_url[url]}{anchor})"

    return _PLACE.sub(link, markdown)
