"""Rules that label single lines and short blocks of a page dump as furniture.

Line rules look at one line's features (a cue phrase, a time code, a photo
slot, the site speaking to the reader). Block rules look at a line together
with its neighbours: a caption printed twice, a "Read more from X:" line and
the teaser headlines under it, a video title right above the player's residue,
an author box (photo slot, name, "<Name> is a correspondent ..."), and the
legend some sites append after the article.
"""

from __future__ import annotations

import re

from unspin.clean import resources
from unspin.clean.features import is_headline_like, is_paragraph, is_short_label, tokens
from unspin.clean.page import Page, Verdict
from unspin.clean.resources import normalise

# "Jane on 12 May 2019 at 4:47 pm said:" -- the head of a reader comment.
_COMMENT_HEAD = re.compile(r"\b(?:said|says|wrote|writes|replied|commented)\s*:\s*$", re.IGNORECASE)
# The name line of an author box, in a few languages' "About".
_ABOUT_NAME = re.compile(
    r"^(?P<about>(?i:about|über|sobre|à propos de|acerca de|over|om|o autorze|informazioni su)\s+)?"
    r"(?P<name>[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+){1,3})$"
)
# A photo gallery's counter: "Image 3 of 5", "Photo 2/10", "1 / 23".
_GALLERY_COUNTER = re.compile(r"^(?:(?:image|photo|picture|slide|gallery)\s+)?\d{1,3}\s*(?:of|/)\s*\d{1,3}$", re.IGNORECASE)
_NAME_THEN_ROLE = re.compile(
    r"^(?P<name>[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+){1,3})\s+"
    r"(?:\([^()]{1,60}\)\s+)?"  # a handle or address: "Molly Wood (@mollywood) is ..."
    r"(?:is|was|has been|has|covers|reports|writes|joined)\b"
)


def label_lines(page: Page) -> None:
    """One-line rules, strongest evidence first."""
    conf = resources.settings()["confidence"]
    for i, f in enumerate(page.feats):
        if f.timecode:
            page.label(i, Verdict("media_player", conf["timecode"], "Video-player residue (time codes), not article text."))
        elif f.no_letters:
            page.label(i, Verdict("navigation", conf["no_words"], "A line with no words (bullets, counters, symbols)."))
        elif f.image_placeholder:
            page.label(i, Verdict("media_player", conf["image_placeholder"], "Placeholder left by a photo slot."))
        elif f.cue is not None:
            strength = conf["whole_line_cue"] if f.cue.mode == "line" else conf["contains_cue"]
            page.label(i, Verdict(f.cue.category, strength))
        elif f.dateline:
            page.label(i, Verdict("byline", conf["byline"]))
        elif _is_comment_head(page, i):
            page.label(i, Verdict("comments", conf["comment_head"], "Head of a reader comment, not article text."))
        elif _is_social_line(page, i):
            page.label(i, Verdict("share_bar", conf["social"], "Share buttons or a 'follow us' line, not article text."))
        else:
            _label_site_voice(page, i)


def _is_social_line(page: Page, i: int) -> bool:
    """Share buttons run together ("Facebook Twitter LinkedIn") or a "Follow us on Instagram, Facebook
    and YouTube" line: two or more social networks named, and either the line is mostly such names and
    share words with no sentence ending, or it opens with a call to follow or share them. An article's
    sentence that names networks ("She posted it on Facebook and Twitter.") is neither."""
    conf = resources.settings()["social"]
    f = page.feats[i]
    if f.words > conf["max_words"]:  # f.words counts the same tokens: no need to read the line's words
        return False
    words = [w.lower() for w in tokens(page.lines[i].text)]
    known = resources.social_networks()
    networks = sum(w in known for w in words)
    if networks < conf["min_networks"]:
        return False
    if words[0] in conf["calls"]:
        return True
    shares = sum(w in known or w in conf["share_words"] for w in words)
    return not f.terminal and shares >= conf["min_share_of_words"] * len(words)


def _is_comment_head(page: Page, i: int) -> bool:
    text = page.lines[i].text
    return page.feats[i].words <= 15 and any(c.isdigit() for c in text) and bool(_COMMENT_HEAD.search(text))


def _label_site_voice(page: Page, i: int) -> None:
    """The site addressing the reader ("you could face fines for sharing our content").

    A legal warning to the reader is labelled at once. Anything else is only a
    suspicion, because blog posts speak in the site's voice too: it lowers the
    line's weight in the body search and names its category if the line ends
    up outside the body.
    """
    conf = resources.settings()["site_voice"]
    f = page.feats[i]
    if f.site_voice < conf["min_pronouns"]:
        return
    words = {w.lower() for w in tokens(page.lines[i].text)}
    if not words & set(conf["notice_words"]):
        return
    verdict_strength = resources.settings()["confidence"]["site_voice"]
    if words & set(conf["legal_words"]):
        page.label(i, Verdict("legal_notice", verdict_strength))
    else:
        page.suspects[i] = Verdict("promotion", verdict_strength)


