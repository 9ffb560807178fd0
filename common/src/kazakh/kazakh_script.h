// One search key for Kazakh whatever alphabet it is typed in: Cyrillic, the Latin alphabets of
// 2017 (apostrophes), 2018 (acute accents) and 2021 (ä ğ ı ñ ö ū ü ş), and the plain-keyboard
// digraphs sh, ng, gh, zh, ch, kh. The key is the table in the team's language notes:
//   ә ä á a' → ä   ғ ğ ǵ g' gh → ğ   ж j zh → j   и й і ı i i' → i   ң ñ ń n' ng → ng
//   ө ö ó o' → ö   у ұ u ū ý y' → u  ү ü ú u' → ü   ы y → y   ш ş s' sh → sh   ч c' ch → ch
//   х һ h kh → h   қ q → q   э → e   ю → iu   я → ia   ц → ts   щ → shch   ъ ь → (dropped)
// Apostrophe look-alikes, U+0307 and "·" are folded first. The rules are our own (ICU's
// Kazakh-Latin/BGN is the BGN/PCGN romanisation, with у → ū and ұ → u, the reverse of 2021),
// written as ICU transliterator rules in tests/test_kazakh_script.cpp, which checks the code.
#pragma once

#include <string>
#include <string_view>

namespace polsearch {

/// The key of a normalised (lower-case, NFC) Kazakh word in any of its alphabets.
/// Thread-safe.
std::string kazakh_key(std::string_view word);

/// The key as it is typed on a plain keyboard: kazakh_key with ä ö ü ğ q folded to a o u g k,
/// so that "kushi qazaqstanda" and "kushi kazakstanda" meet "күші Қазақстанда", and with the
/// letters of ICU's BGN/PCGN romanisation folded too (ī ī̆ ë ė, ʺ ʹ dropped, ya yu as ia iu):
/// "Reseī̆ zhumsaq" meets "Ресей жұмсақ"; and with an i after a vowel as y, the й that
/// keyboards and BGN write y and the 2021 and 2018 alphabets i and ı ("qanday", "qandai" and
/// "қандай" meet). This is the key searched by Latin-script queries.
std::string kazakh_search_key(std::string_view word);

}  // namespace polsearch
