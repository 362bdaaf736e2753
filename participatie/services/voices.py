"""Recorded voices: storing a recording of one text in one language, finding the recordings a
page needs, and which texts of a questionnaire still lack one.

A recording is keyed by its language and the hash of the text it reads, so it follows the text,
not the questionnaire version: a new version keeps every voice of the texts it left unchanged."""

import hashlib
import logging
import time
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import VoiceRecording
from ..questionnaire import Questionnaire

log = logging.getLogger(__name__)

INDEX_SECONDS = 30
MAX_BYTES = 2 * 1024 * 1024  # two minutes of speech in any browser's format fit easily
# What MediaRecorder gives in Chromium (WebM/Opus, Ogg) and Safari on an iPad (MP4/AAC), and
# files people upload (MP3, WAV): the container's first bytes say what it is.
KINDS = {"audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "mp4", "audio/mpeg": "mp3",
         "audio/wav": "wav"}


class VoiceError(ValueError):
    """A recording that cannot be kept; the message says why, for a person."""


@dataclass(frozen=True)
class VoiceText:
    """One text of a questionnaire that can be read aloud, with where it is shown."""

    where: str
    text: str
    hash: str


def text_hash(text: str) -> str:
    """The key of a text: the same words (up to spaces and Unicode form) give the same key."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode()).hexdigest()


def sniff(data: bytes) -> str | None:
    """The audio type of ``data`` from its first bytes, or None when it is no sound we know."""
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    return None


def save_voice(language: str, text: str, data: bytes) -> VoiceRecording:
    """Keep ``data`` as the voice of ``text`` in ``language`` (replacing an earlier one)."""
    if not data:
        raise VoiceError(_("The recording is empty. Record again or choose another file."))
    if len(data) > MAX_BYTES:
        raise VoiceError(_("The recording is too long: at most 2 MB (about two minutes)."))
    mimetype = sniff(data)
    if mimetype is None:
        raise VoiceError(_("This file is not a sound we can play (use MP3, M4A, WebM, Ogg or "
                           "WAV)."))
    key = text_hash(text)
    found = db.session.scalar(select(VoiceRecording).where(
        VoiceRecording.language == language, VoiceRecording.text_hash == key))
    if found is None:
        found = VoiceRecording(language=language, text_hash=key, revision=1)
        db.session.add(found)
    else:
        found.revision += 1
    found.data, found.mimetype, found.size = data, mimetype, len(data)
    try:
        db.session.commit()
    except IntegrityError:  # recorded at the same moment on another tablet: this one wins next
        db.session.rollback()
        return save_voice(language, text, data)
    current_app.extensions.get("voice_index", {}).pop(language, None)  # stale now
    log.info("stored a voice (%s bytes) in %s", len(data), language)
    return found


def find_voice(language: str, key: str) -> VoiceRecording | None:
    return db.session.scalar(select(VoiceRecording).where(
        VoiceRecording.language == language, VoiceRecording.text_hash == key))


def voices_in(language: str) -> dict[str, int]:
    """Text hash → revision of every voice in ``language``. Every family page asks this, so the
    answer is kept per process for ``INDEX_SECONDS``: another worker shows a new recording
    within that time; this one at once (:func:`save_voice` forgets it)."""
    index = current_app.extensions.setdefault("voice_index", {})
    found = index.get(language)
    now = time.monotonic()
    if found is None or found[0] < now:
        rows = db.session.execute(select(VoiceRecording.text_hash, VoiceRecording.revision)
                                  .where(VoiceRecording.language == language))
        found = index[language] = (now + INDEX_SECONDS, {key: revision for key, revision in rows})
    return found[1]


def voice_texts(questionnaire: Questionnaire, language: str) -> list[VoiceText]:
    """Every text a family can have read aloud in ``language``: title, intro, each question,
    its help, its options and the words at the ends of a scale, and the comments."""
    found: list[tuple[str, str | None]] = [
        (_("Title"), questionnaire.title.get(language)),
        (_("Introduction"), (questionnaire.intro or {}).get(language))]
    for question in questionnaire.questions():
        found.append((question.key, question.text.get(language)))
        found.append((f"{question.key} · {_('help')}", (question.help or {}).get(language)))
        for option in getattr(question, "options", []):
            found.append((f"{question.key} · {option.key}", option.label.get(language)))
        for end, number in (("low", 1), ("high", getattr(question, "points", None))):
            words = getattr(question, end, None)
            if words and words.get(language):  # said as on the screen: "1: not at all"
                found.append((f"{question.key} · {number}", f"{number}: {words[language]}"))
    seen: set[str] = set()
    texts = []
    for where, text in found:
        if text and text_hash(text) not in seen:
            seen.add(text_hash(text))
            texts.append(VoiceText(where, text, text_hash(text)))
    return texts


def coverage(questionnaire: Questionnaire) -> dict[str, tuple[int, int]]:
    """Per language: (texts with a voice, all texts)."""
    result = {}
    for language in questionnaire.languages:
        texts = voice_texts(questionnaire, language)
        recorded = voices_in(language)
        result[language] = (sum(t.hash in recorded for t in texts), len(texts))
    return result


def network_versions(network) -> list:
    """The questionnaire versions a network asks: chosen for it, or behind one of its links."""
    from ..models import CollectionLink, QuestionnaireVersion, Round

    linked = db.session.scalars(
        select(QuestionnaireVersion).join(CollectionLink,
                                          CollectionLink.questionnaire_version_id
                                          == QuestionnaireVersion.id)
        .join(Round, CollectionLink.round_id == Round.id)
        .where(Round.network_id == network.id).distinct())
    versions = {v.id: v for v in [*network.questionnaire_versions, *linked]}
    return sorted(versions.values(), key=lambda v: (v.key, v.version))
