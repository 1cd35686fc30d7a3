"""The course engine: bibliography, citations, guides and checks, in plain Python.

Nothing in this package imports MkDocs. The modules in ``hooks/`` adapt it to MkDocs; another
generator needs only a new adapter.
"""
