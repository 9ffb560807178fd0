// polsearch-make-lexicon: builds, at build time, the word lists that polsearch asks instead of
// loading hunspell's dictionaries at run time (analysis/lexicon.h; format:
// analysis/lexicon_format.h):
//   - every form of the Russian, Kazakh and English dictionaries, in lower case, that hunspell
//     itself accepts (each form the affix rules make is checked with Hunspell::spell, asked as
//     dictionary.cpp used to ask: as it is, capitalised or in capitals), so the lists answer as
//     hunspell does for every word they hold;
//   - for each Russian form (ё as е), the entries of the dictionary it is a form of (its lemmas),
//     the one with the most forms first (стали: стать before сталь), and its lemma class: the
//     entries that share a form are joined (права: право, правый), and so is an entry without
//     affix rules (an irregular form the dictionary lists as a word: концов, времени) with the
//     one entry with rules some of whose forms Snowball's russian stemmer gives the same stem
//     (конец: конца, концом), when it has four letters or more, or, first, with the one noun
//     it is the genitive plural of with a fleeting vowel (чисел: число); a participle, which
//     the dictionary lists as an adjective, is joined with its verb (построенный: построить);
//     the class is named by its entry with the most forms.
//
//     polsearch-make-lexicon --hunspell-dir /usr/share/hunspell --out lexicon.bin
//
// Needs the dictionaries of hunspell-ru, hunspell-kk and hunspell-en-us and libhunspell, nothing
// else: it runs offline, as a Debian package build does.
#include <unicode/uchar.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <hunspell/hunspell.hxx>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "affix_expander.h"
#include "analysis/lexicon_format.h"

namespace fmt = polsearch::lexicon_format;
using polsearch::lexicon::AffixExpander;
using polsearch::lexicon::decode;
using polsearch::lexicon::encode;

namespace {

enum class Case { lower, capital, upper };

std::string recase(const std::string& word, Case how) {
    std::u32string letters = decode(word);
    for (std::size_t i = 0; i < letters.size(); ++i) {
        const auto c = static_cast<UChar32>(letters[i]);
        if (how == Case::lower) {
            letters[i] = static_cast<char32_t>(u_tolower(c));
        } else if (how == Case::upper || i == 0) {
            letters[i] = static_cast<char32_t>(u_toupper(c));
        }
    }
    return encode(letters);
}

// ё (and Ё, lower-cased before) as е, as polsearch's normaliser writes it.
std::string fold_yo(std::string word) {
    for (std::size_t at = word.find("ё"); at != std::string::npos; at = word.find("ё", at))
        word.replace(at, 2, "е");
    return word;
}

// The stems a Russian word would have if its last vowel, о or е between two consonants at its
// end (a final ь aside), were a fleeting vowel: taken out (чисел → числ) or standing for ь
// (писем → письм). None for any other word. (A е after a vowel standing for й, as in копеек,
// would read поем as пойма's and воен as война's; the dictionary's rules make копеек itself.)
std::vector<std::string> fleeting_vowel_stems(const std::string& word) {
    static constexpr std::u32string_view consonants = U"бвгджзклмнпрстфхцчшщ";
    const auto consonant = [](char32_t c) {
        return consonants.find(c) != std::u32string_view::npos;
    };
    std::u32string letters = decode(word);
    if (!letters.empty() && letters.back() == U'ь') letters.pop_back();
    const std::size_t n = letters.size();
    if (n < 4 || !consonant(letters[n - 1]) || !consonant(letters[n - 3]) ||
        (letters[n - 2] != U'о' && letters[n - 2] != U'е'))
        return {};
    std::u32string stem = letters;
    stem.erase(n - 2, 1);
    std::u32string soft = letters;
    soft[n - 2] = U'ь';
    return {encode(stem), encode(soft)};
}

// A minimal acyclic automaton of sorted byte strings (Daciuk, Mihov, Watson and Watson 2000:
// incremental construction from sorted data).
class DawgBuilder {
  public:
    DawgBuilder() { states_.emplace_back(); }

