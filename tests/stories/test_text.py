from unspin.edit.ledger import Edit, EditKind
from unspin.report import Report
from unspin.stories.text import body_sentences, lead_text, split_sentences


def test_sentences_keep_offsets():
    text = 'U.S. officials said on Thursday. "It is done," Mr. Lee said. Prices rose 2.5% in May.'
    found = split_sentences(text, offset=10)
    assert [s.text for s in found] == [
        "U.S. officials said on Thursday.",
        '"It is done," Mr. Lee said.',
        "Prices rose 2.5% in May.",
    ]
    assert all(("x" * 10 + text)[s.start : s.end] == s.text for s in found)


def report(text: str, edits=(), **meta) -> Report:
    return Report(source="/feeds/harbour_post.txt", original=text, text=text, edits=list(edits), **meta)


def test_body_skips_furniture_and_headline():
    text = "Menu\nSign in\n\nBridge approved\n\nThe council approved the bridge on Tuesday, officials said.\n"
    furniture = Edit(kind=EditKind.BOILERPLATE, start=0, end=14, original=text[:14], replacement="")
    r = report(text, [furniture], title="Bridge approved")
    assert [s.text for s in body_sentences(r)] == ["The council approved the bridge on Tuesday, officials said."]
    assert lead_text(r).startswith("Bridge approved The council")


def test_outlet_from_metadata_or_furniture_never_the_file_name():
    text = "Story text here that is long enough.\n\nRead more from Harbour Post:\nWhy bills rise\n"
    start = text.index("Read more")
    furniture = Edit(kind=EditKind.BOILERPLATE, start=start, end=len(text), original=text[start:], replacement="")
    assert report(text, outlet="Tidewater Gazette").outlet_name == "Tidewater Gazette"
    assert report(text, [furniture]).outlet_name == "Harbour Post"
    assert report(text).outlet_name is None  # unknown: never the file name
    bio = "Body.\n\nJane Roe is the Europe editor for RFE/RL in Prague.\n"
    start = bio.index("Jane")
    bio_edit = Edit(kind=EditKind.BOILERPLATE, start=start, end=len(bio), original=bio[start:], replacement="")
    assert report(bio, [bio_edit]).outlet_name == "Radio Free Europe/Radio Liberty"  # RFE/RL, by the outlets data file
