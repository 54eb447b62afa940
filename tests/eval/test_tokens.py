from __future__ import annotations

from unspin.eval.tokens import SPACE_SEPARATED, gold_positions, phrase_positions, scores_from_ranges, tokenize, tokens_in_ranges


def words(text: str, positions: set[int], pattern=None) -> list[str]:
    tokens = tokenize(text) if pattern is None else tokenize(text, pattern)
    return [tokens[i].text for i in sorted(positions)]


def test_tokenize_keeps_offsets() -> None:
    tokens = tokenize("Anti-war, it's")
    assert [(t.text, t.start, t.end) for t in tokens] == [("Anti", 0, 4), ("war", 5, 8), ("it", 10, 12), ("s", 13, 14)]


def test_wnc_tokens_are_space_separated_words() -> None:
    assert [t.text for t in tokenize('he said " on - air , well-known', SPACE_SEPARATED)] == [
        "he",
        "said",
        "on",
        "air",
        "well-known",
    ]


def test_phrase_matches_every_occurrence_case_insensitively() -> None:
    text = "Radical ideas, radical people."
    tokens = tokenize(text)
    assert phrase_positions(tokens, "radical") == {0, 2}
    assert phrase_positions(tokens, "radical people") == {2, 3}


def test_phrase_falls_back_to_its_words() -> None:
    tokens = tokenize("People who are radical")
    assert phrase_positions(tokens, "radical people") == {0, 3}


def test_function_words_attach_to_their_phrase() -> None:
    text = "The plan fattened the pockets of the rich."
    tokens = tokenize(text)
    gold, unmatched = gold_positions(tokens, ["fattened", "the", "pockets"])
    assert words(text, gold) == ["fattened", "the", "pockets"]
    assert unmatched == []


def test_lone_function_word_matches_everywhere_and_typos_are_reported() -> None:
    tokens = tokenize("Never the less, never.")
    gold, unmatched = gold_positions(tokens, ["the", "nevr"])
    assert gold == {1} and unmatched == ["nevr"]


def test_ranges_map_to_overlapping_tokens() -> None:
    tokens = tokenize("a brutal and unprovoked attack")
    assert tokens_in_ranges(tokens, [(2, 23)]) == {1, 2, 3}
    assert scores_from_ranges(tokens, [(2, 8, 0.4), (2, 23, 0.9), (24, 30, 0.1)]) == [0.0, 0.9, 0.9, 0.9, 0.1]
