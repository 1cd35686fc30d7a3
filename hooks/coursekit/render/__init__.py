"""HTML pieces the hosts place in pages: References and notes lists, the bibliography's entries."""