    void add(const std::string& word) {
        if (word <= previous_ && !previous_.empty())
            throw std::logic_error("DawgBuilder: words must come sorted and distinct");
        std::size_t common = 0;
        while (common < word.size() && common < previous_.size() &&
               word[common] == previous_[common])
            ++common;
        minimize(common);
        std::uint32_t state = path_.empty() ? 0 : path_.back().child;
        for (std::size_t i = common; i < word.size(); ++i) {
            const auto child = static_cast<std::uint32_t>(states_.size());
            states_.emplace_back();
            states_[state].edges.emplace_back(static_cast<unsigned char>(word[i]), child);
            path_.push_back({state, static_cast<unsigned char>(word[i]), child});
            state = child;
        }
        states_[state].final = true;
        previous_ = word;
    }

    // The transitions, as lexicon_format.h lays them out; `root` gets the root's index.
    std::vector<std::uint32_t> finish(std::uint32_t& root) {
        minimize(0);
        std::vector<std::uint32_t> out(1, 0);  // index 0 holds no transition
        std::vector<std::uint32_t> placed(states_.size(), 0);
        // Place states depth first from the root, each state's block once.
        std::vector<std::uint32_t> order;
        std::vector<bool> seen(states_.size(), false);
        std::vector<std::uint32_t> stack{0};
        while (!stack.empty()) {
            const std::uint32_t s = stack.back();
            stack.pop_back();
            if (seen[s]) continue;
            seen[s] = true;
            order.push_back(s);
            for (auto it = states_[s].edges.rbegin(); it != states_[s].edges.rend(); ++it)
                stack.push_back(it->second);
        }
        for (const std::uint32_t s : order) {
            if (states_[s].edges.empty()) continue;
            placed[s] = static_cast<std::uint32_t>(out.size());
            out.resize(out.size() + states_[s].edges.size());
        }
        if (out.size() > fmt::max_target) throw std::runtime_error("automaton too large");
        for (const std::uint32_t s : order) {
            const auto& edges = states_[s].edges;
            for (std::size_t k = 0; k < edges.size(); ++k) {
                const auto [label, target] = edges[k];
                std::uint32_t t = label | (placed[target] << fmt::target_shift);
                if (states_[target].final) t |= fmt::final_bit;
                if (k + 1 == edges.size()) t |= fmt::last_bit;
                out[placed[s] + k] = t;
            }
        }
        root = placed[0];
        return out;
    }

  private:
    struct State {
        bool final = false;
        std::vector<std::pair<unsigned char, std::uint32_t>> edges;  // sorted: added in order
    };
    struct Step {
        std::uint32_t parent;
        unsigned char label;
        std::uint32_t child;
    };

    std::string signature(std::uint32_t s) const {
        std::string key(1, states_[s].final ? '1' : '0');
        for (const auto& [label, target] : states_[s].edges) {
            key.push_back(static_cast<char>(label));
            key.append(reinterpret_cast<const char*>(&target), sizeof target);
        }
        return key;
    }

    // Replaces the states of the path below depth `down_to` by equivalent registered ones.
    void minimize(std::size_t down_to) {
        while (path_.size() > down_to) {
            const Step step = path_.back();
            path_.pop_back();
            const std::string key = signature(step.child);
            const auto found = register_.find(key);
            if (found != register_.end()) {
                states_[step.parent].edges.back().second = found->second;
                states_[step.child] = State{};  // unreachable now
            } else {
                register_.emplace(key, step.child);
            }
        }
    }

