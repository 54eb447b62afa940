"""Additions a reader can trust (issue 13, item 5): one test per rule of `unspin.stories.fill`.

Each article below is small and written for the rule it tests; the other outlet's
sentence that the rule must keep out (or in) is one the old behaviour added (or
missed): every fact sentence up to ten, the first outlet's wording whatever it
carried, "[...]" inside it, placed after the closest sentence whatever followed.
"""

from __future__ import annotations

import pytest

from unspin.edit.ledger import EditKind, apply_edits, check_edits, invert_edits
from unspin.ingest.article import Article

pytestmark = pytest.mark.slow

PORT = (
    "Dock workers at the Port of Caldera Bay walked out on Monday over a plan to automate two terminals.\n\n"
    "Union leader Ruben Akoli said 3,200 workers had joined the strike.\n\n"
    "The port authority said talks with the union would resume on Friday.\n"
)


LOADED = "The strike will inflict a devastating loss of 12 million euros a day on exporters, shipping agents estimate.\n"


def report(text: str, outlet: str | None = None, source: str = "a.txt"):
    from unspin.pipeline import neutralize

    return neutralize(Article(source=source, text=text, outlet=outlet))


def additions(target, *others):
    from unspin.stories.fill import fill_from_story

    filled = fill_from_story(target, [target, *others])
    check_edits(filled.original, filled.edits)
    assert apply_edits(filled.original, filled.edits) == filled.text
    assert invert_edits(filled.text, filled.edits) == filled.original
    return [e for e in filled.edits if e.kind is EditKind.ADD and e.category == "added_fact"]


def test_a_missing_fact_is_added_and_credited(model):
    other = report(
        PORT + "Shipping agents said the strike would cost exporters about 12 million euros a day.\n", "Reuters", "b.txt"
    )
    (added,) = additions(report(PORT), other)
    assert added.source == "Reuters" and added.replacement.startswith(" [Added from Reuters: Shipping agents said")
    assert "12 million euros" in added.replacement


def test_nothing_missing_nothing_added(model):
    """The other outlet restates the same facts and adds a sentence that carries none (no name,
    number, date, quotation or attributed claim): zero additions."""
    other = report(
        "Port workers at Caldera Bay went on strike on Monday against plans to automate two terminals.\n\n"
        "Some 3,200 workers joined the walkout, union leader Ruben Akoli said.\n\n"
        "Talks between the union and the port authority will resume on Friday, the authority said.\n\n"
        "Many people who depend on the busy waterfront were unhappy with how the long dispute had gone.\n",
        "Reuters",
        "b.txt",
    )
    assert additions(report(PORT), other) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "But the walkout falls short of a full stoppage of the Port of Caldera Bay, the union said on Monday.",
        "He added that 41 ships were waiting at anchor outside the Port of Caldera Bay on Monday evening.",
        "There, Akoli told reporters that the union had lost 400 jobs to automation since 2019.",
        "The spokesman stressed that 41 ships were waiting at anchor outside the Port of Caldera Bay.",
        "A second union official confirmed that 41 ships were waiting at anchor on Monday evening.",
    ],
)
def test_a_sentence_that_leans_on_unseen_text_is_not_added(model, sentence):
    other = report(PORT + sentence + "\n", "Reuters", "b.txt")
    assert additions(report(PORT), other) == []


def test_a_sentence_that_stands_alone_is_added(model):
    """The same fact as above, said so that it stands on its own, is added: the rule is about wording."""
    other = report(
        PORT + "Some 41 ships were waiting at anchor outside the Port of Caldera Bay on Monday evening.\n", "Reuters", "b.txt"
    )
    assert len(additions(report(PORT), other)) == 1


def test_an_addition_never_splits_a_sentence_from_one_that_leans_on_it(model):
    target = report(
        "Foreign ministers of the alliance met in Prague on Thursday for informal talks.\n\n"
        "There, he declared that misinformation campaigns were a threat to every member.\n"
    )
    other = report(
        "Foreign ministers of the alliance met in Prague on Thursday for informal talks.\n\n"
        "The meeting in Prague was hosted by Czech Foreign Minister Jan Lipavsky at the Czernin Palace, officials said.\n",
        "Reuters",
        "b.txt",
    )
    (added,) = additions(target, other)
    assert added.start >= target.original.index("There, he declared")
    assert added.replacement.startswith(" [Added from Reuters:")


def test_loaded_words_are_left_out_not_shown_as_cut_marks(model):
    other = report(PORT + LOADED, "Reuters", "b.txt")
    (added,) = additions(report(PORT), other)
    assert "[...]" not in added.replacement and "devastating" not in added.replacement
    assert "12 million euros" in added.replacement
    assert "devastating" in added.reason and "left out" in added.reason  # the ledger says what was changed


def test_the_wording_that_needs_no_edit_is_preferred(model):
    loaded = report(PORT + LOADED, "Loaded", "b.txt")
    plain = report(
        PORT + "Shipping agents estimated the cost of the strike to exporters at 12 million euros a day.\n", "Plain", "c.txt"
    )
    (added,) = additions(report(PORT), loaded, plain)
    assert added.source == "Plain"


