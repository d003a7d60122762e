"""Catalog queries of the linter (loaded with pgshift.queries.read_query)."""
