"""Read a database's catalog into a model of its objects (`load_model`) and show it as JSON or
as a diagram of its tables (Mermaid, Graphviz)."""

from __future__ import annotations

from .diagram import model_to_dot, model_to_mermaid
from .load import inspect_database, load_model
from .model import KINDS, Model, ObjectKey
from .serialize import model_to_json

__all__ = [
    "KINDS",
    "Model",
    "ObjectKey",
    "inspect_database",
    "load_model",
    "model_to_dot",
    "model_to_json",
    "model_to_mermaid",
]
