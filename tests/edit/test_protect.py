from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.edit.protect import RangeSet, carries_fact, quotation_ranges


def quoted(text: str) -> list[str]:
    return [text[start:end] for start, end in quotation_ranges(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “it was a brutal attack” today.", ["“it was a brutal attack”"]),
        ('She called it "a disgrace" and left.', ['"a disgrace"']),
        ("Russia’s army and Kyiv’s allies met.", []),
        ("Critics called it ‘shameful’, officials said.", ["‘shameful’"]),
        ("“This opens a quote that runs on\nNext paragraph.", ["“This opens a quote that runs on"]),
        ("He said 'we're ready' and 'it’s over'.", ["'we're ready'", "'it’s over'"]),
    ],
)
def test_quotations_found(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)), max_size=20), st.integers(0, 230), st.integers(0, 30))
def test_rangeset_agrees_with_brute_force(raw: list[tuple[int, int]], start: int, width: int) -> None:
    ranges = [(s, s + w) for s, w in raw]
    end = start + width
    expected = any(s < end and start < e for s, e in ranges) if width else any(s < start < e for s, e in ranges)
    assert RangeSet(ranges).overlaps(start, end) == expected


@pytest.mark.parametrize(
    ("span", "text", "start", "kept"),
    [
        ("30,000", "sending more than 30,000 troops", 18, True),
        ("dozen", "seized roughly a dozen villages", 17, True),
        ("Brave", "the party Brave New World said", 10, True),
        ("brutal", "a brutal attack", 2, False),
        ("Brutal", "Brutal attacks continued.", 0, False),
        ("Thursday", "said on Thursday", 8, True),
    ],
)
def test_facts_are_protected(span: str, text: str, start: int, kept: bool) -> None:
    assert (carries_fact(span, text, start) is not None) == kept


# --- quotations over several paragraphs ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # news style: each paragraph opens with a mark, only the last one closes
            "She spoke at length.\n“The first part of the speech, with no closing mark.\n“The second part,"
            " same speaker.\n“The last part,” she said. Reporters left.",
            ["“The first part of the speech, with no closing mark.\n“The second part, same speaker.\n“The last part,”"],
        ),
        (  # the same with blank lines between paragraphs
            "“Part one runs on.\n\n“Part two runs on.\n\n“Part three ends here,” he said.\n\nA dreadful day.",
            ["“Part one runs on.\n\n“Part two runs on.\n\n“Part three ends here,”"],
        ),
        (  # straight quotes, news style
            '"Part one runs on.\n"Part two ends," he said. Then a brutal storm came.',
            ['"Part one runs on.\n"Part two ends,"'],
        ),
        (  # a quotation opened after a closed one in the same paragraph runs on
            "“Done,” she said. “Then a new one starts\n“and ends here,” she added. It was grim.",
            ["“Done,”", "“Then a new one starts\n“and ends here,”"],
        ),
        (  # one sentence a line (scraped text): opens mid-line, closes on the next line
            'He said: "This is the first sentence.\nThis is the second one." Then a shocking twist.',
            ['"This is the first sentence.\nThis is the second one."'],
        ),
        (  # curly, closing two lines down, with a line without marks between
            "She wrote: “One line.\nGreat!\nAnd a third line.” It was a lavish affair.",
            ["“One line.\nGreat!\nAnd a third line.”"],
        ),
        (  # scraped text mixes marks: curly open, straight close two lines on
            'He said “first line.\nsecond line." Then a grim verdict.',
            ['“first line.\nsecond line."'],
        ),
        (  # closed in its own line by the other kind of mark: nothing runs on; and a left-over
            # closing mark (before a space) opens nothing
            'He said “it is over." And then:\nthe rest is ours." A brutal end.',
            ['“it is over." And then:'],
        ),
        (  # single quotes run on only in news style
            "‘Part one runs on.\n‘Part two ends,’ he said. A dire turn.",
            ["‘Part one runs on.\n‘Part two ends,’"],
        ),
        (
            "He called it ‘part one.\nThe dogs’ owners were appalling.",
            ["‘part one."],
        ),
        (  # the rest of the closing paragraph is scanned as usual
            'A "first line\nends here" and "another" is quoted.',
            ['"first line\nends here"', '"another"'],
        ),
    ],
)
def test_quotations_over_paragraphs(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a stray opening mark: the next quotation opens before any closing mark
        "A stray “ mark here.\nA line without marks.\nThen “a real quote” and a brutal word.",
        # no closing mark anywhere
        "A stray “ mark here.\n" + "A line with a dreadful word.\n" * 20,
        # inches, not a quotation
        'He bought a 12" pipe.\nThe shocking price," he said, was high.',
        # a closing mark too far down
        "It opened “ here.\n" + "A very long line of plain words, nothing quoted at all.\n" * 40 + "The end.”",
        # a closing mark, but more than the paragraph bound away
        "It opened “ here.\n" + "Short.\n" * 12 + "The end.”",
    ],
)
def test_stray_marks_protect_only_their_own_line(text: str) -> None:
    ranges = quotation_ranges(text)
    assert all("\n" not in text[start:end] for start, end in ranges)  # none runs on


