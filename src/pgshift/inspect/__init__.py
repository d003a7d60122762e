"""Read a database's catalog into a model of its objects (`load_model`) and show it as JSON."""

from __future__ import annotations

from .load import inspect_database, load_model
from .model import KINDS, Model, ObjectKey
from .serialize import model_to_json

__all__ = ["KINDS", "Model", "ObjectKey", "inspect_database", "load_model", "model_to_json"]
