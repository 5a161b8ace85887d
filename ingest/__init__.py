"""Ingest: news articles in, actors and coded relations with their evidence out.

Stages, each passing typed records to the next: loaders (files → documents), cleaning
(scraping junk out), extraction (spaCy parse → mentions, actors, relations) and writing
(documents → the graph store). The ontology and the gazetteer are data files under
``ingest/data`` that users can extend.
"""

__all__: list[str] = []