def label_duplicates(page: Page) -> None:
    """A line printed twice in a row: a caption (both go) or a repeated paragraph (the copy goes)."""
    conf = resources.settings()["confidence"]["duplicate"]
    for i in range(1, len(page)):
        line, before = page.lines[i], page.lines[i - 1]
        if line.blank_before > 1 or normalise(line.text) != normalise(before.text):
            continue
        if is_paragraph(page.feats[i], page.prose_floor):
            page.label(i, Verdict("duplicate_text", conf), override=True)
        else:
            page.label(i - 1, Verdict("duplicate_caption", conf), override=True)
            page.label(i, Verdict("duplicate_caption", conf), override=True)


def _teaser_intro(page: Page, i: int) -> bool:
    conf = resources.settings()["teaser"]
    f = page.feats[i]
    return (f.colon_end or _box_heading(page, i)) and 0 < f.words <= conf["intro_max_words"] and not f.starts_with_quote


def _box_heading(page: Page, i: int) -> bool:
    """A whole line that names a box of other stories ("Most Read", "More From Dawgs"), with no colon:
    the headlines listed under it are teasers as much as those under "Read more:"."""
    f = page.feats[i]
    return f.cue is not None and not f.terminal and f.cue.category in resources.settings()["teaser"]["heading_categories"]


def _teaser_followers(page: Page, i: int, cued: bool) -> list[int]:
    """Headline lines right under a teaser intro, up to the first line that is not one; under an intro that
    names the box (`cued`: "Most read", "More from UK:") also headlines that open with a quotation mark."""
    conf = resources.settings()["teaser"]
    followers: list[int] = []
    longest = resources.settings()["line"]["headline_max_words"]
    for j in range(i + 1, min(len(page), i + 1 + conf["max_lines"])):
        f, line = page.feats[j], page.lines[j]
        if j in page.labels and page.labels[j].category != "teaser_block":
            if cued and is_short_label(f):
                continue  # a furniture label inside a named box ("Warning") neither ends it nor changes its label
            break
        quoted = cued and f.starts_with_quote and not f.terminal and f.words <= longest
        headline = is_headline_like(f, line.text) or quoted
        if not (headline or (line.bullet and is_short_label(f))):
            break
        followers.append(j)
    return followers


def label_teaser_blocks(page: Page) -> None:
    """'Read more from X:' / 'Follow live:' and the teaser headlines listed under it."""
    conf = resources.settings()["teaser"]
    strength = resources.settings()["confidence"]["teaser_block"]
    for i in range(len(page)):
        intro_label = page.labels.get(i)
        if not _teaser_intro(page, i) or i in page.protected:
            continue
        if intro_label is not None and intro_label.category not in ("teaser_block", "navigation"):
            continue
        cue_word = _box_heading(page, i) or any(w.lower() in conf["intro_words"] for w in tokens(page.lines[i].text))
        followers = _teaser_followers(page, i, cue_word)
        if followers and (cue_word or len(followers) >= conf["min_headlines_without_cue"]):
            for j in [i, *followers]:
                page.label(j, Verdict("teaser_block", strength, "A 'read more' box: links to other stories."), override=j == i)


def label_media_titles(page: Page) -> None:
    """The title of an embedded video sits right above the player's residue, inside the body."""
    strength = resources.settings()["confidence"]["media_title"]
    seen_paragraph = False
    for i in range(len(page) - 1):
        seen_paragraph = seen_paragraph or (page.is_free(i) and is_paragraph(page.feats[i], page.prose_floor))
        nxt = page.labels.get(i + 1)
        if not seen_paragraph or nxt is None or nxt.category != "media_player" or page.lines[i + 1].blank_before > 1:
            continue
        if page.is_free(i) and is_headline_like(page.feats[i], page.lines[i].text):
            page.label(i, Verdict("media_player", strength, "Title of an embedded video, not article text."))


def _bio_name(page: Page, i: int) -> str | None:
    """The author's name if line `i` reads "<Name> is a <journalist role> ..."."""
    conf = resources.settings()["bio"]
    match = _NAME_THEN_ROLE.match(page.lines[i].text)
    if match is None:
        return None
    window = {w.lower() for w in tokens(page.lines[i].text)[: conf["role_window_words"]]}
    return match.group("name") if window & set(conf["role_words"]) else None


