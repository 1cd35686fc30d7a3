"""What a pull request changes in the course, for a reviewer: read two builds and the course files
of both checkouts, compare them, and write the report (scripts/pr_summary.py is the command).

``site`` reads a built site as a reader sees it, ``words`` diffs texts word by word, ``pages``
compares the pages, ``course_files`` the bibliography, notes maps, guides and glossary, ``problems``
the warnings and errors, ``markup`` looks for new scripts, and ``report`` writes the page and the
pull-request comment. The site comparison needs only the standard library.
"""
