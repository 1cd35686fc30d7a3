"""Reading BibTeX: the text of one or more .bib files → entries and their problems."""