def _name_line(text: str) -> tuple[str, bool] | None:
    """(the name, whether an "About" word opened the line) if `text` is a name line of an author box:
    two to four capitalised words, optionally after "About" ("About Jane Doe", "Über Moritz Bachmann")."""
    match = _ABOUT_NAME.match(text.strip())
    if match is None:
        return None
    return match.group("name"), match.group("about") is not None


def _named_bio_below(page: Page, i: int) -> bool:
    """Line `i` under a name line speaks about that person: "About <Name>" and the name in the line, or
    the line opens with one of the name's words and a journalist's verb ("Emiliano joined pv magazine")."""
    if i == 0 or not page.is_free(i) or page.feats[i].words < resources.settings()["line"]["paragraph_min_words"]:
        return False
    found = _name_line(page.lines[i - 1].text)
    if found is None:
        return False
    name, about = found
    text = page.lines[i].text
    if about and name in text:
        return True
    opening = re.match(r"^([A-Z][\w'\u2019.-]+)\s+(?:is|was|has been|has|covers|reports|writes|joined)\b", text)
    window = {w.lower() for w in tokens(text)[: resources.settings()["bio"]["role_window_words"]]}
    return bool(opening and opening.group(1) in name.split() and window & set(resources.settings()["bio"]["role_words"]))


def _prose_words_after(page: Page) -> list[int]:
    """Words in paragraph lines from each line on (index 0: the whole page's). A page's footer can
    hold many short lines, so how much prose is left says "tail" better than a line count."""
    after = [0] * (len(page) + 1)
    for j in range(len(page) - 1, -1, -1):
        prose = page.is_free(j) and is_paragraph(page.feats[j], page.prose_floor)
        after[j] = after[j + 1] + (page.feats[j].words if prose else 0)
    return after


def label_author_bios(page: Page) -> None:
    """Author boxes: optional photo slot, a line with the name, then "<Name> is a correspondent ..."."""
    conf = resources.settings()
    prose_after = None
    for i in range(len(page)):
        name = _bio_name(page, i)
        named_below = name is None and _named_bio_below(page, i)
        if name is None and not named_below:
            continue
        has_name_line = named_below or (i > 0 and normalise(page.lines[i - 1].text) == normalise(name or ""))
        prose_after = prose_after or _prose_words_after(page)
        in_tail = (
            i >= conf["bio"]["tail_fraction"] * len(page) or prose_after[i] <= conf["bio"]["tail_prose_share"] * prose_after[0]
        )
        if not (has_name_line or in_tail):
            continue
        strength = conf["confidence"]["author_bio" if has_name_line else "author_bio_tail"]
        verdict = Verdict("author_bio", strength, "Author biography box, not article text.")
        block = [i - 1, i] if has_name_line else [i]
        first = block[0]
        if first > 0 and page.feats[first - 1].image_placeholder:
            block.insert(0, first - 1)
        for j in block:
            page.label(j, verdict, override=True)


def _legend_hits(text: str) -> int:
    words = set(resources.settings()["legend"]["words"])
    return len({w.lower() for w in tokens(text)} & words)


def label_site_legend(page: Page) -> None:
    """Bullet lines at the very end of the page that explain the page's own markup."""
    conf = resources.settings()["legend"]
    tail: list[int] = []
    for i in range(len(page) - 1, -1, -1):
        if not page.lines[i].bullet:
            break
        tail.append(i)
    if any(_legend_hits(page.lines[i].text) >= conf["min_words_hit"] for i in tail):
        strength = resources.settings()["confidence"]["site_legend"]
        for i in tail:
            page.label(i, Verdict("site_legend", strength), override=True)


def label_gallery_captions(page: Page) -> None:
    """A gallery's counter ("Image 3 of 5") and the caption right under it, when it is caption-sized."""
    strength = resources.settings()["confidence"]["gallery"]
    longest = resources.settings()["line"]["cue_max_words_by_category"]["caption"]
    verdict = Verdict("caption", strength, "A photo gallery's counter or caption, not article text.")
    for i in range(len(page)):
        if not _GALLERY_COUNTER.match(page.lines[i].text):
            continue
        page.label(i, verdict, override=True)
        if i + 1 < len(page) and page.is_free(i + 1) and page.feats[i + 1].words <= longest:
            page.label(i + 1, verdict)


def label_blocks(page: Page) -> None:
    """All block rules, in an order where later rules can rely on earlier labels."""
    label_gallery_captions(page)
    label_duplicates(page)
    label_teaser_blocks(page)
    label_media_titles(page)
    label_author_bios(page)
    label_site_legend(page)
