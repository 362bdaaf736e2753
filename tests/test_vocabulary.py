"""The shared keys are defined once in the app; the analysis library keeps its own copies, and
the app refuses to start when the two disagree."""

import pytest

import analysis.text
from participatie import create_app, vocabulary
from participatie.labels import DIMENSION_LABELS, FUNCTION_LABELS


def test_the_app_and_analysis_agree_on_the_shared_keys():
    vocabulary.check_analysis_agrees()


def test_labels_are_given_for_the_vocabularys_keys_in_its_order():
    assert tuple(FUNCTION_LABELS) == vocabulary.ESSENTIAL_FUNCTIONS
    assert tuple(DIMENSION_LABELS) == vocabulary.PLACE_STANDARD_DIMENSIONS
    assert vocabulary.UI_LANGUAGES[0] == vocabulary.DEFAULT_LANGUAGE


def test_the_app_does_not_start_when_analysis_knows_other_languages(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTICIPATIE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setattr(analysis.text, "LANGUAGES", ("nl", "fr", "en"))
    with pytest.raises(vocabulary.VocabularyMismatch, match="analysis.text.LANGUAGES"):
        create_app({"TESTING": True})
