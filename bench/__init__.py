"""The citations benchmark: plain MkDocs, this project's hooks and mkdocs-bibtex on synthetic courses.

Run it with ``bench/run.sh`` (which installs ``bench/requirements.txt`` into ``.venv`` first) or
``python -m bench``; ``--help`` lists the options.
"""
