"""The citations benchmark: plain MkDocs (two floors), this project's hooks and mkdocs-bibtex (two styles).

Run it with ``bench/run.sh`` (which installs ``bench/requirements.txt`` into ``.venv`` first) or
``python -m bench``; ``--help`` lists the options.
"""
