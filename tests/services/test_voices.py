"""Recorded voices: stored in the database per language and text, served with long caching,
played on the family's screen before the tablet's own voice; bad or huge files refused."""

import io

import pytest
from flask_babel import force_locale

from participatie.services.voices import (
    MAX_BYTES,
    VoiceError,
    coverage,
    save_voice,
    text_hash,
    voice_texts,
)
from tests.conftest import log_in

WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 200  # what Chromium's MediaRecorder starts with
MP4 = b"\x00\x00\x00\x1cftypM4A " + b"\x00" * 200  # what Safari on an iPad records


@pytest.fixture
def link(make_link):
    return make_link("test")


def test_a_voice_is_played_on_the_family_screen_and_cached_for_long(link, client):
    save_voice("nl", "Hoe kom je?", WEBM)
    page = client.get("/s/test/nl/all").text
    url = f"/voices/nl/{text_hash('Hoe kom je?')}/1"
    assert f'data-audio="{url}"' in page
    sound = client.get(url)
    assert sound.data == WEBM and sound.mimetype == "audio/webm"
    assert "max-age=31536000" in sound.headers["Cache-Control"]


def test_recording_again_replaces_the_voice_under_a_new_address(link, client):
    text = "Hoe kom je?"
    save_voice("nl", text, WEBM)
    save_voice("nl", text, MP4)
    assert client.get(f"/voices/nl/{text_hash(text)}/1").status_code == 404
    assert client.get(f"/voices/nl/{text_hash(text)}/2").mimetype == "audio/mp4"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "not a sound"),
    (WEBM + b"\x00" * MAX_BYTES, "too long")])
def test_bad_or_huge_files_get_a_clear_error(app, data, words):
    with force_locale("en"), pytest.raises(VoiceError, match=words):
        save_voice("nl", "Een tekst", data)


def test_a_voice_follows_its_words_into_a_new_version(link):
    questionnaire = link.questionnaire_version.questionnaire
    texts = voice_texts(questionnaire, "ar")
    changed = questionnaire.model_copy(update={"version": questionnaire.version + 1})
    assert [t.hash for t in voice_texts(changed, "ar")] == [t.hash for t in texts]
    save_voice("ar", texts[0].text, WEBM)
    done, total = coverage(changed)["ar"]
    assert (done, total) == (1, len(texts))
    assert " ".join(texts[0].text.split()) == texts[0].text


def test_a_facilitator_uploads_a_file_and_a_bad_one_is_refused(link, english_client,
                                                               make_user):
    make_user("buurtwerker@example.org", link.round.network, "facilitator")
    client = english_client()
    log_in(client, "buurtwerker@example.org")
    network = link.round.network.key
    questionnaire = link.questionnaire_version.key
    url = f"/facilitate/networks/{network}/voices/{questionnaire}/tr"
    page = client.get(url)
    assert page.status_code == 200
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    text = voice_texts(link.questionnaire_version.questionnaire, "tr")[1]
    sent = client.post(url, data={"csrf_token": token, "text": text.hash,
                                  "file": (io.BytesIO(MP4), "kreş.m4a")},
                       content_type="multipart/form-data")
    assert sent.status_code == 200
    assert f"/voices/tr/{text.hash}/1" in sent.text
    refused = client.post(url, data={"csrf_token": token, "text": text.hash,
                                     "file": (io.BytesIO(b"hello"), "notes.txt")},
                          content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "not a sound we can play" in refused.text
    overview = client.get(f"/facilitate/networks/{network}/voices/")
    assert f"1 / {len(voice_texts(link.questionnaire_version.questionnaire, 'tr'))}" in \
        overview.text
