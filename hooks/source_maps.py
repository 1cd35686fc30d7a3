"""The course pack carries no source maps.

Material's scripts and stylesheets come with ``.map`` files (1.3 MB of the pack) that only a
developer's browser tools read, and end with a ``sourceMappingURL`` comment naming them. The pack
is for students: both go (``on_post_build``, in the offline build only). The hosted site keeps
them, for whoever debugs it.
"""

from __future__ import annotations

import re
from pathlib import Path

from online_only import offline_enabled

_COMMENT = re.compile(rb"\n?(?://[#@] sourceMappingURL=[^\s]*|/\*[#@] sourceMappingURL=[^*]*\*/)\s*\Z")


def strip_source_maps(site: Path) -> None:
    for path in sorted(site.rglob("*.map")):
        path.unlink()
    for path in sorted([*site.rglob("*.js"), *site.rglob("*.css")]):
        text = path.read_bytes()
        if b"sourceMappingURL" in text[-300:]:
            path.write_bytes(_COMMENT.sub(b"\n", text))


def on_post_build(config):
    if offline_enabled(config):
        strip_source_maps(Path(config.site_dir))