def _per_line_reference(text: str) -> list[tuple[int, int]]:
    """The quotation scan before quotations ran on across paragraphs (one line at a time), a
    character at a time, so the regex jumps of the real scan are checked too."""
    import re

    openers = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
    ranges = []
    for para in re.finditer(r"[^\n]+", text):
        start, end = para.start(), para.end()
        i = start
        while i < end:
            ch = text[i]
            closer = openers.get(ch) or ('"' if ch == '"' else None)
            if ch in ("\u2018", "'"):
                before = text[i - 1] if i > start else " "
                after = text[i + 1] if i + 1 < len(text) else " "
                if not before.isalnum() and after.isalnum():
                    closer = "\u2019" if ch == "\u2018" else "'"
            if closer is None:
                i += 1
                continue
            j, close_at = i + 1, None
            while j < end:
                if text[j] == closer:
                    after = text[j + 1] if j + 1 < len(text) else " "
                    if closer not in ("\u2019", "'") or not after.isalpha():
                        close_at = j
                        break
                j += 1
            if close_at is None and closer == '"' and (i + 1 == end or text[i + 1].isspace()):
                i += 1  # the one change within a line: a left-over closing mark opens nothing
                continue
            stop = end if close_at is None else close_at + 1
            ranges.append((i, stop))
            i = stop
    return ranges


QUOTEY = st.text(alphabet=st.sampled_from(list("ab .,\u2019'\"\u201c\u201d\u2018\u00ab\u00bb\u201e\n")), max_size=120)


@given(QUOTEY.map(lambda t: t.replace("\n", " ")))
def test_one_paragraph_is_scanned_as_before(text: str) -> None:
    assert quotation_ranges(text) == _per_line_reference(text)


@given(QUOTEY)
def test_quotation_ranges_are_ordered_disjoint_and_open_with_a_mark(text: str) -> None:
    ranges = quotation_ranges(text)
    assert all(0 <= start < end <= len(text) for start, end in ranges)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(ranges, ranges[1:]))
    assert all(text[start] in "\u201c\u00ab\u201e\"\u2018'" for start, _ in ranges)
    # a range that runs past its own line ends on a closing mark
    assert all(text[end - 1] in "\u201d\u201c\u00bb\"\u2019'" for start, end in ranges if "\n" in text[start:end])


def test_quotation_scan_stays_linear() -> None:
    """Run-on is bounded, so the scan costs about what the per-line scan costs, whatever the marks."""
    import time

    lines = ["“An open quote that never closes, with words after it", 'A "straight one too', "Plain words only here."]
    text = "\n".join(lines[i % 3] for i in range(30_000))

    def best(fn) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - start)
        return min(times)

    assert best(quotation_ranges) < 3 * best(_per_line_reference) + 0.05
