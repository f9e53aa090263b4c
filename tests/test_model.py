"""The NER model: it installs with the package and loads offline, and each engine holds its floor."""

from __future__ import annotations

import os
import site
import subprocess
import venv
from pathlib import Path

import pytest

import extractor
from extractor import evaluate, thainer
from extractor.components import model_ner
from extractor.training import is_heldout
from tests.conftest import CORPUS, ROOT, shared_path

TEST_SPLIT = evaluate.load_gold(CORPUS / "test")

# F1 floors on the corpus test split, set just under what each engine measures.
CORPUS_FLOORS = {
    "model": {"persons": 0.90, "roles": 0.70, "projects_lenient": 0.72},
    "hybrid": {"persons": 0.99, "roles": 0.96, "projects_lenient": 0.98},
    "hybrid-ner": {"persons": 0.99, "roles": 0.96, "projects_lenient": 0.98},
}
# On ThaiNER's held-out blocks (issue 11). The shipped NER model was trained before the split
# became blocks and saw most of their lines, so the model engines' figures there are optimistic
# and get no floor until it is retrained (`extract train`); the tagger was retrained on the rest.
THAINER_PERSON_FLOOR = {"rules": 0.86, "hybrid": 0.87}


def new_venv_seeing_this_one(env_dir) -> Path:
    """A new venv that sees the packages of the running one, so the install needs no network.

    ``system_site_packages=True`` would expose the *base* interpreter's packages, not the venv
    the tests run in (which holds setuptools, wheel, spaCy...): a ``.pth`` file names this
    environment's site folders instead. They come after the new venv's own site-packages, so
    the package installed there is the one imported.
    """
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    new_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    outer_sites = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(new_site) / "outer_environment.pth").write_text("\n".join(outer_sites) + "\n", encoding="utf-8")
    return python


@pytest.mark.issue(4)
@pytest.mark.issue(10)
@pytest.mark.slow
def test_model_loads_from_a_fresh_install(tmp_path):
    """Install the package (not editable) into a new environment; load the model from there."""
    env_dir = tmp_path / "venv"
    python = new_venv_seeing_this_one(env_dir)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet", str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stderr
    script = (
        "import extractor\n"
        "from extractor.components import model_ner\n"
        "print(model_ner.model_path())\n"
        "nlp = model_ner.load()\n"
        "r = extractor.extract('นางสาวกนกพร แสงทอง พัฒนาการจังหวัดมหาสารคาม เป็นประธานการประชุม', engine='model')\n"
        "print(len(r.persons), r.persons[0].source if r.persons else None)\n"
        "from extractor.components import person_tagger\n"
        "print(person_tagger.model_path())\n"
        "r = extractor.extract('ผู้สื่อข่าวรายงานว่า แอนดี้ วิลเลียมส์ นักร้องชื่อดัง เสียชีวิตแล้ว')\n"
        "print(len(r.persons), r.persons[0].source if r.persons else None)\n"
    )
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    run = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    path, found, tagger_path, tagger_found = run.stdout.splitlines()
    assert str(env_dir) in path and str(env_dir) in tagger_path  # the installed copies, not the repository's
    assert found.split()[1] == "model"
    assert tagger_found == "1 model"  # the person tagger, in the default engine


@pytest.mark.issue(4)
@pytest.mark.slow
def test_model_training_rebuilds_a_loadable_model(tmp_path):
    """The path of `extract train`, cut to one epoch on the corpus: its output loads and finds names."""
    import spacy

    from extractor import training

    out = training.train(CORPUS, None, tmp_path / "model", epochs=1, log=lambda _m: None)
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(training.LABELS)


@pytest.mark.issue(4)
def test_model_is_small():
    size = sum(f.stat().st_size for f in model_ner.model_path().rglob("*") if f.is_file())
    assert size <= 20 * 1024 * 1024


@pytest.mark.issue(4)
def test_model_unknown_engine_raises():
    with pytest.raises(ValueError, match="unknown engine"):
        extractor.extract("นายสมชาย ใจดี", engine="magic")


@pytest.mark.issue(4)
@pytest.mark.parametrize("engine", ["model", "hybrid", "hybrid-ner"])
def test_model_every_value_says_source_and_confidence(engine):
    record = extractor.extract((ROOT / "examples" / "meeting_post.txt").read_text(encoding="utf-8"), engine)
    assert record.persons
    for item in [*record.persons, *record.projects, *(r for p in record.persons for r in p.roles)]:
        assert item.source in {"rule", "model", "both"} and 0 <= item.confidence <= 1
    text = (ROOT / "examples" / "meeting_post.txt").read_text(encoding="utf-8")
    for span in record.spans():
        assert text[span.start : span.end] == span.text


@pytest.fixture(scope="module", params=["model", "hybrid", "hybrid-ner"])
def corpus_report(request):
    return request.param, evaluate.evaluate_corpus(TEST_SPLIT, request.param)


@pytest.mark.issue(4)
def test_model_corpus_floors(corpus_report):
    engine, report = corpus_report
    for field, floor in CORPUS_FLOORS[engine].items():
        assert report.scores[field].f1 >= floor, (engine, field, report.scores[field].f1)


@pytest.mark.issue(4)
@pytest.mark.parametrize("engine", sorted(THAINER_PERSON_FLOOR))
def test_model_thainer_heldout_person_floor(engine):
    lines = [line for line in thainer.read_lines(shared_path("eval", "thainer", "train.txt")) if is_heldout(line.number)]
    report = thainer.evaluate_thainer(lines, engine)
    assert report.scores["persons"].f1 >= THAINER_PERSON_FLOOR[engine]


@pytest.mark.issue(4)
def test_training_entities_never_start_or_end_with_a_blank_token():
    """spaCy refuses to train on such entities (E024); ThaiNER's spans can end with a zero-width
    no-break space, a token of its own, and the corpus's with a space."""
    from extractor import pipeline, training

    nlp = pipeline.build()
    docs = [*training.thainer_docs(nlp, shared_path("eval", "thainer", "train.txt"), "train"),
            *training.corpus_docs(nlp, evaluate.load_gold(CORPUS / "train"))]
    entities = [e for doc in docs for e in doc.ents]
    assert len(entities) > 5000
    assert not [e.text for e in entities if training._blank(e[0].text) or training._blank(e[-1].text)]
