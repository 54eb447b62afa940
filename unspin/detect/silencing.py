"""The rules that silence a lexicon or model hit in context, named so each can be measured.

A silencing rule trades recall for precision. Each must earn its place on held-out dev
(`python -m training.silencing` turns them off one at a time and writes the table to
docs/QUALITY.md). At run time every rule is on; only that measurement changes `DISABLED`.
"""

from __future__ import annotations

RULES = {
    "neutral_list": "words and phrases on neutral_terms.tsv are never candidates",
    "never_alone": "closed-class words (negations, modals, pronouns...) are never edited on the model's word alone",
    "evaluative_gate": "a word no list names needs a subjectivity list or dev annotations before the model alone may cut it (else it is only flagged)",
    "unproven_bar": "a word only the model found is flagged only at strength.toml's [flag] unproven_at (0.45), not at the flag threshold",
    "capitalised_name": "a capitalised word that does not start a sentence is a name or a title",
    "row_conditions": "a lexicon row's own context conditions (skip_if: 'critical condition', 'claimed responsibility')",
    "encoder_floor": "the encoder may raise a lexicon match's probability, never lower it",
    "hedges": "a hedge is never cut (the claim would grow)",
    "negation": "a modifier under a negation is flagged, not cut",
    "reported_claim": "a modifier in a reported claim is flagged, not cut",
    "empty_frame": "a modifier a frame noun or a comparison needs ('of epic proportions', 'the most X in decades') is flagged, not cut",
    "degree_alone": "a plain degree word ('very') is cut only with the loaded word it grades, never alone",
    "negative_verbs": "a modifier after a verb that negates its complement ('failing to aggressively weed out') is flagged, not cut",
    "distancing": "a word that marks a label as someone's own claim ('self-proclaimed victims') is flagged, not cut",
    "label_modifier": "a label that says which ones are meant ('neo-Catholic', 'far-right', 'anti-nationalist') is flagged, not cut",
    "before_a_name": "a modifier between a determiner and a name ('the corrupt Benedict IX', 'a faithful Catholic') is flagged, not cut",
    "adverb_complement": "a clause-opening adverb with its own 'for' phrase ('Unfortunately for Trump') is flagged, not cut",
    "as_clause": "a speech verb closing an 'as' clause ('as Greenwald claims') is not replaced by 'says'",
    "lone_conjunct": "a cut that would leave 'and' or 'or' with one conjunct ('(and [...])') is flagged, not cut",
    "model_join": "a word only the model found joins a neighbour's cut only at the model's own edit bar ('corrupt western' loses only 'corrupt')",
}
DISABLED: set[str] = set()


def on(rule: str) -> bool:
    """Is the silencing rule active? (Always, outside the measurement.)"""
    return rule not in DISABLED
