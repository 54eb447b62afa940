"""Clean stage: from a raw article to the original text and its web furniture.

clean_article(article)   -> Cleaned (original text, boilerplate edits, metadata)
find_boilerplate(text)   -> edits removing furniture from a scraped text dump
extract_html(html, url)  -> ExtractedPage (main text and metadata, via trafilatura)
"""

from unspin.clean.article import Cleaned, CleanError, clean_article
from unspin.clean.dump import find_boilerplate
from unspin.clean.html import ExtractedPage, extract_html

__all__ = ["CleanError", "Cleaned", "ExtractedPage", "clean_article", "extract_html", "find_boilerplate"]
