"""The course as data: settings, chapters, notes maps, glossary, reading guides, quotations."""
