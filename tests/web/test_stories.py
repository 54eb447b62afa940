"""Story pages and the stories API over stored articles: lists, the compared story, the article's story links.

A story is compared in the large lane's process pool, not in the request (`unspin.web.comparing`): the first
request answers at once, pending, and `settled` waits for the background job.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import SMALL_LIMITS, SharedLanes, settle
from tests.web.story_helpers import BRIDGE_COURIER, BRIDGE_POST, BRIDGE_UNNAMED, FERRY, groups
from unspin.web import Settings, create_app
from unspin.web.comparing import Comparisons
from unspin.web.lanes import PoolLane
from unspin.web.stories import story_of

pytestmark = pytest.mark.slow
HTML = {"accept": "text/html"}
NEUTRAL = "Council criticized over [...] Lumen Bridge"  # BRIDGE_POST's headline as its report shows it
WAIT = 600  # seconds a background comparison may take on a busy 2-core machine (the pool also loads its models)


def not_here(story: object) -> None:
    raise AssertionError("compared in the server process")


def fails_in_the_pool(url: str, story_id: int, version: str) -> str | None:
    """A background job that fails (run in a pool process, so it is a top-level function)."""
    raise RuntimeError("no facts today")


def settled(client: TestClient, story_id: int) -> dict:
    """The story from the API once compared: the first request starts the comparison, then we wait for it."""
    path = f"/api/stories/{story_id}"
    if client.get(path).json()["comparison_status"] == "pending":
        assert client.app.state.comparisons.join(timeout=WAIT)  # type: ignore[attr-defined]
    story = client.get(path).json()
    assert story["comparison_status"] == "compared", story
    return story


@pytest.fixture
def client(db_url: str, shared_lanes: SharedLanes) -> Iterator[TestClient]:
    """The conftest's client, on the module's one pool: each test's app would otherwise spawn its own, and every
    comparison would wait for fresh processes to load the models."""
    settings = Settings(db=db_url, max_bytes=SMALL_LIMITS.max_bytes, max_articles=SMALL_LIMITS.max_articles)
    app = create_app(settings, lanes=shared_lanes)
    started = app.state.comparisons
    with TestClient(app) as test_client:
        yield test_client
        settle(app.state.comparisons, started)  # a test may swap in its own; the shared pool's jobs are `started`'s


def doc(client: TestClient, path: str):  # type: ignore[no-untyped-def]
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text
    return lxml.html.document_fromstring(response.text)


@pytest.fixture
def stories(client: TestClient) -> dict[str, int]:
    """The four articles posted: the store puts the three bridge articles in one story, the ferry in another."""
    ids = {}
    for name, article in (("post", BRIDGE_POST), ("courier", BRIDGE_COURIER), ("unnamed", BRIDGE_UNNAMED), ("ferry", FERRY)):
        ids[name] = client.post("/api/articles", json=article).json()["id"]
    store = client.app.state.store  # type: ignore[attr-defined]
    assert groups(store) == sorted([sorted([ids["post"], ids["courier"], ids["unnamed"]]), [ids["ferry"]]])
    ids["bridge_story"], ids["ferry_story"] = story_of(store, ids["post"]), story_of(store, ids["ferry"])
    return ids


def test_story_list_shows_neutral_headlines_sizes_outlets_and_dates(client: TestClient, stories: dict[str, int]) -> None:
    page = doc(client, "/stories")
    rows = {row.xpath("td[1]//a")[0].text_content(): row for row in page.xpath("//table[@class='stories']/tbody/tr")}
    assert set(rows) == {NEUTRAL, FERRY["title"]}
    bridge = rows[NEUTRAL]
    link = bridge.xpath("td[1]//a")[0]
    assert link.get("href") == f"/stories/{stories['bridge_story']}"
    assert link.get("title") == f"Original headline: {BRIDGE_POST['title']}"
    assert bridge.xpath("td[1]//details[@class='original-headline']/q")[0].text_content() == BRIDGE_POST["title"]
    assert [cell.text_content() for cell in bridge.xpath("td")[1:]] == [
        "3",
        "Harbour Post, City Courier, unknown outlet",
        "3 March 2026 – 4 March 2026",
    ]
    ferry = rows[FERRY["title"]]
    assert ferry.xpath("td[1]//a")[0].get("title") is None and not ferry.xpath(".//details")  # nothing to show
    assert [cell.text_content() for cell in ferry.xpath("td")[1:]] == ["1", "Harbour Post", "10 February 2026"]


def test_the_first_request_answers_at_once_and_the_pool_compares(
    client: TestClient, stories: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("unspin.stories.from_store.compare_story", not_here)  # the server process must not compare
    path = f"/stories/{stories['bridge_story']}"
    page = doc(client, path)
    assert page.xpath("//meta[@http-equiv='refresh']")[0].get("content") == "5"
    assert "being compared" in page.xpath("//p[contains(@class, 'comparison-pending')]")[0].text_content()
    assert len(page.xpath("//table[@class='by-outlet']/tbody/tr")) == 3  # what needs no comparison is there
    assert page.xpath("//h1")[0].text_content() == NEUTRAL and not page.xpath("//table[@class='facts']")
    response = client.get(f"/api/stories/{stories['bridge_story']}")
    story = response.json()
    assert story["comparison_status"] == "pending" and response.headers["retry-after"] == "5"
    assert story["facts"] == [] and story["quotes"] == [] and all(m["additions"] == [] for m in story["members"])
    assert len(client.app.state.comparisons._running) == 1  # type: ignore[attr-defined]  # asked twice, started once

    assert client.app.state.comparisons.join(timeout=WAIT)  # type: ignore[attr-defined]
    page = doc(client, path)
    assert not page.xpath("//meta[@http-equiv='refresh']") and not page.xpath("//p[contains(@class, 'comparison-')]")
    assert len(page.xpath("//table[@class='facts']/tbody/tr")) >= 4
    response = client.get(f"/api/stories/{stories['bridge_story']}")
    assert response.json()["comparison_status"] == "compared" and "retry-after" not in response.headers


def test_story_page_groups_by_outlet_and_compares(client: TestClient, stories: dict[str, int]) -> None:
    settled(client, stories["bridge_story"])
    page = doc(client, f"/stories/{stories['bridge_story']}")
    assert page.xpath("//h1")[0].text_content() == NEUTRAL
    groups = page.xpath("//table[@class='by-outlet']/tbody[@class='outlet-group']")
    assert [g.xpath("tr[1]/th[@class='outlet']")[0].text_content() for g in groups] == [
        "Harbour Post",
        "City Courier",
        "unknown outlet",
    ]
    unnamed = groups[2]
    assert unnamed.xpath(".//td[@class='title']/a")[0].get("href") == f"/articles/{stories['unnamed']}"
    assert unnamed.xpath(".//span[@class='sub source']")[0].text_content() == f"article {stories['unnamed']}"  # not "api:json"
    densities = [float(g.xpath(".//span[contains(@class, 'density')]")[0].text_content()) for g in groups]
    assert densities[0] > 0 and densities[1] == densities[2] == 0.0  # only the Post's wording is loaded
    facts = page.xpath("//table[@class='facts']/tbody/tr")
    assert len(facts) >= 4
    cost = [row for row in facts if "million euros" in row.xpath("td[@class='fact']")[0].text_content()]
    assert [row.xpath("td[@class='diff']")[0].text_content() for row in cost] == ["number: 48 vs 52 million"]
    quotes = page.xpath("//table[@class='quotes']/tbody/tr")
    assert [[cell.text_content() for cell in row.xpath("td")] for row in quotes] == [
        ["“It is an outrageous waste of public money”", "councillor Mary Hollins", "Harbour Post, City Courier"]
    ]
    added = page.xpath("//section[@aria-labelledby='added']//mark[contains(@class, 'add')]")
    assert added and all("Added from " in mark.text_content() for mark in added)
    assert not any("Added from api" in mark.text_content() or "Added from article" in mark.text_content() for mark in added)
    assert page.xpath(f"//a[@href='/articles/{stories['post']}?view=filled']")


def test_story_page_needs_no_inline_style(client: TestClient, stories: dict[str, int]) -> None:
    """The Content-Security-Policy allows only the app's own stylesheets: the density shade is a class."""
    response = client.get(f"/stories/{stories['bridge_story']}", headers=HTML)
    assert "style=" not in response.text and "<style" not in response.text
    assert "style-src 'self'" in response.headers["content-security-policy"]
    css = client.get("/static/story.css")
    assert css.status_code == 200 and ".story .density.l10" in css.text