    std::vector<State> states_;
    std::vector<Step> path_;
    std::unordered_map<std::string, std::uint32_t> register_;
    std::string previous_;
};

struct Language {
    const char* dictionary;
    std::vector<std::string> words;       // sorted lower-case forms hunspell accepts
    std::vector<std::string> lemma_keys;  // Russian only: form, separator, rank, cut, addition
};

// Whether hunspell accepts the lower-case `word` as dictionary.cpp asked it: as it is,
// capitalised (a name) or in capitals (an abbreviation).
bool accepted(Hunspell& hunspell, const std::string& word) {
    if (hunspell.spell(word)) return true;
    const std::string capital = recase(word, Case::capital);
    if (capital != word && hunspell.spell(capital)) return true;
    const std::string upper = recase(word, Case::upper);
    return upper != capital && hunspell.spell(upper);
}

// The forms of `pairs` (lower-case form, root) that hunspell accepts, checked on `threads`
// threads, each with its own Hunspell.
//
// The Hunspells are made and destroyed here, one at a time, and only spell() runs on the
// threads: hunspell 1.7 shares one case table among all its instances (csutil.cxx: utf_tbl,
// with a plain int counting its users), filled by the first constructor and freed by the
// last destructor. Two made at once could each see the other's half-filled table, and a
// dictionary loaded with it has wrong capitals for the mixed-case entries it reads first
// (ВАКе, ru_RU.dic line 223): once, in CI, "ваке" was left out of the lists that way.
std::vector<std::string> accepted_forms(const std::string& dir, const char* name,
                                        const std::vector<std::string>& candidates,
                                        unsigned threads) {
    std::vector<char> ok(candidates.size(), 0);
    const std::string aff = dir + "/" + name + ".aff";
    const std::string dic = dir + "/" + name + ".dic";
    std::vector<std::unique_ptr<Hunspell>> checkers;
    for (unsigned t = 0; t < threads; ++t)
        checkers.push_back(std::make_unique<Hunspell>(aff.c_str(), dic.c_str()));
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            Hunspell& hunspell = *checkers[t];
            for (std::size_t i = t; i < candidates.size(); i += threads)
                ok[i] = accepted(hunspell, candidates[i]) ? 1 : 0;
        });
    }
    for (auto& worker : workers) worker.join();
    checkers.clear();
    std::vector<std::string> out;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (ok[i]) out.push_back(candidates[i]);
    return out;
}

// Lemma classes: a union-find over the lemmas, by index.
class LemmaClasses {
  public:
    explicit LemmaClasses(std::size_t lemmas) : parent_(lemmas) {
        std::iota(parent_.begin(), parent_.end(), std::size_t{0});
    }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void join(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }

  private:
    std::vector<std::size_t> parent_;
};

// The Russian dictionary's entries as the joins below read them: each accepted (form, lemma),
// sorted; each lemma's index; the entries with affix rules and those without (a word listed
// as it is: an irregular form, an adverb).
struct RussianEntries {
    const std::vector<std::pair<std::string, std::string>>& folded;
    const std::map<std::string, std::size_t>& index;
    std::set<std::string> with_rules;
    std::set<std::string> without_rules;
    /// Entries with rules that have a past form in -ла or -лась: verbs (not восемнадцать).
    std::set<std::string> verbs;
};

RussianEntries russian_entries(const AffixExpander& expander,
                               const std::vector<std::pair<std::string, std::string>>& folded,
                               const std::map<std::string, std::size_t>& index) {
    RussianEntries entries{folded, index, {}, {}, {}};
    for (const auto& [word, flags] : expander.entry_list())
        (flags.empty() ? entries.without_rules : entries.with_rules)
            .insert(fold_yo(recase(encode(word), Case::lower)));
    for (const auto& [form, root] : folded) {
        const std::string_view f = form;
        if ((f.ends_with("ла") || f.ends_with("лась")) && entries.with_rules.count(root))
            entries.verbs.insert(root);
    }
    return entries;
}

