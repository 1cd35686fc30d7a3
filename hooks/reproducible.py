"""Fix the build date, so that two builds of the same commit are byte-identical.

MkDocs dates the sitemap (``lastmod``, the gzip header) and every page from ``SOURCE_DATE_EPOCH``
when it is set. When it is not, take the date of the last commit of the project's git checkout; a
folder that is no checkout keeps the clock's date (and says so in ``--verbose``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)


def last_commit_epoch(folder: Path) -> str | None:
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    epoch = proc.stdout.strip()
    return epoch if proc.returncode == 0 and epoch.isdigit() else None


@event_priority(100)  # before anything reads the build date
def on_config(config):
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return config
    epoch = last_commit_epoch(Path(config.config_file_path).parent)
    if epoch is None:
        log.debug("no SOURCE_DATE_EPOCH and no git commit: the build is dated now")
        return config
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    return config