def test_article_page_links_its_story_and_the_version_with_additions(client: TestClient, stories: dict[str, int]) -> None:
    plain = doc(client, f"/articles/{stories['courier']}")
    assert plain.xpath(f"//a[@href='/stories/{stories['bridge_story']}']")
    assert plain.xpath("//a[@id='toggle-filled']")[0].get("href") == "?view=filled"
    assert not plain.xpath("//article[@id='plain-view']//mark[contains(@class, 'add')]")
    pending = doc(client, f"/articles/{stories['courier']}?view=filled")  # asks for the comparison, answers at once
    assert "being compared" in pending.xpath("//p[contains(@class, 'filled-note')]")[0].text_content()
    assert pending.xpath("//meta[@http-equiv='refresh']")
    settled(client, stories["bridge_story"])
    filled = doc(client, f"/articles/{stories['courier']}?view=filled")
    assert not filled.xpath("//meta[@http-equiv='refresh']")
    marks = [mark.text_content().strip() for mark in filled.xpath("//article[@id='plain-view']//mark[contains(@class, 'add')]")]
    added = [text for text in marks if text.startswith("[Added from ")]  # the rest resolve relative dates ("[June 2026]")
    assert added
    sources = {text.split(":")[0].strip("[ ") for text in added}
    assert sources <= {"Added from Harbour Post", "Added from unknown outlet"}  # never its own outlet, never a file
    assert "added" in filled.xpath("//p[contains(@class, 'filled-note')]")[0].text_content()
    assert filled.xpath("//a[@id='toggle-filled']")[0].get("href") == "?view=plain"