// The entries (by index) of the verbs a Russian participle may be of: its suffix (-анный,
// -енный, -тый, -ющий, -ащий, -вший, -емый, -имый and their -ся forms) read back as the
// infinitives it may come from (построенный: построить, построеть) that are verbs of the
// dictionary.
std::set<std::size_t> verbs_of_participle(const std::string& participle,
                                          const RussianEntries& entries) {
    static constexpr std::pair<std::string_view, std::string_view> suffixes[] = {
        {"анный", "ать"},
        {"янный", "ять"},
        {"енный", "ить"},
        {"енный", "еть"},
        {"тый", "ть"},
        {"ующий", "овать"},
        {"ющий", "ть"},
        {"ащий", "ать"},
        {"ащий", "ить"},
        {"ащий", "еть"},
        {"ящий", "ять"},
        {"ящий", "ить"},
        {"ящий", "еть"},
        {"вший", "ть"},
        {"уемый", "овать"},
        {"емый", "ть"},
        {"имый", "ить"},
        {"имый", "еть"},
        // The consonant of the verb's stem changed before -енный, as in its first person
        // (пригласить: приглашу, приглашенный; подготовить: подготовлю, подготовленный).
        {"бленный", "бить"},
        {"пленный", "пить"},
        {"вленный", "вить"},
        {"мленный", "мить"},
        {"жденный", "дить"},
        {"женный", "дить"},
        {"женный", "зить"},
        {"ченный", "тить"},
        {"щенный", "тить"},
        {"щенный", "стить"},
        {"шенный", "сить"},
        {"шенный", "хить"},
        // Verbs in -сти, -зти and -чь (ввести: введенный, приведший; испечь: испеченный).
        {"денный", "сти"},
        {"тенный", "сти"},
        {"сенный", "сти"},
        {"зенный", "зти"},
        {"ченный", "чь"},
        {"дший", "сти"},
        {"тший", "сти"},
        {"дущий", "сти"},
        {"тущий", "сти"},
        {"сущий", "сти"},
        {"зущий", "зти"},
        {"ущий", "ти"},
        {"домый", "сти"},
        {"сомый", "сти"}};
    std::string_view word = participle;
    const bool reflexive = word.ends_with("ся");
    if (reflexive) word.remove_suffix(std::string_view("ся").size());
    std::set<std::size_t> verbs;
    for (const auto& [suffix, infinitive] : suffixes) {
        // At least three letters (Cyrillic: two bytes each) before the suffix: бывший, the
        // adjective "former", is no form of быть for a search.
        if (word.size() < suffix.size() + 6 || !word.ends_with(suffix)) continue;
        std::string verb(word.substr(0, word.size() - suffix.size()));
        verb += infinitive;
        if (reflexive) verb += verb.ends_with("и") ? "сь" : "ся";
        if (entries.verbs.count(verb)) verbs.insert(entries.index.at(verb));
    }
    return verbs;
}

// An entry without rules with the one noun it is the genitive plural of with a fleeting vowel,
// else with the one entry with rules that Snowball puts it with.
void join_entries_without_rules(const RussianEntries& entries, LemmaClasses& classes) {
    const auto& folded = entries.folded;
    const auto& index = entries.index;
    const auto& with_rules = entries.with_rules;
    const auto& without_rules = entries.without_rules;
    Xapian::Stem snowball("russian");
    std::map<std::string, std::set<std::size_t>> by_stem;  // stem → entries with rules
    for (const auto& [form, root] : folded)
        if (with_rules.count(root)) by_stem[snowball(form)].insert(index.at(root));
    std::size_t fleeting = 0;
    for (const std::string& word : without_rules) {
        // Snowball's stem of a word of three letters or less says little (и, ее, из).
        if (with_rules.count(word) || !index.count(word) || decode(word).size() < 4) continue;
        // A genitive plural with a fleeting vowel, which the dictionary lists as a word of
        // its own (чисел, писем, сестер, окон): the one noun in -а, -я, -о or -е that the
        // word is once the vowel is taken out again (числ-о, сестр-а) or read as the ь it
        // stands for (письм-о). Before Snowball's reading: окон would join оконный.
        std::set<std::size_t> nouns;
        for (const std::string& stem : fleeting_vowel_stems(word))
            for (const char* ending : {"а", "я", "о", "е"})
                if (with_rules.count(stem + ending) && index.count(stem + ending))
                    nouns.insert(index.at(stem + ending));
        if (nouns.size() == 1) {
            classes.join(index.at(word), *nouns.begin());
            ++fleeting;
            continue;
        }
        const auto found = by_stem.find(snowball(word));
        if (found != by_stem.end() && found->second.size() == 1)
            classes.join(index.at(word), *found->second.begin());
    }
    std::cerr << "russian: " << fleeting << " genitive plurals with a fleeting vowel joined\n";
}

