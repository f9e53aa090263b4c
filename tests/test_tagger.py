"""The person tagger (extractor/components/person_tagger.py) and the named-royal rule.

Sentences here were written for these tests; the names in them are public figures or invented.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import extractor
from extractor import pipeline
from extractor.components import person_tagger
from extractor.components.royals import royal_mentions
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.issue(4)


def _view(text: str):
    return pipeline.get()(text).user_data["view"]


def test_fast_scores_equal_the_sum_of_the_shipped_weights():
    """Scoring by cached rows and array shifts gives what the weights file says, feature by feature."""
    data = json.loads(person_tagger.model_path().read_text(encoding="utf-8"))
    text = (ROOT / "examples" / "meeting_post.txt").read_text(encoding="utf-8") + ' "จอย" แอนดี้ วิลเลียมส์'
    _, tokens = person_tagger.view_tokens(_view(text))
    expected = [data["bias"] + sum(data["weights"].get(t, {}).get(v, 0.0) for t, v in row.items())
                for row in person_tagger.token_features(tokens)]
    got = person_tagger.probabilities(person_tagger.load(), tokens)
    assert np.allclose(got, 1 / (1 + np.exp(-np.array(expected))))


@pytest.mark.parametrize(("text", "name"), [
    ("ผู้สื่อข่าวรายงานว่า แอนดี้ วิลเลียมส์ นักร้องชื่อดัง เสียชีวิตแล้ว", "แอนดี้ วิลเลียมส์"),
    ("วิทยากรคือ มาร์ค ซัคเคอร์เบิร์ก ผู้ก่อตั้งเฟซบุ๊ก", "มาร์ค ซัคเคอร์เบิร์ก"),
])
def test_hybrid_finds_names_the_rules_miss(text, name):
    assert extractor.extract(text, engine="rules").persons == []
    persons = extractor.extract(text).persons  # hybrid, the default
    assert [p.full_name for p in persons] == [name]
    assert persons[0].source == "model" and 0.5 < persons[0].confidence <= 1
    assert text[persons[0].mentions[0].start : persons[0].mentions[0].end] == name


@pytest.mark.parametrize("text", [
    "จัดที่มหาวิทยาลัยราชภัฏรำไพพรรณี จังหวัดจันทบุรี",  # a name inside an institution's name
    "บริษัท ประชารัฐรักสามัคคี จำกัด ร่วมจัดงาน",
    "ประชุมคณะกรรมการจังหวัด ณ ห้องประชุมศาลากลางจังหวัด",
])
def test_no_person_inside_places_and_institutions(text):
    assert extractor.extract(text).persons == []


def test_the_tagger_leaves_a_quoted_initiative_alone():
    text = "จังหวัดกาฬสินธุ์ นำเสนอ “ฮักนะ ขิง ข่า ตะไคร้” ต่อที่ประชุม"
    record = extractor.extract(text)
    assert record.persons == []
    assert [p.name for p in record.projects] == ["ฮักนะ ขิง ข่า ตะไคร้"]


def test_decode_joins_tokens_over_single_spaces_and_needs_one_sure_token():
    tokens = ["แอนดี้", " ", "วิลเลียมส์", " ", "ร้อง"]
    starts = [0, 6, 7, 17, 18]
    p = np.array([0.9, 0.4, 0.5, 0.1, 0.2])
    assert person_tagger.decode(starts, tokens, p, [], threshold=0.65, extend=0.3) == [(0, 17, [0, 2])]
    assert person_tagger.decode(starts, tokens, p, [], threshold=0.95, extend=0.3) == []
    assert person_tagger.decode(starts, tokens, p, [(0, 6)], threshold=0.65, extend=0.3) == []


@pytest.mark.slow
def test_training_rebuilds_a_tagger_that_loads(tmp_path):
    """`extract train --only tagger` without ThaiNER: the corpus alone, the default threshold."""
    from extractor import training

    out = training.train_person_tagger(CORPUS, None, tmp_path / "tagger.json", log=lambda _m: None)
    model = person_tagger.TaggerModel.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert model.threshold == training.DEFAULT_THRESHOLD
    _, tokens = person_tagger.view_tokens(_view("นายสมชาย ใจดี กล่าวว่า"))
    p = person_tagger.probabilities(model, tokens)
    assert p.shape == (len(tokens),) and ((0 < p) & (p < 1)).all()


@pytest.mark.parametrize(("text", "expected"), [
    ("พระบาทสมเด็จพระปรมินทรมหาภูมิพลอดุลยเดช ทรงพระกรุณา", [("พระบาทสมเด็จพระ", "ปรมินทรมหาภูมิพลอดุลยเดช")]),
    ("สมเด็จพระนางเจ้าสิริกิติ์ พระบรมราชินีนาถ", [("สมเด็จพระนางเจ้า", "สิริกิติ์")]),
    ("เสด็จแทนพระองค์ในสมเด็จพระเจ้าอยู่หัว", []),  # a title alone is no person (SCHEMA.md)
    ("ณ โรงพยาบาลภูมิพลอดุลยเดช", []),  # a royal name without a title names a hospital here
])
def test_named_royals(text, expected):
    assert [(m.title, m.first_name) for m in royal_mentions(_view(text))] == expected
    assert [p.first_name for p in extractor.extract(text).persons] == [name for _, name in expected]


@pytest.mark.slow
def test_extract_train_only_tagger_writes_where_asked(tmp_path):
    from click.testing import CliRunner

    from extractor.cli import cli

    target = tmp_path / "tagger.json"
    result = CliRunner().invoke(cli, ["train", "--corpus", str(CORPUS), "--only", "tagger", "--tagger-out", str(target)])
    assert result.exit_code == 0, result.output
    assert set(json.loads(target.read_text(encoding="utf-8"))) == {"bias", "threshold", "extend", "weights"}


def test_a_find_right_after_a_full_name_completes_it():
    """The rules take one surname; the tagger's next word is the rest of a foreign name."""
    text = "เวลา 09.30 น. นายมีคาเอล เฮมนีตี วินเดอร์ (Mikael Hemniti Winther) เข้าพบ"
    persons = extractor.extract(text).persons
    assert [(p.title, p.first_name, p.last_name) for p in persons] == [("นาย", "มีคาเอล", "เฮมนีตี วินเดอร์")]


@pytest.mark.issue(11)
@pytest.mark.parametrize("text, fragment", [
    ("ตรวจคุณภาพน้ำนมด้านเซลล์โซมาติกต่ำกว่าเกณฑ์", "โซ"),  # a syllable of a word
    ("ลงนามความร่วมมือกับบริษัท อำพลฟูดส์ โพรเซสซิ่ง จำกัด", "อำพล"),  # glued to an unknown word
])
def test_tagger_adds_no_fragment(text, fragment):
    names = [p.full_name for p in extractor.extract(text).persons]
    assert not any(fragment in name for name in names)


@pytest.mark.issue(11)
def test_tagger_surname_takes_the_given_name_before_it():
    record = extractor.extract("ข่าวโดย : ธานี สุขไชย")  # ธานี is also a common word: the tagger took the surname
    assert [(p.first_name, p.last_name) for p in record.persons] == [("ธานี", "สุขไชย")]


@pytest.mark.issue(11)
def test_tagger_takes_no_word_of_a_quoted_title():
    record = extractor.extract("พิธีเปิดการแข่งขันกีฬาเยาวชน “ทุ่งทองลำน้ำเกมส์” ณ สนามกีฬากลาง")
    assert record.persons == []
