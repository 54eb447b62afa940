"""What the dump classifier knows about one line, measured without a parser.

Each feature answers a question a person asks when skimming a page dump: is
this long enough to be a paragraph, does it end like a sentence, does it read
like prose (function words, a finite verb) or like a label (few words, Title
Case), is it a time code, does it repeat, does it speak in the site's voice?
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from unspin.clean import resources
from unspin.clean.lines import Line
from unspin.clean.resources import Cue, normalise

_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
_TERMINAL = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u300d]*$|[\"\u201d\u2019][.!?]?$")
# Scripts written without spaces: two characters count as one word.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TIMECODE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_NON_TIMECODE = re.compile(r"[\s/|\-\u2013]+")
_QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb")
_DIMENSION = re.compile(r"^\d+\s*[x\u00d7:]\s*\d+$", re.IGNORECASE)
_IMAGE_WORDS = frozenset({"image", "photo", "picture", "thumbnail", "avatar", "icon", "logo", "img"})
_DATE_WORDS = frozenset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december monday tuesday wednesday thursday friday
    saturday sunday am pm gmt utc bst est edt pst pdt cet ist ago min mins minute minutes hour
    hours day days read updated published posted last on at""".split()
)
_BYLINE = re.compile(r"^(?:[Bb]y|BY)\s+[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+)+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class LineFeatures:
    """Measurements of one line; see `measure` for how each is taken."""

    words: int
    terminal: bool  # ends like a sentence (. ! ? ... or a closing quote)
    colon_end: bool
    function_ratio: float  # share of function words ("the", "of", "is")
    title_ratio: float  # share of content words that are Capitalised
    has_verb: bool
    no_letters: bool
    timecode: bool  # only time codes like "0:00 0:01:29"
    image_placeholder: bool  # "16x9 Image", "Photo"
    dateline: bool  # "By Jane Doe", "Updated: 18 Nov 2019 9:38 pm"
    starts_with_quote: bool
    site_voice: int  # you/your/we/our/us outside quotations
    repeats: int  # how many lines of the page say the same thing
    cue: Cue | None


def tokens(text: str) -> list[str]:
    """Words of a line; runs of CJK characters are cut into two-character words."""
    if not _CJK.search(text):
        return _WORD.findall(text)  # the usual line: no word to cut, so no word-by-word search
    found: list[str] = []
    for word in _WORD.findall(text):
        if _CJK.search(word):
            found.extend(word[i : i + 2] for i in range(0, len(word), 2))
        else:
            found.append(word)
    return found


def ends_like_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def is_timecode_line(text: str) -> bool:
    """True for player residue such as "0:00 0:01:29 0:00" and nothing else."""
    return bool(_TIMECODE.search(text)) and not _NON_TIMECODE.sub("", _TIMECODE.sub("", text))


def is_image_placeholder(words: list[str]) -> bool:
    """True for the labels a photo slot leaves behind: "16x9 Image", "Photo", "img 3"."""
    lowered = [w.lower() for w in words]
    if not lowered or len(lowered) > 3 or not any(w in _IMAGE_WORDS for w in lowered):
        return False
    return all(w in _IMAGE_WORDS or w.isdigit() or _DIMENSION.match(w) for w in lowered)


def is_dateline(text: str, words: list[str]) -> bool:
    """A byline ("By Jane Doe") or a time stamp ("Updated: 18 Nov 2019 9:38 pm")."""
    if _BYLINE.match(text):
        # "By Jane Doe", or a longer byline that carries its time stamp ("By Staff | Nov 18, 2019 at 2:26 PM").
        stamped = len(words) <= 25 and bool(_YEAR.search(text)) and not ends_like_sentence(text)
        return (len(words) <= 8 and not text.rstrip().endswith(".")) or stamped
    if len(words) > 16 or not any(map(str.isdigit, text)):
        return False  # a time stamp needs a digit: the check below would find none in any word
    lowered = [w.lower().rstrip(".") for w in words]
    has_digits = [any(c.isdigit() for c in w) for w in lowered]
    timed = bool(_TIMECODE.search(text))
    # After a clock time, a short capitalised token is its time zone ("6:46 pm ET", "11:28 AMT").
    zones = [timed and 2 <= len(w) <= 4 and w.isupper() for w in words]
    return any(has_digits) and all(w in _DATE_WORDS or digit or zone for w, digit, zone in zip(lowered, has_digits, zones))


def site_voice(text: str, pronouns: frozenset[str], words: list[str] | None = None) -> int:
    """How often the line addresses the reader as the site ("you", "our"); `words`: its tokens, when known.

    A line holding a quotation is reported speech, written around someone
    else's words: it never counts as the site's voice.
    """
    if any(mark in text for mark in _QUOTE_MARKS):
        return 0
    return sum(1 for w in (tokens(text) if words is None else words) if w.lower() in pronouns)


def prose_ratios(words: list[str]) -> tuple[float, float]:
    """(function-word share, Title Case share of the other words)."""
    if not words:
        return 0.0, 0.0
    function = resources.function_words()
    lowered = [w.lower() for w in words]
    in_function = sum(1 for w in lowered if w in function)
    content = [w for w, low in zip(words, lowered) if low not in function and w[0].isalpha()]
    title = sum(1 for w in content if w[0].isupper())
    return in_function / len(words), title / len(content) if content else 0.0


def has_finite_verb(words: list[str], suffixes: tuple[str, ...]) -> bool:
    verbs = resources.finite_verbs()
    return any(w.lower() in verbs or (w.islower() and len(w) > 4 and w.endswith(suffixes)) for w in words)


def repeat_counts(lines: list[Line]) -> Counter[str]:
    return Counter(normalise(line.text) for line in lines)


def measure(line: Line, repeats: Counter[str]) -> LineFeatures:
    """All features of one line; `repeats` counts normalised lines over the page."""
    conf = resources.settings()["line"]
    words = tokens(line.text)
    function_ratio, title_ratio = prose_ratios(words)
    norm = normalise(line.text)
    return LineFeatures(
        words=len(words),
        terminal=ends_like_sentence(line.text),
        colon_end=line.text.rstrip().endswith(":"),
        function_ratio=function_ratio,
        title_ratio=title_ratio,
        has_verb=has_finite_verb(words, tuple(conf["finite_suffixes"])),
        no_letters=not any(c.isalpha() for c in line.text),
        timecode=is_timecode_line(line.text),
        image_placeholder=is_image_placeholder(words),
        dateline=is_dateline(line.text, words),
        starts_with_quote=line.text[:1] in "\"'\u201c\u2018",
        site_voice=site_voice(line.text, resources.site_pronouns(), words),
        repeats=repeats[norm],
        cue=resources.cues().match(norm, len(words), conf["cue_max_words_by_category"], conf["cue_max_words"]),
    )


def prose_floor(feats: list[LineFeatures]) -> float:
    """The function-word share a line needs to read as prose on this page.

    The function-word list is English; on a page in another language the
    sentences score near zero, so the floor drops to half the page's own
    level instead of rejecting every paragraph.
    """
    conf = resources.settings()["line"]
    long_lines = [f.function_ratio for f in feats if f.terminal and f.words >= conf["paragraph_min_words"]]
    if not long_lines:
        return conf["prose_min_function_ratio"]
    page_level = statistics.median(long_lines)
    return min(conf["prose_min_function_ratio"], page_level * conf["prose_floor_share_of_page"])


def is_paragraph(f: LineFeatures, floor: float) -> bool:
    """Long, sentence-final and prose-like: the lines an article is made of."""
    return f.words >= resources.settings()["line"]["paragraph_min_words"] and f.terminal and f.function_ratio >= floor


def is_prose_like(f: LineFeatures) -> bool:
    """A sentence, however short: a few words, a finite verb, a sentence ending, not a stamp or a time code."""
    if f.timecode or f.dateline or f.no_letters:
        return False
    return f.words >= resources.settings()["keep"]["prose_min_words"] and f.terminal and f.has_verb


def is_headline_like(f: LineFeatures, text: str) -> bool:
    """A title line: a few words, no sentence-final full stop, not a quote or a label."""
    conf = resources.settings()["line"]
    if not conf["headline_min_words"] <= f.words <= conf["headline_max_words"]:
        return False
    if text.rstrip().endswith((".", ":", ";", ",")) or f.starts_with_quote or f.timecode or f.dateline:
        return False
    return f.function_ratio <= conf["headline_max_function_ratio"] and (text[:1].isupper() or text[:1].isdigit())


def is_short_label(f: LineFeatures) -> bool:
    """Few words and no sentence ending: menu items, names, buttons."""
    return f.words <= resources.settings()["line"]["short_max_words"] and not f.terminal
