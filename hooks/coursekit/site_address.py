"""Where the hosted site lives and where its pages can be edited, as the environment may name them.

``COURSE_SITE_URL`` and ``COURSE_EDIT_URI`` win over mkdocs.yml's ``site_url`` and ``edit_uri``, so
that the deploy workflow, a fork or a preview publishes its own address with no edit to the file.
Read here for every host: the build's (``hooks/hosting.py``) and the render's (``render/tree.py``).
"""

from __future__ import annotations

import os

SITE_URL = "COURSE_SITE_URL"
EDIT_URI = "COURSE_EDIT_URI"
EXAMPLES = {SITE_URL: "https://owner.github.io/repository/",
            EDIT_URI: "https://github.com/owner/repository/edit/main/docs/"}


class AddressError(ValueError):
    """The environment names something that is not an http(s) address; the message says how to fix it."""


def address(variable: str) -> str | None:
    """The http(s) URL the environment gives in ``variable`` (with a final slash), or None."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    if not value.startswith(("https://", "http://")) or " " in value:
        raise AddressError(f"{variable}={value!r} is not an http(s) address — set it to one, "
                           f"e.g. {EXAMPLES[variable]}, or unset it to use mkdocs.yml's")
    return value if value.endswith("/") else value + "/"
