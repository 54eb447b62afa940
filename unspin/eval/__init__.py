"""Evaluation harness: unspin and baselines, scored on the labelled sets in ../shared/data.

One job per module: `datasets` loads the records (and guards the test splits),
`tokens` maps annotated words and character ranges to tokens, `metrics` scores,
`detectors` is the interface every detection system is run through (with
unspin's adapter), `detect_eval` and `clean_eval` run systems over a split,
`dumps` makes the text dumps, `baselines/` holds the systems unspin is compared
with, `tables` prints (rich, JSON, Markdown), and `cli` is the thin
`unspin eval` shell over all of it.
"""
