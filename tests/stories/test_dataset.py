import pytest

from tests.conftest import DATA, require_shared
from unspin.stories.dataset import load_split


def test_tuning_code_cannot_read_test():
    with pytest.raises(ValueError, match="reporting only"):
        load_split("test", tuning=True)


def test_splits_load():
    require_shared(DATA / "stories")
    dev = load_split("dev", tuning=True)
    assert len(dev) == 921 and len({r.story for r in dev}) == 307
