"""Text dumps of HTML pages: what a scraper saves when it keeps every visible line.

Made with inscriptis (an HTML-to-text renderer that follows the page's layout):
it keeps page order, puts every block element (paragraph, heading, list item,
table row, div) on its own line, drops script, style and head, and marks list
items with a bullet as a browser would. We then strip each line and drop the
empty ones, so a dump is one line per visible block, menus, share buttons and
footers included -- the same shape as the seed files in ../shared/seeds.
"""

from __future__ import annotations

from inscriptis import get_text


def text_dump(html: str) -> str:
    lines = (line.strip() for line in get_text(html).splitlines())
    return "\n".join(line for line in lines if line) + "\n"
