"""Catalog queries of the migration engine (loaded with pgshift.queries.read_query)."""