// A participle, which the dictionary lists as an adjective of its own (построенный,
// определяющий), with its verb (построить, определять): the one verb whose infinitive the
// participle's suffix gives and whose forms have a past tense in -ла (so that no ordinal joins
// its number: восемнадцатый, восемнадцать). Reflexive ones likewise (строящийся, строиться).
void join_participles(const RussianEntries& entries, LemmaClasses& classes) {
    std::size_t participles = 0;
    for (const std::string& participle : entries.with_rules) {
        if (!entries.index.count(participle)) continue;
        const std::set<std::size_t> verbs = verbs_of_participle(participle, entries);
        if (verbs.size() == 1) {
            classes.join(entries.index.at(participle), *verbs.begin());
            ++participles;
        }
    }
    std::cerr << "russian: " << participles << " participles joined to their verbs\n";
}

// Two irregular classes whose forms the dictionary lists as words of their own, joined with
// their entry by their endings: the nouns in -мя (времени, временем, времена, времен: время;
// имени: имя) and the past tense of the verbs in -йти (произошел, произошла: произойти; нашла:
// найти; шел, шла: идти). (Not the genitive plural in -ей of nouns in -ья, семей: семья, which
// would make the city of Семей a family.)
void join_irregular_forms(const RussianEntries& entries, LemmaClasses& classes) {
    static constexpr std::pair<std::string_view, std::string_view> irregular[] = {
        {"мени", "мя"},  {"менем", "мя"},  {"мена", "мя"},  {"мен", "мя"},
        {"менам", "мя"}, {"менами", "мя"}, {"менах", "мя"}, {"шел", "йти"},
        {"шла", "йти"},  {"шел", "идти"},  {"шла", "идти"}};
    std::size_t joined = 0;
    for (const auto& [word, at] : entries.index) {
        for (const auto& [ending, lemma_ending] : irregular) {
            if (!std::string_view(word).ends_with(ending)) continue;
            const std::string lemma =
                word.substr(0, word.size() - ending.size()) + std::string(lemma_ending);
            const auto found = entries.index.find(lemma);
            if (found == entries.index.end() || classes.find(at) == classes.find(found->second))
                continue;
            classes.join(at, found->second);
            ++joined;
        }
    }
    std::cerr << "russian: " << joined << " forms of -мя and -йти words joined\n";
}

// The two verbs of an aspect pair that differ in -ять or -ать against -ить (определять,
// определить; решать, решить; изменяться, измениться), when both are verbs of the dictionary
// (a past form in -ла) and four letters or more come before the ending: стоять and стоить,
// таять and таить are no pair. -ать only after ч, ш, ж or щ, where Russian spells я as а
// (делать and делить are no pair).
void join_aspect_pairs(const RussianEntries& entries, LemmaClasses& classes) {
    const auto verb = [&](const std::string& word) { return entries.verbs.count(word) > 0; };
    std::size_t joined = 0;
    for (const std::string& perfective : entries.with_rules) {
        std::string_view word = perfective;
        const bool reflexive = word.ends_with("ся");
        if (reflexive) word.remove_suffix(std::string_view("ся").size());
        if (!word.ends_with("ить") || !verb(perfective)) continue;
        const std::string stem(word.substr(0, word.size() - std::string_view("ить").size()));
        const std::u32string letters = decode(stem);
        if (letters.size() < 4) continue;
        const bool hushing =
            std::u32string_view(U"чшжщ").find(letters.back()) != std::u32string_view::npos;
        const std::string imperfective = stem + (hushing ? "ать" : "ять") + (reflexive ? "ся" : "");
        if (!verb(imperfective)) continue;
        classes.join(entries.index.at(perfective), entries.index.at(imperfective));
        ++joined;
    }
    std::cerr << "russian: " << joined << " aspect pairs joined\n";
}

