"""The spaCy NLP engine Presidio runs: only the pipes we use, never a download, linear on long texts."""

from __future__ import annotations

import contextlib
import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import spacy
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from wordfreq import top_n_list

# NER in the small English model has its own tok2vec; the tagger, parser and lemmatizer only cost time.
NER_PIPES = ("ner",)
# spaCy's own limit is 1,000,000 characters; long texts are processed in pieces and joined.
PIECE_CHARS = 20_000

# The most frequent English words (wordfreq's list) a worker learns once: beyond these the gain stops (measured).
COMMON_WORDS = 25_000
# The most frequent of them are also learnt with a trailing comma or full stop: the tokenizer caches whole chunks.
PUNCTUATED_WORDS = 5_000
# Numbers below this are learnt too (years, amounts, the groups of phone and card numbers), with , and . as well.
KNOWN_NUMBERS = 10_000
# Known words are fed to the tokenizer in lines of this many: short enough that a line lost to a special case
# (see known_word_lines) costs little, long enough that the calls themselves cost nothing.
KNOWN_WORDS_A_LINE = 500

# spaCy labels we map; everything else the model emits is dropped before Presidio sees it.
LABEL_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORGANIZATION",
    "NORP": "NRP",
    "DATE": "DATE_TIME",
}
IGNORED_LABELS = [
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "PRODUCT",
]


# A line with no capital letter holds no PERSON or LOCATION for the model to find (code, JSON, numbers).
NO_CAPITALS_LINE = re.compile(r"^[^A-Z\n]+$", re.MULTILINE)


def mask_uncapitalised_lines(text: str) -> str:
    """The text with capital-free lines blanked to spaces: offsets stay, the NER model skips their tokens."""
    return NO_CAPITALS_LINE.sub(lambda match: " " * len(match.group()), text)


# spaCy's output for a text: ready, made when first wanted (a callable), or made by the engine (None).
NlpSource = NlpArtifacts | Callable[[], NlpArtifacts] | None
# spaCy's entity as it travels between processes: start, end (characters), Presidio's label, score.
EntityRow = tuple[int, int, str, float]


@dataclass(frozen=True, slots=True)
class PlainEntity:
    """What Presidio's spaCy recognizer reads of an entity span, without the Doc it came from."""

    start_char: int
    end_char: int
    label_: str


def reads_nlp(recognizer: EntityRecognizer) -> bool:
    """Whether a recognizer reads spaCy's output; every other one is given None for it."""
    return isinstance(recognizer, SpacyRecognizer)


