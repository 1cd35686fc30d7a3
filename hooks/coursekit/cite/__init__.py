"""Citations in pandoc's syntax: found in a page's Markdown, resolved against the bibliography."""
