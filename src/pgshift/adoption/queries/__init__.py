"""Catalog queries of the adoption package (loaded with pgshift.queries.read_query)."""
