"""The hashed word set: membership as a set of strings would answer it, in a fraction of the memory."""

from __future__ import annotations

from detectors.hashed_words import HashedWords


def test_members_and_non_members() -> None:
    words = HashedWords(["parramatta", "goiânia", "josé", "parramatta"])
    assert "parramatta" in words and "goiânia" in words and "josé" in words
    assert "jose" not in words and "Parramatta" not in words and "" not in words and 3 not in words
    assert len(words) == 3


def test_many_words_and_no_false_members() -> None:
    words = HashedWords(f"word{i}" for i in range(50_000))
    assert all(f"word{i}" in words for i in range(0, 50_000, 97))
    assert not any(f"other{i}" in words for i in range(5_000))


def test_a_set_stays_in_the_process_that_built_it() -> None:
    import pickle

    import pytest

    with pytest.raises(TypeError, match="process"):
        pickle.dumps(HashedWords(["parramatta"]))
