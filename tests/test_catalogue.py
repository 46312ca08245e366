"""The text catalogue: every word in both languages, Chinese that is Chinese, the same fields, loaded only when read."""

import re
import string
import subprocess
import sys

from powermap.text.catalogue import CATALOGUE, SYMBOLS
from powermap.text.words import LANGS, by_lang, entries, section, words

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_entry_is_in_both_languages():
    bad = [
        key
        for key, entry in CATALOGUE.items()
        if set(entry) != set(LANGS) or not all(isinstance(text, str) and text.strip() for text in entry.values())
    ]
    assert not bad, f"entries not in both languages, or empty: {bad}"


def test_the_chinese_is_chinese_unless_marked_a_symbol():
    no_chinese = [key for key, entry in CATALOGUE.items() if key not in SYMBOLS and not CJK.search(entry["zh"])]
    assert not no_chinese, f"Chinese texts holding no Chinese (mark them in SYMBOLS if meant): {no_chinese}"
    # a symbol is punctuation, numbers and fields only
    wordy = [key for key in SYMBOLS if re.search(r"[^\W\d_]", re.sub(r"\{[^}]*\}", "", CATALOGUE[key]["zh"]))]
    assert not wordy, f"marked as symbols but holding words: {wordy}"
    assert SYMBOLS <= set(CATALOGUE)


def test_the_chinese_fills_only_fields_the_english_has():
    # Chinese may drop a field (no article, no plural) but never needs one the code does not pass for English
    bad = [key for key, entry in CATALOGUE.items() if not fields(entry["zh"]) <= fields(entry["en"])]
    assert not bad, f"Chinese texts with fields the English lacks: {bad}"


def test_accessors():
    assert words("risk.high", "zh") == "高" and words("risk.high", "fr") == "high"  # an unknown language reads English
    assert section("risk", "en") == {"high": "high", "medium": "medium", "low": "low"}
    assert not any("." in key for key in section("report", "en"))  # one level: report.parts.* is its own section
    assert by_lang("risk")["zh"] == section("risk", "zh")
    assert entries("gap")["single-threaded.few.message"] == CATALOGUE["gap.single-threaded.few.message"]


def test_the_command_line_starts_without_loading_the_catalogue():
    code = "import sys, powermap.cli; print('powermap.text.catalogue' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