def test_article_lists_show_the_original_headline_one_step_away(client: TestClient, stories: dict[str, int]) -> None:
    for path in ("/", "/articles"):
        cell = next(
            td
            for td in doc(client, path).xpath("//table[@class='articles']//td[@class='title']")
            if td.xpath("a")[0].text_content() == NEUTRAL
        )
        assert cell.xpath("details[@class='original-headline']/q")[0].text_content() == BRIDGE_POST["title"], path


def test_stories_api_lists_and_compares(client: TestClient, stories: dict[str, int]) -> None:
    listed = {item["id"]: item for item in client.get("/api/stories").json()}
    bridge = listed[stories["bridge_story"]]
    assert (bridge["title"], bridge["original_title"]) == (NEUTRAL, BRIDGE_POST["title"])
    assert bridge["articles"] == 3 and bridge["outlets"] == ["Harbour Post", "City Courier", "unknown outlet"]
    assert (bridge["first_published"], bridge["last_published"]) == ("2026-03-03", "2026-03-04")
    assert listed[stories["ferry_story"]]["original_title"] is None

    story = settled(client, stories["bridge_story"])
    members = {m["id"]: m for m in story["members"]}
    assert set(members) == {stories["post"], stories["courier"], stories["unnamed"]}
    unnamed = members[stories["unnamed"]]
    assert (unnamed["outlet"], unnamed["outlet_known"]) == ("unknown outlet", False)
    assert members[stories["post"]]["loaded_edits"] > 0 and members[stories["post"]]["density"] > 0
    for member in members.values():
        assert member["additions"], member["outlet"]
        for edit in member["additions"]:
            assert edit["kind"] == "add" and edit["source"] in {"Harbour Post", "City Courier", "unknown outlet"}
            assert edit["source"] != member["outlet"] or edit["source"] == "unknown outlet"
    cost = [fact for fact in story["facts"] if "million euros" in fact["text"]]
    assert [fact["differences"] for fact in cost] == [["number: 48 vs 52 million"]]
    assert {claim["article_id"] for claim in cost[0]["reported_by"]} == {stories["post"], stories["courier"]}
    assert story["quotes"] == [
        {
            "quote": "It is an outrageous waste of public money",
            "speaker": "councillor Mary Hollins",
            "reported_by": ["Harbour Post", "City Courier"],
        }
    ]


def test_openapi_documents_story_members_facts_and_additions(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"members", "facts", "quotes", "title", "original_title"} <= set(schemas["StoryDetailOut"]["properties"])
    status = schemas["StoryDetailOut"]["properties"]["comparison_status"]
    assert status["enum"] == ["compared", "pending", "failed"] and "Retry-After" in status["description"]
    assert "additions" in schemas["StoryMemberOut"]["properties"]
    assert {"title", "original_title", "outlets", "articles"} <= set(schemas["StorySummaryOut"]["properties"])


