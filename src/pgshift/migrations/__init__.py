"""The migration engine, compatible with graphile-migrate 1.x (see docs/formats.md)."""
