"""Publishing freezes versions; the check keeps question keys stable against them."""

import copy

import pytest
import yaml

from participatie.questionnaire import DefinitionError
from participatie.questionnaire.repository import check, load_published, publish
from tests.conftest import read_definition


def write(directory, data):
    path = directory / "all_types.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def published(tmp_path):
    """A questionnaires folder whose all_types.yaml version 1 is published."""
    data = read_definition()
    write(tmp_path, data)
    assert publish(tmp_path).ok
    return data


def edited(data, version=None, change=None):
    data = copy.deepcopy(data)
    if version:
        data["version"] = version
    if change:
        change(data["sections"][0]["questions"])
    return data


def test_publish_freezes_the_file_once(tmp_path, published):
    frozen = tmp_path / "published" / "all_types-v1.yaml"
    assert frozen.read_text() == (tmp_path / "all_types.yaml").read_text()
    report = publish(tmp_path)
    assert report.ok
    assert report.notes == ["all_types version 1: already published"]


def test_same_version_with_other_content_is_an_error(tmp_path, published):
    path = write(tmp_path, edited(published, change=lambda qs: qs[0]["text"].update(nl="Hoe?")))
    assert check(tmp_path).problems == [
        f"{path}: version: version 1 is published with other content; "
        "raise the version to 2 to publish this change"
    ]
    assert not publish(tmp_path).ok
    assert not (tmp_path / "published" / "all_types-v2.yaml").exists()


def test_an_older_version_than_published_is_an_error(tmp_path, published):
    write(tmp_path, edited(published, version=2))
    publish(tmp_path)
    path = write(tmp_path, published)
    assert check(tmp_path).problems == [f"{path}: version: 1 is older than published version 2"]


def test_a_kept_key_may_not_change_its_type(tmp_path, published):
    def retype(questions):
        questions[3].update(type="smiley", faces=3)
        questions[4]["show_if"]["equals"] = 3

    path = write(tmp_path, edited(published, 2, retype))
    assert check(tmp_path).problems == [
        f"{path}: sections[0].questions[3].type: question 'childcare' was 'yes_no' in version 1; "
        "a changed meaning needs a new key"
    ]


def test_a_kept_key_may_not_lose_options(tmp_path, published):
    path = write(tmp_path, edited(published, 2, lambda qs: qs[1]["options"].pop(0)))
    [problem] = check(tmp_path).problems
    assert problem.startswith(f"{path}: sections[0].questions[1].options: option keys 0-2 of "
                              "version 1 are gone")


def test_adding_options_and_questions_in_a_new_version_is_fine(tmp_path, published):
    def grow(questions):
        label = {lang: "10-12" for lang in ("nl", "fr", "en", "ar", "tr")}
        questions[1]["options"].append({"key": "10-12", "label": label})
        questions.append({**copy.deepcopy(questions[3]), "key": "school"})

    write(tmp_path, edited(published, 2, grow))
    report = publish(tmp_path)
    assert report.ok, report.problems
    assert [d.version for d in load_published(tmp_path)] == [1, 2]


def test_a_new_key_for_a_changed_meaning_is_fine(tmp_path, published):
    def rename(questions):
        questions[3].update(key="childcare_score", type="smiley", faces=3)
        questions[4]["show_if"] = {"question": "childcare_score", "equals": 3}

    write(tmp_path, edited(published, 2, rename))
    assert check(tmp_path).ok


def test_a_published_file_must_carry_its_key_and_version_in_its_name(tmp_path, published):
    (tmp_path / "published" / "all_types-v1.yaml").rename(tmp_path / "published" / "other-v1.yaml")
    with pytest.raises(DefinitionError) as refused:
        load_published(tmp_path)
    assert refused.value.lines() == [
        f"{tmp_path}/published/other-v1.yaml: a published file must be named all_types-v1.yaml"
    ]
