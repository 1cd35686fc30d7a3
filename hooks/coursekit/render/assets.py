"""The stylesheet and scripts the citations, tooltips and search need, and the offline pack's search shim:
where each file of ``hooks/assets/`` goes in a site. ``hooks/site_assets.py`` adds them to the
build; the render copies them into its tree and names them in the configuration it writes.
"""

from __future__ import annotations

import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets"
STYLESHEETS = {"assets/coursekit/course.css": ASSETS / "course.css"}  # site path → file
SCRIPTS = {f"assets/coursekit/{name}": ASSETS / name
           for name in ("accessibility.js", "search-input.js", "reference-popups.js")}
SHIM = "assets/vendor/iframe-worker/shim.js"  # lets search run from file:// (the offline plugin's polyfill)
PACK_ONLY = {SHIM: ASSETS / "vendor/iframe-worker/shim.js",
             "assets/vendor/iframe-worker/LICENSE": ASSETS / "vendor/iframe-worker/LICENSE",
             "assets/vendor/iframe-worker/SOURCE.txt": ASSETS / "vendor/iframe-worker/SOURCE.txt"}
# A paragraph for the hosted site only (the pack's download link): left out of the pack. It holds no paragraph.
ONLINE_ONLY = re.compile(r'<p class="online-only"[^>]*>.*?</p>\n?', re.DOTALL)
