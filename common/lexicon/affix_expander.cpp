#include "affix_expander.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace polsearch::lexicon {

std::u32string decode(const std::string& utf8) {
    std::u32string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + length > utf8.size()) length = 1;
        char32_t code = length == 1   ? c
                        : length == 2 ? c & 0x1F
                        : length == 3 ? c & 0x0F
                                      : c & 0x07;
        for (std::size_t k = 1; k < length; ++k)
            code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out.push_back(code);
        i += length;
    }
    return out;
}

std::string encode(const std::u32string& text) {
    std::string out;
    for (const char32_t c : text) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

namespace {

std::vector<AffixRule::Letters> parse_condition(const std::u32string& text) {
    std::vector<AffixRule::Letters> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        AffixRule::Letters letters;
        if (text[i] == U'.') {
            letters.any = true;
        } else if (text[i] == U'[') {
            std::size_t j = i + 1;
            if (j < text.size() && text[j] == U'^') {
                letters.negated = true;
                ++j;
            }
            while (j < text.size() && text[j] != U']') letters.letters.push_back(text[j++]);
            i = j;
        } else {
            letters.letters.push_back(text[i]);
        }
        out.push_back(std::move(letters));
    }
    return out;
}

bool matches(const AffixRule::Letters& letters, char32_t c) {
    if (letters.any) return true;
    const bool in = letters.letters.find(c) != std::u32string::npos;
    return in != letters.negated;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.erase(0, 3);  // kk_KZ starts with a BOM
    return s;
}

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; in >> field;) fields.push_back(field);
    return fields;
}

}  // namespace

bool AffixRule::applies_to(const std::u32string& root) const {
    // Hunspell never strips a whole root, and the condition is on the root as it is.
    if (strip.size() >= root.size() && !strip.empty()) return false;
    if (condition.size() > root.size()) return false;
    if (suffix) {
        if (root.compare(root.size() - strip.size(), strip.size(), strip) != 0) return false;
        for (std::size_t k = 0; k < condition.size(); ++k)
            if (!matches(condition[k], root[root.size() - condition.size() + k])) return false;
    } else {
        if (root.compare(0, strip.size(), strip) != 0) return false;
        for (std::size_t k = 0; k < condition.size(); ++k)
            if (!matches(condition[k], root[k])) return false;
    }
    return true;
}

std::u32string AffixRule::apply(const std::u32string& root) const {
    if (suffix) return root.substr(0, root.size() - strip.size()) + add;
    return add + root.substr(strip.size());
}

AffixExpander::AffixExpander(const std::string& aff, const std::string& dic) {
    std::istringstream aff_lines(read_file(aff));
    std::vector<bool> seen(256, false);
    std::vector<bool> cross(256, false);
    for (std::string line; std::getline(aff_lines, line);) {
        const std::vector<std::string> f = fields_of(line);
        if (f.size() < 4 || (f[0] != "SFX" && f[0] != "PFX") || f[1].size() != 1) continue;
        const auto flag = static_cast<unsigned char>(f[1][0]);
        if (!seen[flag]) {  // the header: SFX flag Y|N count
            seen[flag] = true;
            cross[flag] = f[2] == "Y";
            continue;
        }
        AffixRule rule;
        rule.suffix = f[0] == "SFX";
        rule.cross = cross[flag];
        rule.strip = f[2] == "0" ? U"" : decode(f[2]);
        std::string add = f[3].substr(0, f[3].find('/'));
        rule.add = add == "0" ? U"" : decode(add);
        if (f.size() > 4 && f[4] != ".") rule.condition = parse_condition(decode(f[4]));
        rules_[flag].push_back(std::move(rule));
    }
    std::istringstream dic_lines(read_file(dic));
    std::string line;
    std::getline(dic_lines, line);  // the count
    while (std::getline(dic_lines, line)) {
        const std::vector<std::string> f = fields_of(line);
        if (f.empty()) continue;
        const std::size_t slash = f[0].find('/');
        entries_.emplace_back(decode(f[0].substr(0, slash)),
                              slash == std::string::npos ? "" : f[0].substr(slash + 1));
    }
}

void AffixExpander::expand(
    const std::function<void(const std::string&, const std::string&)>& out) const {
    std::vector<std::u32string> crossing_suffixed;
    std::vector<const AffixRule*> crossing_prefixes;
    for (const auto& [root, flags] : entries_) {
        const std::string root_text = encode(root);
        out(root_text, root_text);
        crossing_suffixed.clear();
        crossing_prefixes.clear();
        for (const char flag : flags) {
            for (const AffixRule& rule : rules_[static_cast<unsigned char>(flag)]) {
                if (!rule.applies_to(root)) continue;
                const std::u32string form = rule.apply(root);
                out(encode(form), root_text);
                if (!rule.cross) continue;
                if (rule.suffix) {
                    crossing_suffixed.push_back(form);
                } else {
                    crossing_prefixes.push_back(&rule);
                }
            }
        }
        for (const AffixRule* prefix : crossing_prefixes) {
            for (const std::u32string& suffixed : crossing_suffixed) {
                if (prefix->applies_to(suffixed)) out(encode(prefix->apply(suffixed)), root_text);
            }
        }
    }
}

}  // namespace polsearch::lexicon
