// A phonetic key for names written in Arabic script, so that transliteration
// variants of one foreign name (بوتين/بوتن, ناجورنو/ناغورني, هوفهانيسيان/أوفانيسيان)
// compare equal or within one edit. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace marsad::entities {

// Key of a normalized name (text::NormalizeString output), one ASCII letter per
// consonant class, white space ignored:
//   ج غ ق ك گ → G   و(inner: dropped) ف ڤ → V   ت ط → T   س ص ث → S   ز ذ ظ → Z
//   ح خ → H   د ض → D   ش → X   ب پ → B   چ → C   ر ل م ن → R L M N
// Long vowels and weak letters (ا و ي ع ء ؤ ئ ه) are dropped inside a word and
// kept as one onset letter at its start (A, V for و, Y for ي): foreign names
// gain and lose vowel letters freely, but a vowel onset is part of the name.
// A word-final ه (from ة) is dropped like any inner ه. Runs of one letter
// collapse (also across the word boundary, so "ناغورنو كاراباخ" and
// "ناغورنوكاراباخ" agree). Latin letters map to their upper case; other
// characters are ignored.
std::string PhoneticKey(std::string_view normalized);

// Levenshtein distance, stopping early: returns max + 1 once it exceeds max.
int BoundedEditDistance(std::string_view a, std::string_view b, int max);

// True when two keys name the same sound: equal, or one edit apart when both
// have at least kFuzzyKeyLength letters (short keys collide too easily).
inline constexpr size_t kFuzzyKeyLength = 5;
bool KeysMatch(std::string_view a, std::string_view b);

// The key of a normalized name's last word, "" for a one-word name.
std::string LastWordKey(std::string_view normalized);

}  // namespace marsad::entities
