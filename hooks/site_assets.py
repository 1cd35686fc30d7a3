"""The stylesheet and scripts the engine's pages need, added by the engine: a course copies none.

They live in ``hooks/assets/``, with the engine that writes the markup they style. ``on_config``
lists them in ``extra_css``/``extra_javascript``; ``on_files`` adds them to the site as generated
files. For the offline course pack (Material's offline plugin) it adds the iframe-worker shim too,
which lets search run from ``file://``: given as a polyfill, the plugin no longer loads it from a CDN
(the privacy plugin would fail the strict build on that request). A file of the same path in
``docs/`` is the course's own and wins.
"""

from __future__ import annotations

from coursekit.render.assets import PACK_ONLY, SCRIPTS, SHIM, STYLESHEETS
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from online_only import offline_enabled


@event_priority(50)  # before the offline plugin's on_config (0), which adds the CDN's shim unless one is given
def on_config(config):
    for path in STYLESHEETS:
        if path not in config.extra_css:
            config.extra_css.append(path)
    for path in SCRIPTS:
        if path not in (str(script) for script in config.extra_javascript):
            config.extra_javascript.append(ExtraScriptValue(path))
    if offline_enabled(config) and PACK_ONLY[SHIM].is_file():
        polyfills = config.extra.setdefault("polyfills", [])
        if not any("iframe-worker" in str(url) for url in polyfills):
            polyfills.append(SHIM)
    return config


def on_files(files: Files, config):
    wanted = {**STYLESHEETS, **SCRIPTS}
    if offline_enabled(config):
        wanted.update(PACK_ONLY)
    for site_path, source in wanted.items():
        if source.is_file() and files.get_file_from_path(site_path) is None:
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files
