"""unspin: plain, auditable versions of news articles.

>>> from unspin import neutralize
>>> report = neutralize("The oppressive government imposed a curfew.")
>>> report.text
'The [...] government imposed a curfew.'

A batch, with every option the command line has (`Options`, `read` and `run` come from
`unspin.pipeline`, imported on first use):

>>> from unspin import Options, read, run
>>> options = Options(strength="strong", thorough=True)
>>> results = run(read(["articles/"], options), options)  # a Report or an IngestError per input
"""

from unspin.edit.ledger import Edit, EditKind, apply_edits, invert_edits
from unspin.ingest import Article, IngestError
from unspin.report import Report

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Edit",
    "EditKind",
    "IngestError",
    "Options",
    "Report",
    "__version__",
    "apply_edits",
    "invert_edits",
    "neutralize",
    "read",
    "run",
]
_PIPELINE = ("Options", "read", "run")  # from unspin.pipeline, which loads the stages: imported on first use


def __getattr__(name: str):
    if name in _PIPELINE:
        from unspin import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'unspin' has no attribute {name!r}")


def neutralize(text_or_html: str | Article, *, strength: str = "standard", source: str = "<string>") -> Report:
    """Run the whole pipeline on one article (plain text, HTML, or an `Article`)."""
    from unspin.pipeline import Options
    from unspin.pipeline import neutralize as run

    return run(text_or_html, Options(strength=strength), source=source)
