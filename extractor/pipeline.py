"""Builds the spaCy pipeline: the nlpo3 tokenizer, then one component per field, in order.

Components run in the order of ``COMPONENTS``: persons first, because provinces and venues
skip the text that names a person ("ณ สกลนคร" in a surname); the person tagger last, because
it looks for names only where no rule found anything (a quoted project is no one's name).
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.base import WARNINGS, TextView
from extractor.components.counts import CountsComponent
from extractor.components.cut_end import CutEndComponent
from extractor.components.dates import DatesComponent
from extractor.components.event import EventComponent
from extractor.components.online import OnlineComponent
from extractor.components.person_tagger import PersonTaggerComponent
from extractor.components.persons import PersonsComponent
from extractor.components.projects import ProjectsComponent
from extractor.components.provinces import ProvincesComponent
from extractor.components.royals import RoyalPersonsComponent
from extractor.components.times import TimesComponent
from extractor.components.untitled import UntitledPersonsComponent
from extractor.components.venue import VenueComponent
from extractor.limits import MAX_TEXT_CHARS
from extractor.tokenize import ThaiTokenizer

TOKENIZER = "extractor.nlpo3_tokenizer.v1"
TAGGER = "meeting_person_tagger"  # the statistical step of the pipeline: off for the rules engine
SPANS = "meeting_spans"  # the record as doc.spans: off where only the record is wanted (extract)
COMPONENTS = (
    ("meeting_view", None),
    ("meeting_persons", PersonsComponent),
    ("meeting_royal_persons", RoyalPersonsComponent),
    ("meeting_untitled_persons", UntitledPersonsComponent),
    ("meeting_provinces", ProvincesComponent),
    ("meeting_times", TimesComponent),
    ("meeting_dates", DatesComponent),
    ("meeting_counts", CountsComponent),
    ("meeting_projects", ProjectsComponent),
    ("meeting_venue", VenueComponent),
    ("meeting_online", OnlineComponent),
    ("meeting_person_tagger", PersonTaggerComponent),  # it leaves what the rules claimed
    ("meeting_cut_end", CutEndComponent),  # values cut off by a text cut in mid-word go
    ("meeting_event", EventComponent),  # it reads what every other step kept
    ("meeting_spans", None),  # last: the record, and its values as doc.spans (doc_spans.py)
)


@spacy.registry.tokenizers(TOKENIZER)
def create_tokenizer():
    return lambda nlp: ThaiTokenizer(nlp.vocab)


@Language.component("meeting_view")
def set_view(doc: Doc) -> Doc:
    """Shared state of the rule components: the text view and what each found."""
    doc.user_data["view"] = TextView.of(doc)
    doc.user_data["found"] = {WARNINGS: []}  # components add what the record should warn of
    return doc


@Language.component("meeting_spans", assigns=["doc.spans"])
def set_spans(doc: Doc) -> Doc:
    """The record of what the components found (``doc.user_data["record"]``) and its values as
    labelled spans, one group per field (``doc.spans["provinces"]``, …): see ``doc_spans``."""
    from extractor import doc_spans
    from extractor.record import to_record

    record = to_record(doc)
    doc.user_data["record"] = record
    doc_spans.annotate(doc, record)
    return doc


def _register(name: str, component_class: type) -> None:
    Language.factory(name, func=lambda nlp, name: component_class())


for _name, _class in COMPONENTS:
    if _class is not None:
        _register(_name, _class)


def build() -> Language:
    """A new pipeline: Thai, nlpo3 tokens, the rule components."""
    nlp = spacy.blank("th", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_TEXT_CHARS  # extract() refuses longer texts with a TooLargeError first
    for name, _ in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@cache
def get() -> Language:
    """The pipeline of this process, built on first use (each worker builds its own)."""
    return build()
