"""`unspin.stories.abbreviations` and its use in `novelty`: a name written short and written long is one element.

The sentences are written for each rule; none is a row of the hand-judged samples or of a news article.
"""

from __future__ import annotations

import pytest

from unspin.stories.abbreviations import abbreviates, defined, long_forms, short, short_forms
from unspin.stories.novelty import Known, new_elements


@pytest.mark.parametrize(
    "short_form, long_form",
    [
        ("OLC", "Office of Legal Counsel"),
        ("US", "United States"),
        ("HHS", "Health and Human Services"),
        ("DHS", "the Department of Homeland Security"),
        ("NYPD", "New York Police Department"),
    ],
)
def test_a_short_form_abbreviates_its_long_form(short_form, long_form):
    assert abbreviates(short_form, long_form)


@pytest.mark.parametrize(
    "short_form, long_form",
    [
        ("OLC", "Office of Management"),  # no C
        ("CIA", "Central Bank"),
        ("OLC", "of Legal Counsel"),  # a long form starts at a name's word
        ("UN", "Ulster Grand Prix Motorcycle Racing Club Northern"),  # far longer than the short form
    ],
)
def test_a_short_form_does_not_abbreviate_other_names(short_form, long_form):
    assert not abbreviates(short_form, long_form)


def test_short_forms_are_found_without_dots_and_names_are_not_short_forms():
    assert short("U.S.") == "US" and short("OLC") == "OLC" and short("DoD") == "DoD" and short("CEOs") == "CEO"
    assert short("McCain") is None and short("Trump") is None and short("a") is None
    assert short_forms("The U.S. and the EU met the IMF in Brussels.") == {"US", "EU", "IMF"}
    assert "Office of Legal Counsel" in long_forms("A memo from the Office of Legal Counsel was read out.")


def test_a_short_form_defined_in_brackets_is_paired_with_its_long_form():
    assert defined("A memo from the Office of Legal Counsel (OLC) said so.") == {"OLC": "Office of Legal Counsel"}
    assert defined("The fund grew (by 5%) this year.") == {}


@pytest.mark.parametrize(
    "article, sentence",
    [
        # the article writes the long form, the sentence the short one, and the other way round
        (["The Office of Legal Counsel found the request lawful."], "The OLC opinion was sent to the committee on time."),
        (["An OLC opinion found the request lawful."], "The Office of Legal Counsel sent its opinion to lawmakers."),
        (["Officials in the United States said the talks failed."], "U.S. officials said the talks had failed."),
        # a short form the sentence defines itself brings nothing its long form does not
        (
            ["The Office of Legal Counsel found the request lawful."],
            "A memo of the Office of Legal Counsel (OLC) found it lawful.",
        ),
        # hyphenated and spaced spellings of one name
        (["Leader Kim Jong-un met the envoy."], "Kim Jong Un met the envoy at the border post."),
    ],
)
def test_a_name_written_short_or_long_is_no_new_element(article, sentence):
    assert [e for e in new_elements(sentence, Known.of(article)) if e.kind in ("name", "person")] == []


def test_a_different_body_written_short_is_new():
    found = new_elements("The CIA sent its report to lawmakers.", Known.of(["The Office of Legal Counsel found it lawful."]))
    assert [e.text for e in found] == ["CIA"]
