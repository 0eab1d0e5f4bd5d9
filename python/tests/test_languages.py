"""toponym's Python binding in other languages: lang= chooses the matching rules as the CLI's
--lang does, detect_lang() says which language a text is read in, and a language without rules
warns and is read with English rules. Texts written for these tests."""

import warnings

import pytest

import toponym

RUSSIAN = "Делегация прибыла из Пхеньяна в Хасан, а затем во Владивосток."
KOREAN = "대표단은 평양에서 출발해 하산을 거쳐 블라디보스토크로 향했다."
TURKISH = "Heyet zırhlı trenle başkentten ayrıldı ve çarşamba günü Vladivostok şehrine ulaştı."


@pytest.mark.parametrize(
    "text, code",
    [
        ("The delegation left Seoul for Berlin on Monday.", "en"),
        (RUSSIAN, "ru"),
        (KOREAN, "ko"),
        (TURKISH, "und"),
    ],
)
def test_detect_lang(text, code):
    assert toponym.detect_lang(text) == code


def test_detected_and_given_lang_agree():
    names = [m.name for m in toponym.resolve(RUSSIAN)]
    assert names[:2] == ["Pyongyang", "Khasan"]
    assert [m.name for m in toponym.resolve(RUSSIAN, lang="ru")] == names
    assert [m.name for m in toponym.iter_resolve(RUSSIAN, lang="ru")] == names
    assert [[m.name for m in ms] for ms in toponym.resolve_many([RUSSIAN, KOREAN], lang=None)][0] == names


def test_lang_changes_the_rules():
    # Read as English, the inflected «Пхеньяна» is no name; read as Russian, it is Pyongyang.
    english = [m.text for m in toponym.resolve(RUSSIAN, lang="en")]
    assert "Пхеньяна" not in english
    assert "Пхеньяна" in [m.text for m in toponym.resolve(RUSSIAN, lang="ru")]
    assert "Пхеньяна" in [m.text for ms in toponym.resolve_many([RUSSIAN], lang="ru") for m in ms]


def test_an_unknown_lang_is_a_value_error_naming_the_codes():
    for call in (toponym.resolve, toponym.iter_resolve, lambda t, lang: toponym.resolve_many([t], lang=lang)):
        with pytest.raises(ValueError, match=r"unknown language \"tr\" \(one of: en ru uk ko ja zh de fr es ar\)"):
            call(RUSSIAN, lang="tr")


def test_a_language_without_rules_warns_and_reads_with_english_rules():
    with pytest.warns(UserWarning, match="reads as Turkish.*English rules used"):
        found = toponym.resolve(TURKISH)
    assert [m.name for m in found] == ["Vladivostok"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        toponym.resolve(RUSSIAN)
        toponym.resolve(TURKISH, lang="en")
