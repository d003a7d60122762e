"""Catalog queries, one per object kind (see ../load.py)."""
