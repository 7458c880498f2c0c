"""Readers (file -> Document) and the stages that turn a Document into Reports."""

from minerva.extractors import text  # noqa: F401  (registers its reader)
from minerva.extractors.registry import read_document, register, supported_suffixes

__all__ = ["read_document", "register", "supported_suffixes"]