const char* name_of_language(const Language& language) {
    return language.dictionary;
}

void build_language(const std::string& dir, Language& language, bool lemmas, unsigned threads) {
    const std::string name = language.dictionary;
    const AffixExpander expander(dir + "/" + name + ".aff", dir + "/" + name + ".dic");
    std::vector<std::pair<std::string, std::string>> pairs;  // lower-case form, lower-case root
    expander.expand([&](const std::string& form, const std::string& root) {
        pairs.emplace_back(recase(form, Case::lower), lemmas ? recase(root, Case::lower) : "");
    });
    std::vector<std::string> candidates;
    candidates.reserve(pairs.size());
    for (const auto& pair : pairs) candidates.push_back(pair.first);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    language.words = accepted_forms(dir, name.c_str(), candidates, threads);
    std::cerr << name << ": " << expander.entries() << " entries, " << candidates.size()
              << " forms made, " << language.words.size() << " accepted by hunspell\n";
    if (!lemmas) return;
    // Lemmas: each accepted form's roots, ё as е; a lemma's rank among a form's lemmas by the
    // number of forms it has (a verb's paradigm is larger than a noun's: были → быть, not
    // быль), then by its spelling.
    std::vector<std::pair<std::string, std::string>> folded;
    for (const auto& [form, root] : pairs) {
        if (!std::binary_search(language.words.begin(), language.words.end(), form)) continue;
        folded.emplace_back(fold_yo(form), fold_yo(root));
    }
    std::sort(folded.begin(), folded.end());
    folded.erase(std::unique(folded.begin(), folded.end()), folded.end());
    std::map<std::string, std::size_t> size;
    for (const auto& pair : folded) ++size[pair.second];
    // Lemma classes (union-find over the lemmas, by index).
    std::map<std::string, std::size_t> index;
    std::vector<std::string> lemma_of;
    for (const auto& [lemma, n] : size) {
        index.emplace(lemma, lemma_of.size());
        lemma_of.push_back(lemma);
    }
    LemmaClasses classes(lemma_of.size());
    const auto find = [&](std::size_t x) { return classes.find(x); };
    for (std::size_t i = 0; i < folded.size();) {  // entries that share a form
        std::size_t end = i;
        while (end < folded.size() && folded[end].first == folded[i].first) ++end;
        for (std::size_t k = i + 1; k < end; ++k)
            classes.join(index.at(folded[i].second), index.at(folded[k].second));
        i = end;
    }
    const RussianEntries entries = russian_entries(expander, folded, index);
    join_entries_without_rules(entries, classes);
    join_participles(entries, classes);
    join_irregular_forms(entries, classes);
    join_aspect_pairs(entries, classes);
    // Each class is named by its lemma with the most forms (then the first in spelling).
    std::vector<std::size_t> class_name(lemma_of.size(), SIZE_MAX);
    for (std::size_t l = 0; l < lemma_of.size(); ++l) {
        std::size_t& best = class_name[find(l)];
        if (best == SIZE_MAX || size[lemma_of[l]] > size[lemma_of[best]]) best = l;
    }
    const auto code = [](const std::string& form, const std::string& lemma, unsigned char mark,
                         std::string& key) {
        std::size_t common = 0;
        while (common < form.size() && common < lemma.size() && form[common] == lemma[common])
            ++common;
        const std::size_t cut = form.size() - common;
        if (cut > 0xDF - fmt::cut_base) return false;  // no such word; keep the byte in range
        key = form;
        key.push_back(fmt::lemma_separator);
        key.push_back(static_cast<char>(mark));
        key.push_back(static_cast<char>(fmt::cut_base + cut));
        key.append(lemma, common);
        return true;
    };
    std::size_t class_count = 0, joined = 0;
    for (std::size_t l = 0; l < lemma_of.size(); ++l) {
        class_count += find(l) == l;
        joined += find(l) != l;
    }
    std::cerr << name_of_language(language) << ": " << size.size() << " lemmas in " << class_count
              << " classes (" << joined << " joined to another)\n";
    for (std::size_t i = 0; i < folded.size();) {
        std::size_t end = i;
        while (end < folded.size() && folded[end].first == folded[i].first) ++end;
        std::vector<std::string> roots;
        for (std::size_t k = i; k < end; ++k) roots.push_back(folded[k].second);
        std::sort(roots.begin(), roots.end(), [&](const std::string& a, const std::string& b) {
            return size[a] != size[b] ? size[a] > size[b] : a < b;
        });
        const std::string& form = folded[i].first;
        std::string key;
        if (code(form, lemma_of[class_name[find(index.at(roots.front()))]], fmt::class_marker, key))
            language.lemma_keys.push_back(std::move(key));
        for (std::size_t rank = 0; rank < roots.size() && rank < 0xD0; ++rank) {
            if (code(form, roots[rank], static_cast<unsigned char>(fmt::rank_base + rank), key))
                language.lemma_keys.push_back(std::move(key));
        }
        i = end;
    }
    std::sort(language.lemma_keys.begin(), language.lemma_keys.end());
}

