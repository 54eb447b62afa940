"""The web app and HTTP API (`unspin serve`): FastAPI over `unspin.store` and `unspin.render`.

    from unspin.web import create_app, Settings
    app = create_app(Settings(db="sqlite:///unspin.db"))

`app.py` assembles it; `api.py` is the JSON API, `pages.py` the HTML pages,
`submit.py` reads request bodies into articles, `original.py` lays out the
original text with its edits marked, `security.py` holds the headers and size
limits, `errors.py` the one-line error answers.
"""

from unspin.web.app import create_app
from unspin.web.settings import Settings

__all__ = ["Settings", "create_app"]
