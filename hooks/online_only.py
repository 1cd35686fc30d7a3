"""Paragraphs for the hosted site only: ``<p class="online-only">`` is left out of the offline pack.

The home page offers the course pack for download; inside the pack that link would lead nowhere
(the zip is not in itself). The pack is the build with Material's offline plugin enabled.
"""

from __future__ import annotations

from coursekit.render.assets import ONLINE_ONLY as _ONLINE_ONLY
from mkdocs.structure.pages import Page

_OFFLINE_PLUGINS = ("offline", "material/offline")


def on_page_content(html: str, page: Page, config, files):
    if 'class="online-only"' not in html or not offline_enabled(config):
        return html
    return _ONLINE_ONLY.sub("", html)


def offline_enabled(config) -> bool:
    """Whether this build is the offline pack's (Material's offline plugin, enabled)."""
    for name in _OFFLINE_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "config", {}).get("enabled", True):
            return True
    return False
