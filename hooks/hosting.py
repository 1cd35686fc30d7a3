"""Where the hosted site lives and where its pages' sources can be edited.

``site_url`` gives the sitemap its URLs and the 404 page links that work below a GitHub Pages
project path (``/repo/``); ``edit_uri`` (an absolute URL of the ``docs`` folder's edit view) gives
each page written in ``docs/`` an edit link (Material's ``content.action.edit``). Both come from
``mkdocs.yml``, unless the environment names them: ``COURSE_SITE_URL`` and ``COURSE_EDIT_URI``
win, so the deploy workflow passes the address GitHub Pages reports and the repository the
workflow runs in, and a fork or a preview publishes its own, with no edit to ``mkdocs.yml``.

The course pack has no edit links: it is read away from the repository, often offline. No
``repo_url`` is set: with one, Material's header asks the forge's API for the repository's stars
on every page view, a request off the reader's machine.
"""

from __future__ import annotations

from coursekit.site_address import EDIT_URI, SITE_URL, AddressError, address
from mkdocs.exceptions import ConfigurationError
from mkdocs.plugins import event_priority

from online_only import offline_enabled


@event_priority(100)  # before hooks/audience.py (95) puts the instructor's view below site_url
def on_config(config):
    found, problems = {}, []
    for variable in (SITE_URL, EDIT_URI):
        try:
            found[variable] = address(variable)
        except AddressError as exc:
            problems.append(str(exc))
    if problems:
        raise ConfigurationError("\n".join(problems))
    site_url, edit_uri = found[SITE_URL], found[EDIT_URI]
    if site_url:
        config.site_url = site_url
    if edit_uri:
        config.edit_uri = edit_uri
    if offline_enabled(config):
        config.edit_uri = config.edit_uri_template = None
    return config
