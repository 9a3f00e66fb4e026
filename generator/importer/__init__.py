"""``python -m generator import``: reply letters (.txt, .md, .docx) to records.

reading  – the only module that reads files (letters, policy YAML)
cleaning – web-page leftovers, whitespace and punctuation
lines    – the standard lines of a letter (文号, 答复类别, 公开属性, 署名 …)
layout   – header / salutation / body / closing
parts    – the pieces extraction reads, gathered once
fields, people, policies – the record's fields, pure functions over strings
markdown – the body as Markdown
extract  – the pipeline from text to record
record   – field order, file name, YAML and JSON
command  – the CLI and its messages; emit is the only module that writes files
"""

from .extract import import_text
from .record import Imported

__all__ = ["Imported", "import_text"]