std::vector<std::uint32_t> automaton(const std::vector<std::string>& words, std::uint32_t& root) {
    DawgBuilder builder;
    for (const std::string& word : words) builder.add(word);
    return builder.finish(root);
}

void put_u32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = "/usr/share/hunspell";
    std::string out_path;
    unsigned threads = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--hunspell-dir" && i + 1 < argc) {
            dir = argv[++i];
        } else if (arg == "--out" && i + 1 < argc) {
            out_path = argv[++i];
        } else if (arg == "--threads" && i + 1 < argc) {
            threads = static_cast<unsigned>(std::max(1, std::stoi(argv[++i])));
        } else {
            std::cerr
                << "usage: polsearch-make-lexicon [--hunspell-dir DIR] [--threads N] --out FILE\n";
            return 2;
        }
    }
    if (out_path.empty()) {
        std::cerr << "polsearch-make-lexicon: --out FILE is required\n";
        return 2;
    }
    try {
        const auto started = std::chrono::steady_clock::now();
        Language russian{"ru_RU", {}, {}}, kazakh{"kk_KZ", {}, {}}, english{"en_US", {}, {}};
        build_language(dir, russian, true, threads);
        build_language(dir, kazakh, false, threads);
        build_language(dir, english, false, threads);
        const std::vector<const std::vector<std::string>*> lists = {
            &russian.words, &russian.lemma_keys, &kazakh.words, &english.words};
        std::string file(fmt::magic, fmt::magic_size);
        put_u32(file, fmt::automaton_count);
        std::vector<std::vector<std::uint32_t>> automata;
        std::vector<std::uint32_t> roots;
        for (const auto* list : lists) {
            std::uint32_t root = 0;
            automata.push_back(automaton(*list, root));
            roots.push_back(root);
        }
        std::size_t offset = file.size() + 12 * automata.size();
        for (std::size_t a = 0; a < automata.size(); ++a) {
            put_u32(file, static_cast<std::uint32_t>(offset));
            put_u32(file, static_cast<std::uint32_t>(automata[a].size()));
            put_u32(file, roots[a]);
            offset += 4 * automata[a].size();
        }
        for (const auto& transitions : automata)
            for (const std::uint32_t t : transitions) put_u32(file, t);
        const std::string temporary = out_path + ".tmp";
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            out.write(file.data(), static_cast<std::streamsize>(file.size()));
            if (!out) throw std::runtime_error(temporary + ": cannot write");
        }
        if (std::rename(temporary.c_str(), out_path.c_str()) != 0)
            throw std::runtime_error(out_path + ": cannot write");
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cerr << "polsearch-make-lexicon: " << out_path << ": " << file.size() << " bytes ("
                  << automata[0].size() << ", " << automata[1].size() << ", " << automata[2].size()
                  << ", " << automata[3].size() << " transitions) in " << seconds << " s\n";
    } catch (const std::exception& e) {
        std::cerr << "polsearch-make-lexicon: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