class ModelNotInstalledError(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_pipeline(model_name: str, with_ner: bool) -> Language:
    """Load a spaCy pipeline once per process; a blank tokenizer when NER is off."""
    if not with_ner:
        return spacy.blank("en")
    if not spacy.util.is_package(model_name):
        raise ModelNotInstalledError(
            f"spaCy model {model_name!r} is not installed; run `make install` (models are never downloaded at run time)"
        )
    nlp = spacy.load(model_name)
    keep = set(NER_PIPES)
    for pipe in list(nlp.pipe_names):
        if pipe not in keep:
            nlp.remove_pipe(pipe)
    nlp.max_length = 2 * PIECE_CHARS
    return nlp


def known_chunks() -> list[str]:
    """Everyday English words and numbers as the tokenizer meets them between spaces: plain, capitalised (words),
    before , and ."""
    common = top_n_list("en", COMMON_WORDS)
    capitalised = [word.capitalize() for word in common[: COMMON_WORDS // 4]]  # sentence starts
    numbers = [str(number) for number in range(KNOWN_NUMBERS)]
    punctuated = [chunk + mark for chunk in common[:PUNCTUATED_WORDS] + numbers for mark in ",."]
    return list(dict.fromkeys(common + capitalised + numbers + punctuated))


def known_word_lines(chunks: list[str], special_cases: set[str]) -> list[str]:
    """The chunks joined into lines for the tokenizer, each chunk that may meet a special case on a line of its own.

    spaCy caches no chunk of a call after one that met a special case ("don't", "Mr."): mixed into a line, such a
    word would leave the rest of it unlearnt."""
    plain: list[str] = []
    alone: list[str] = []
    for chunk in chunks:
        word = chunk.rstrip(",.")
        special = not word.isalnum() or chunk in special_cases or word in special_cases
        (alone if special else plain).append(chunk)
    lines = [" ".join(plain[first : first + KNOWN_WORDS_A_LINE]) for first in range(0, len(plain), KNOWN_WORDS_A_LINE)]
    return lines + alone


def learn_known_words(nlp: Language) -> None:
    """Make the lexemes and tokenizer cache entries of everyday English words once per pipeline, outside any zone.

    Inside a memory zone spaCy caches nothing and frees every word it made when the zone ends, so a worker would
    split and rebuild each ordinary word on every request. Tokenising a fresh 2 KB message in a zone took 2.25 ms
    with the words learnt in lines of 2,000 into spaCy's default cache, 1.10 ms with these words (~0.65 s a worker)
    and 0.87 ms with the numbers too (~1.0 s)."""
    if nlp in _learnt:
        return
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    chunks = known_chunks()
    with PIPELINE_LOCK:
        tokenizer.max_cache_size += len(chunks)  # spaCy's default (10,000) would hold well under half of them
        for line in known_word_lines(chunks, set(tokenizer.rules or {})):
            tokenizer(line)
    _learnt.add(nlp)


_learnt: weakref.WeakSet[Language] = weakref.WeakSet()
# spaCy pipelines are not documented as thread-safe, and engines share them (load_pipeline's cache): one lock for all.
PIPELINE_LOCK = threading.Lock()


def split_points(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Cut offsets at line or space boundaries so no piece exceeds `size` characters (no entity spans a cut)."""
    cuts = [0]
    while len(text) - cuts[-1] > size:
        start = cuts[-1]
        window_end = start + size
        cut = text.rfind("\n", start + size // 2, window_end)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, window_end)
        cuts.append(window_end if cut < 0 else cut + 1)
    cuts.append(len(text))
    return cuts


class FastSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine with an explicit, trimmed pipeline; thread-safe for the proxy's worker threads."""

    def __init__(self, model_name: str, with_ner: bool = True):
        super().__init__(
            models=[{"lang_code": "en", "model_name": model_name}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=LABEL_MAPPING, labels_to_ignore=IGNORED_LABELS
            ),
        )
        self.model_name = model_name
        self.with_ner = with_ner

    def load(self) -> None:
        self.nlp = {"en": load_pipeline(self.model_name, self.with_ner)}  # type: ignore[assignment]

    def memory_zone(self) -> contextlib.ExitStack[bool | None]:
        """spaCy frees the words (vocab, strings) first seen inside the block when it ends: a long-running process
        otherwise keeps every new token it ever read. Only for a single-threaded caller (a pool worker): a zone
        ending while another thread's doc is alive would free that doc's words too. Nothing spaCy made inside may
        be used after it: detections are plain values."""
        stack = contextlib.ExitStack()
        for pipeline in self._pipelines():
            learn_known_words(pipeline)  # outside the zone: these words stay
            stack.enter_context(pipeline.memory_zone())
        return stack

    def learn_known_words(self) -> None:
        """Learn everyday English words now (a worker, before its first request) rather than in the first zone."""
        for pipeline in self._pipelines():
            learn_known_words(pipeline)

    def _pipelines(self) -> list[Language]:
        pipelines: dict[str, Language] = self.nlp or {}  # type: ignore[assignment]  # Presidio types it loosely
        return list(pipelines.values())

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        assert self.nlp is not None
        nlp = self.nlp[language]
        if self.with_ner:
            text = mask_uncapitalised_lines(text)
        cuts = split_points(text)
        pieces = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
        # spaCy pipelines are not documented as thread-safe; the lock costs nothing on 2 cores.
        with PIPELINE_LOCK:
            docs = list(nlp.pipe(pieces)) if len(pieces) > 1 else [nlp(text)]
        doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
        return self._doc_to_nlp_artifact(doc, language)

    def process_texts(self, texts: list[str], language: str) -> list[NlpArtifacts]:
        """Artifacts for several texts, each at most PIECE_CHARS long, from one spaCy batch: a long text's pieces
        cost about 10 % less NER time together than one call each."""
        assert self.nlp is not None
        assert all(len(text) <= PIECE_CHARS for text in texts)
        masked = [mask_uncapitalised_lines(text) for text in texts] if self.with_ner else texts
        with PIPELINE_LOCK:
            docs = list(self.nlp[language].pipe(masked))
        return [self._doc_to_nlp_artifact(doc, language) for doc in docs]

    def entity_rows(self, text: str, language: str = "en") -> list[EntityRow]:
        """spaCy's entities in a text as plain rows: what another process needs to rebuild its artifacts."""
        artifacts = self.process_text(text, language)
        return [
            (e.start_char, e.end_char, e.label_, s) for e, s in zip(artifacts.entities, artifacts.scores, strict=True)
        ]

    def artifacts_from_rows(self, rows: list[EntityRow], language: str = "en") -> NlpArtifacts:
        """Artifacts with the entities `entity_rows` made elsewhere: all the NER recognizer reads (no tokens)."""
        return NlpArtifacts(
            entities=[PlainEntity(start, end, label) for start, end, label, _ in rows],  # type: ignore[misc]
            tokens=None,  # type: ignore[arg-type]
            tokens_indices=[],
            lemmas=[],
            nlp_engine=self,
            language=language,
            scores=[score for *_, score in rows],
        )

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        """Entities and tokens only: lemmas and keywords feed Presidio's lemma enhancer, which we replace."""
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[],
            lemmas=[],
            nlp_engine=self,
            language=language,
            scores=scores,
        )
