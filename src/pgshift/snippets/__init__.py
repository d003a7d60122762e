"""VS Code snippets generated from annotated SQL (see docs/authoring.md)."""

from ..errors import SnippetError
from .generate import (
    DEFAULT_OUTPUT,
    LIBRARY_PREFIX,
    SnippetSource,
    SnippetsResult,
    collect_snippets,
    generate_snippets,
    library_sources,
    render_snippets,
)
from .model import Problem, Snippet
from .parse import parse_code_snippets, parse_sql_snippets, snippet_key

__all__ = [
    "DEFAULT_OUTPUT",
    "LIBRARY_PREFIX",
    "Problem",
    "Snippet",
    "SnippetError",
    "SnippetSource",
    "SnippetsResult",
    "collect_snippets",
    "generate_snippets",
    "library_sources",
    "parse_code_snippets",
    "parse_sql_snippets",
    "render_snippets",
    "snippet_key",
]
