"""Articles for the story tests, written for them: three outlets on one council vote, one on something else.

The store puts each stored article in a story as it saves it (`unspin/store/stories.py`); `groups`
reads the result back.
"""

from __future__ import annotations

from unspin.store import Store

# Three outlets on one council vote (one outlet unnamed), one article on something else.
BRIDGE_POST = {
    "title": "Council slammed over lavish Lumen Bridge",
    "outlet": "Harbour Post",
    "published": "2026-03-03",
    "text": (
        "Council slammed over lavish Lumen Bridge\n\n"
        "The city council approved the shockingly expensive Lumen Bridge on Tuesday by 31 votes to 12.\n\n"
        "The bridge will cost 48 million euros, according to the council's budget office.\n\n"
        '"It is an outrageous waste of public money," said councillor Mary Hollins, who voted against it.\n\n'
        "Construction is due to start in June and to take three years.\n"
    ),
}
BRIDGE_COURIER = {
    "title": "Lumen Bridge approved by city council",
    "outlet": "City Courier",
    "published": "2026-03-04",
    "text": (
        "Lumen Bridge approved by city council\n\n"
        "The city council approved the Lumen Bridge on Tuesday by 31 votes to 12.\n\n"
        "The bridge will cost 52 million euros, the mayor's office said.\n\n"
        '"It is an outrageous waste of public money," said councillor Mary Hollins.\n\n'
        "The mayor, Tomas Brenner, said the bridge would link the harbour to the old town for the first time.\n"
    ),
}
BRIDGE_UNNAMED = {
    "title": "Councillors back Lumen Bridge plan",
    "text": (
        "Councillors back Lumen Bridge plan\n\n"
        "The city council approved the Lumen Bridge on Tuesday after a six-hour debate.\n\n"
        "The vote was 31 to 12, with two abstentions.\n\n"
        "The mayor, Tomas Brenner, said the bridge would link the harbour to the old town for the first time.\n"
    ),
}
FERRY = {
    "title": "Ferry timetable changes on Monday",
    "outlet": "Harbour Post",
    "published": "2026-02-10",
    "text": (
        "Ferry timetable changes on Monday\n\n"
        "The island ferry will leave at 7:15 instead of 7:00 from Monday, the operator Nordlink said.\n\n"
        "The last crossing of the day moves from 22:00 to 21:30 during the winter months.\n"
    ),
}


def groups(store: Store) -> list[list[int]]:
    """The store's stories as sorted lists of article ids, sorted."""
    return sorted(sorted(members) for _, members in store.story_groups())
