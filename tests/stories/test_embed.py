"""The two sentence encoders: the packaged MiniLM and the events encoder, which replaces its top two layers with
the fine-tuned ones shipped in unspin/data/stories/events_layers.safetensors."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.stories import embed
from unspin.stories.dataset import Record, lead_vectors
from unspin.stories.profile import Draft, profiles

pytestmark = pytest.mark.slow

LEAD = "Council approves bridge. The city council approved the new Lumen Bridge on Tuesday, officials said."


@pytest.fixture(scope="module")
def events(model):
    return embed.load_events_model()


def test_the_file_holds_only_the_top_two_layers_in_fp16() -> None:
    tensors = embed.events_tensors()
    assert {name.split(".")[2] for name in tensors} == {"4", "5"}
    assert all(name.startswith("encoder.layer.") for name in tensors)
    assert {str(t.dtype) for t in tensors.values()} == {"torch.float16"}
    assert sum(t.numel() for t in tensors.values()) == 3_548_928  # two BERT layers of width 384


def test_the_events_model_carries_the_files_layers_and_shares_the_rest(model, events) -> None:
    tuned = embed.events_tensors()
    base = dict(model[0].auto_model.named_parameters())
    own = dict(events[0].auto_model.named_parameters())
    for name, tensor in tuned.items():
        assert own[name] is not base[name]
        assert np.array_equal(own[name].detach().numpy(), tensor.float().numpy())  # fails if the file were ignored
        assert not np.array_equal(base[name].detach().numpy(), own[name].detach().numpy())
    shared = [name for name in base if name not in tuned]
    assert shared and all(own[name] is base[name] for name in shared)  # one copy in memory
    assert events.tokenizer is model.tokenizer


def test_the_two_encoders_give_their_own_vectors_for_one_text(events) -> None:
    text = "Dockers at the port of Velmora begin a three-day strike over pay."
    packaged = embed.encode([text])[0]
    tuned = embed.encode_events([text])[0]  # memo of the other encoder already holds the text
    assert abs(float(np.linalg.norm(tuned)) - 1.0) < 1e-5
    assert float(packaged @ tuned) < 0.999
    assert np.array_equal(embed.encode([text])[0], packaged)
    direct = events.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0]
    assert float(direct @ tuned) > 0.99999


def test_profiles_embed_leads_with_the_events_encoder(events) -> None:
    made = profiles([Draft(key="a", headline="Council approves bridge", lead=LEAD)])[0]
    assert np.allclose(made.vector, embed.encode_events([LEAD])[0])
    assert not np.allclose(made.vector, embed.encode([LEAD])[0], atol=1e-3)


def test_cached_lead_vectors_are_kept_apart_by_encoder(events, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("UNSPIN_CACHE", str(tmp_path))
    records = [Record("1", "Council approves bridge", LEAD, "e1")]
    tuned, packaged = lead_vectors(records), lead_vectors(records, encoder=embed.PACKAGED)
    assert len(list((tmp_path / "stories").glob("leads-*.npy"))) == 2
    assert np.allclose(tuned[0], embed.encode_events([records[0].lead])[0])
    assert np.allclose(packaged[0], embed.encode([records[0].lead])[0])
    assert np.array_equal(lead_vectors(records), tuned)  # read back from its own file
