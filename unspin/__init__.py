"""unspin: plain, auditable versions of news articles.

>>> from unspin import neutralize
>>> report = neutralize("The oppressive government imposed a curfew.")
>>> report.text
'The [...] government imposed a curfew.'
"""

from unspin.edit.ledger import Edit, EditKind, apply_edits, invert_edits
from unspin.ingest.article import Article
from unspin.report import Report

__version__ = "0.1.0"

__all__ = ["Article", "Edit", "EditKind", "Report", "apply_edits", "invert_edits", "neutralize", "__version__"]


def neutralize(text_or_html: str | Article, *, strength: str = "standard", source: str = "<string>") -> Report:
    """Run the whole pipeline on one article (plain text, HTML, or an `Article`)."""
    from unspin.pipeline import Options
    from unspin.pipeline import neutralize as run

    return run(text_or_html, Options(strength=strength), source=source)