def test_as_many_additions_as_facts_are_missing(model):
    """More than ten missing facts: all are added (the old rule stopped at ten)."""
    facts = [
        "The Kestrel shipping line diverted 14 container ships to the port of Novaya Bay.",
        "Farmers in the Aldan valley warned that 9,000 tonnes of grain could rot in silos.",
        "The national rail operator added 35 freight trains to carry goods inland.",
        "Insurance broker Halvard Marine raised its delay cover premiums by 7 percent.",
        "Mayor Ines Okafor opened 3 emergency food banks for the families of striking workers.",
        "Car maker Torvald Motors halted its assembly line in Brenner for 2 days.",
        "The central bank cut its growth forecast for the quarter to 1.1 percent.",
        "Fishing crews blockaded the harbour mouth with 60 trawlers in support of the dock workers.",
        "A court in Sallow ruled the strike lawful in a judgment of 48 pages.",
        "Exporters of Caldera wine reported 250 pallets stuck on the quay.",
        "The airline Skyreach flew 80 tonnes of medicine in by cargo plane.",
        "Students at Caldera University raised 15,000 euros for a strike fund.",
    ]
    other = report(PORT + "\n\n".join(facts) + "\n", "Reuters", "b.txt")
    more = [  # none leans on the sentence before, so every sentence end is a place for an addition
        "Ferry services to the islands ran on time, the operator Bluewake said.",
        "Picket lines formed at gates 4 and 7 before dawn, police said.",
        "A spokesman for the transport ministry said it was following the dispute closely.",
        "Akoli said the union would accept automation only with a guarantee of no layoffs.",
        "Truck drivers queued for six hours at the northern gate, a haulage firm said.",
        "Police closed two roads near the harbour on Tuesday.",
    ]
    target = report(PORT + "\n\n".join(more) + "\n")
    assert len(additions(target, other)) > 10


def test_the_issue_examples_on_seed_004(model):
    """Issue 13's examples on the real seeds: no "Blinken's confirmation" where 004 never mentions one,
    no "But …" opening an addition, nothing between "… in Prague on Thursday." and "There, he
    declared …", and no "[...]" inside another outlet's words."""
    from tests.conftest import SEEDS, require_shared
    from unspin.stories.story import build_stories

    require_shared(SEEDS)
    run = build_stories([str(SEEDS)])
    member = next(m for s in run.stories for m in s.members if m.key.endswith("004_67071d8e72ae0696.txt"))
    added = [e for e in member.filled.edits if e.category == "added_fact"]
    assert added
    there = member.report.original.index("There, he declared")
    before = member.report.original.rindex(".", 0, there) + 1
    for edit in added:
        shown = edit.replacement.strip()
        assert "[...]" not in shown and "Blinken's confirmation" not in shown
        assert not shown.split(": ", 1)[1].startswith(("But ", "And ", "He ", "She ", "They "))
        assert not before <= edit.start <= there


def test_no_addition_inside_a_headline_the_splitter_cuts_in_two(model):
    """Found in the hand-judged sample: "No, the video was not debunked. Not even close." is one headline."""
    title = "Port strike hits shipping and exporters. No end in sight."
    target = report(f"{title}\n\n{PORT}")
    target = target.model_copy(update={"title": title})
    other = report(
        PORT + "Shipping agents said the strike would cost exporters about 12 million euros a day.\n", "Reuters", "b.txt"
    )
    (added,) = additions(target, other)
    assert added.start > target.original.index("Dock workers")


def test_a_cut_word_is_never_left_out_of_a_coordination():
    """Leaving out a cut word joined by "and" breaks the sentence ("dangerous and [failed] policy"):
    such a wording is marked broken and never added (found in the hand-judged sample)."""
    from unspin.edit.ledger import Edit
    from unspin.stories.fill import _coordinated

    def cut(text: str, word: str) -> Edit:
        start = text.index(word)
        return Edit(kind=EditKind.CUT, start=start, end=start + len(word), original=word, replacement="[...]")

    joined = "It is another example of a dangerous and failed policy."
    assert _coordinated(joined, cut(joined, "failed"))
    assert _coordinated(joined, cut(joined, "dangerous"))
    alone = "It is another example of a failed policy."
    assert not _coordinated(alone, cut(alone, "failed"))


@pytest.mark.parametrize(
    "sentence",
    [
        # only grades what is known: its one new element (a year) does not make it a fact
        "Apart from who wins at Caldera Bay, which side gives way is probably the biggest open question for exporters in 2025.",
        # every number, name and date in it is already in the article
        "Akoli's union brought the Port of Caldera Bay to a standstill on Monday, with 3,200 members out.",
    ],
)
def test_a_sentence_without_a_new_fact_bearing_element_is_not_added(model, sentence):
    other = report(PORT + sentence + "\n", "Reuters", "b.txt")
    assert additions(report(PORT), other) == []


def test_a_definite_noun_told_before_by_the_other_outlet_is_not_added(model):
    """ "The new schedule" points at the schedule the other outlet told of in its sentence before."""
    other = report(
        PORT + "The port authority published a schedule for the automation of the terminals.\n\n"
        "The new schedule moves the start of the work at the Port of Caldera Bay to March 2027.\n",
        "Reuters",
        "b.txt",
    )
    assert not any("schedule" in e.replacement for e in additions(report(PORT), other))
