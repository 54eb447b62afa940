"""Hand-made records and a page in the shape of ../shared/data, for fast tests."""

BABE = [
    {
        "id": "b1",
        "text": "The radical senator gave a disgraceful speech on Monday.",
        "label": "Biased",
        "biased_words": ["radical", "disgraceful"],
    },
    {"id": "b2", "text": "The committee approved the budget on Tuesday.", "label": "Non-biased", "biased_words": []},
    {
        "id": "b3",
        "text": "Critics said the plan fattened the pockets of the rich.",
        "label": "Biased",
        "biased_words": ["fattened", "the", "pockets"],
    },
    {"id": "b4", "text": "Officials met in the capital.", "label": "No agreement", "biased_words": []},
]
WNC = [
    {
        "id": "w1",
        "before": "he is a brilliant and famous writer .",
        "after": "he is a writer .",
        "removed_words": ["brilliant", "and", "famous"],
        "added_words": [],
    },
]
PAGE = """<html><head><title>Budget passes</title><script>var x = 1;</script></head><body>
<nav><ul><li>Home</li><li>World</li><li>Sport</li></ul></nav>
<article><h1>Budget passes</h1>
<p>The city council approved the budget on Tuesday after a long debate about school funding and road repairs.</p>
<p>The mayor said the plan would take effect in January and that the council would review it again next year.</p>
</article>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>
</body></html>"""
BODY = (
    "The city council approved the budget on Tuesday after a long debate about school funding and road repairs.\n\n"
    "The mayor said the plan would take effect in January and that the council would review it again next year."
)

# A whole article in PTC's shape (our own text): spans index `text`, one sits in a quotation.
PTC_TEXT = (
    "Council backs bridge\n\n"
    "The council backed the disastrous bridge plan on Tuesday.\n\n"
    'Critics called it "a shameful waste" of money.\n'
    "The radical mayor praised the plan."
)


def ptc_span(phrase: str, technique: str, quote: bool = False) -> dict:
    start = PTC_TEXT.index(phrase)
    return {"start": start, "end": start + len(phrase), "technique": technique, "text": phrase, "quote": quote}


PTC_SPANS = [
    ptc_span("disastrous", "Loaded_Language"),
    ptc_span("disastrous", "Exaggeration,Minimisation"),  # the same range, a second technique
    ptc_span("shameful waste", "Loaded_Language", quote=True),
    ptc_span("radical mayor", "Name_Calling,Labeling"),
    ptc_span("praised the plan", "Doubt"),  # not a loaded-language technique
]
PTC = [{"id": "a1", "title": "Council backs bridge", "text": PTC_TEXT, "spans": PTC_SPANS, "loaded_spans": PTC_SPANS[:4]}]

# A seed-like scraped text dump (our own text): a menu line, the article, a legal notice.
SEED_NAME = "000_sample.txt"
SEED = (
    "Home | World | Business | Sport | Weather\n\n"
    "Council approves bridge repairs\n\n"
    "The city council voted on Tuesday to spend 4 million dollars repairing the old river bridge, which has been closed "
    "to lorries since a survey in March found cracks in two of its supports.\n\n"
    "The disastrous state of the bridge had long been known, said a local shopkeeper, who asked not to be named. "
    "Work is due to start in June and to last about eight months, during which the bridge will be open to pedestrians only.\n\n"
    "The mayor said the council would publish the contract next week and hold a public meeting before work begins.\n\n"
    "Copyright 2024 Example News. All rights reserved.\n"
)
