"""The legend every format ends with, in one place so the formats cannot drift apart.

Modelled on the legend of the product that inspired unspin: say what blue means,
say what [...] means, and give the curfew example.
"""

from __future__ import annotations

from unspin.edit.ledger import CUT_MARK

MODIFIED = "Any text modified or added by unspin is highlighted in blue."
CUT = f"{CUT_MARK} marks where unspin cut words — unnecessary, flowery or loaded language."
EXAMPLE_BEFORE = "The oppressive government imposed a curfew"
EXAMPLE_AFTER = f"The {CUT_MARK} government imposed a curfew"
EXAMPLE = f"Example: {EXAMPLE_BEFORE} becomes: {EXAMPLE_AFTER}."
HOVER = f"Hover over or tap {CUT_MARK} to see what was cut."
FLAGGED = (
    "Loaded words that unspin found but could not cut or replace without breaking the sentence or its "
    "meaning are flagged: kept as written, marked with a dotted amber underline, not blue."
)
FLAGGED_HOVER = "Hover over or tap a flagged word to see why it is loaded."
FLAGGED_MARKDOWN = "Flagged words (loaded, kept as written) are in *italics* and listed under Flags."
FLAGGED_TEXT = "Flagged words are kept as written and listed below."
LEDGER_HTML = "Every change is listed in the Edits table below and in the JSON version of this report."
LEDGER_MARKDOWN = "The full ledger of every change is in the JSON version of this report."
TEXT = f"{CUT_MARK} marks words unspin cut; the full ledger of every change is in the JSON version of this report."
