"""Neutral headlines in the API and the web lists, with the original one step away."""

from __future__ import annotations

import lxml.html
from fastapi.testclient import TestClient

TITLE = "Council slammed over Lumen Bridge cost"
NEUTRAL = "Council criticized over Lumen Bridge cost"
TEXT = (
    f"{TITLE}\n\nThe city council approved the Lumen Bridge on Tuesday, officials said.\n\n"
    "The bridge will cost 48 million euros, according to the council's budget.\n"
)


def test_api_title_is_neutral_and_original_title_as_published(client: TestClient) -> None:
    created = client.post("/api/articles", json={"text": TEXT, "title": TITLE, "outlet": "Harbour Post"}).json()
    assert (created["title"], created["original_title"]) == (NEUTRAL, TITLE)
    assert (created["report"]["title"], created["report"]["original_title"]) == (NEUTRAL, TITLE)
    listing = client.get("/api/articles").json()["items"]
    assert [(item["title"], item["original_title"]) for item in listing] == [(NEUTRAL, TITLE)]
    found = client.get("/api/articles", params={"q": "slammed"}).json()["items"]  # the original's words still find it
    assert [item["title"] for item in found] == [NEUTRAL]


def test_web_lists_show_the_neutral_headline_with_the_original_on_hover(client: TestClient) -> None:
    client.post("/api/articles", json={"text": TEXT, "title": TITLE})
    client.post("/api/articles", json={"text": "<b>Ferry</b> timetable changes on Monday.", "title": "<b>Ferry</b> times"})
    for path in ("/", "/articles", "/articles?q=Lumen"):
        page = lxml.html.document_fromstring(client.get(path, headers={"accept": "text/html"}).text)
        links = {a.text_content(): a.get("title") for a in page.xpath("//table[@class='articles']//td[@class='title']/a")}
        assert links[NEUTRAL] == f"Original headline: {TITLE}", path
        assert TITLE not in links
    listing = client.get("/articles", headers={"accept": "text/html"}).text
    assert "<b>Ferry</b>" not in listing and "&lt;b&gt;Ferry&lt;/b&gt; times" in listing  # untrusted, escaped
    rows = lxml.html.document_fromstring(listing).xpath("//table[@class='articles']//tr[td]")
    assert [row.xpath("td")[1].text_content() for row in rows] == ["unknown outlet", "unknown outlet"]  # nothing names them
