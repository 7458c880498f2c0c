"""minerva: mine customer-complaint rectification reports into reusable problem-cause-measure knowledge.

>>> import minerva
>>> reports = minerva.extract("8D报告.docx")
>>> reports[0].cases[0].measures
"""

from minerva.errors import ExtractionError
from minerva.extractors import extract, read_document, register, sections_of, supported_suffixes
from minerva.knowledge.base import KnowledgeBase
from minerva.knowledge.base import open_kb as open  # noqa: A001  (minerva.open(db), like sqlite3.connect)
from minerva.model import Block, Case, Document, Measure, Report, Section, SourceRef, Span

__version__ = "0.1.0"

__all__ = [
    "Block",
    "Case",
    "Document",
    "ExtractionError",
    "KnowledgeBase",
    "Measure",
    "Report",
    "Section",
    "SourceRef",
    "Span",
    "extract",
    "open",
    "read_document",
    "register",
    "sections_of",
    "supported_suffixes",
]
