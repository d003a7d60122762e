"""`pgshift.session`: set the SQL helper library's auth and tenant settings for a transaction.

A re-export of `pgshift.library.session`; see that module and docs/library.md.
"""

from .library.session import SETTINGS, session_values, set_session, transaction

__all__ = ["SETTINGS", "session_values", "set_session", "transaction"]