def test_untrusted_story_text_is_escaped(client: TestClient) -> None:
    evil_title = '<img src=x onerror="alert(1)"> Bridge'
    evil_outlet = "<script>alert('outlet')</script>"
    first = client.post("/api/articles", json={**BRIDGE_POST, "title": evil_title, "outlet": evil_outlet}).json()["id"]
    second = client.post("/api/articles", json=BRIDGE_COURIER).json()["id"]
    assert groups(client.app.state.store) == [[first, second]]  # type: ignore[attr-defined]
    story = story_of(client.app.state.store, first)  # type: ignore[attr-defined]
    for compared in (False, True):  # the pending pages, then the compared ones
        if compared:
            settled(client, story)
        for path in ("/stories", f"/stories/{story}", f"/articles/{second}?view=filled"):
            text = client.get(path, headers=HTML).text
            assert "<script>alert" not in text and "<img src=x" not in text, path
            page = lxml.html.document_fromstring(text)
            assert not page.xpath("//script[not(@src)]") and not page.xpath("//img"), path
    listing = lxml.html.document_fromstring(client.get("/stories", headers=HTML).text)
    assert evil_outlet in listing.xpath("//td[@class='outlets']")[0].text_content()  # shown as text
    assert client.get(f"/api/stories/{story}").json()["members"][0]["outlet"] == evil_outlet  # JSON carries it as data


def test_missing_story_is_404(client: TestClient) -> None:
    assert client.get("/api/stories/4242").status_code == 404
    assert client.get("/stories/4242", headers=HTML).status_code == 404


def test_a_failing_background_comparison_leaves_a_page_that_answers(client: TestClient, stories: dict[str, int]) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    lane = PoolLane(workers=1, queue=1, warm=False)
    client.app.state.comparisons = Comparisons(lane, store.url, job=fails_in_the_pool)  # type: ignore[attr-defined]
    try:
        assert client.get(f"/api/stories/{stories['bridge_story']}").json()["comparison_status"] == "pending"
        assert client.app.state.comparisons.join(timeout=WAIT)  # type: ignore[attr-defined]
        page = doc(client, f"/stories/{stories['bridge_story']}")
        assert len(page.xpath("//table[@class='by-outlet']/tbody/tr")) == 3
        assert "no facts today" in page.xpath("//p[contains(@class, 'comparison-failed')]")[0].text_content()
        assert not page.xpath("//meta[@http-equiv='refresh']")  # not retried on every reload
        story = client.get(f"/api/stories/{stories['bridge_story']}").json()
        assert story["comparison_status"] == "failed" and "no facts today" in story["comparison_note"]
        assert len(story["members"]) == 3 and story["facts"] == [] and all(m["additions"] == [] for m in story["members"])
        assert doc(client, f"/articles/{stories['post']}?view=filled").xpath("//p[contains(@class, 'filled-note')]")
        assert lane.inside == 0  # the job left the lane
    finally:
        lane.close()


def test_a_compared_story_is_kept_for_every_process(
    client: TestClient, db_url: str, stories: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison is kept in the store: a second server process (or the same one started again) reads it."""
    path = f"/api/stories/{stories['bridge_story']}"
    first = settled(client, stories["bridge_story"])
    assert first["facts"] and all(member["additions"] for member in first["members"])
    monkeypatch.setattr("unspin.stories.from_store.compare_story", not_here)
    with TestClient(create_app(Settings(db=db_url, warm=False))) as other:
        assert other.get(path).json() == first
        page = doc(other, f"/stories/{stories['bridge_story']}")
        assert len(page.xpath("//table[@class='facts']/tbody/tr")) == len(first["facts"])
        assert not other.app.state.comparisons._running  # type: ignore[attr-defined]  # nothing started


def test_a_new_member_makes_the_story_compared_again(client: TestClient, stories: dict[str, int]) -> None:
    path = f"/api/stories/{stories['bridge_story']}"
    settled(client, stories["bridge_story"])
    assert client.get(path).json()["comparison_status"] == "compared"  # kept
    late = {**BRIDGE_COURIER, "text": BRIDGE_COURIER["text"] + "\nWork on the approach roads begins in May.\n"}
    late_id = client.post("/api/articles", json=late).json()["id"]
    assert story_of(client.app.state.store, late_id) == stories["bridge_story"]  # type: ignore[attr-defined]
    pending = client.get(path).json()
    assert pending["comparison_status"] == "pending" and late_id in {member["id"] for member in pending["members"]}
    story = settled(client, stories["bridge_story"])
    assert story["facts"] and late_id in {member["id"] for member in story["members"]}
