// A multilingual thesaurus of political-science concepts: English, Russian and Kazakh labels
// (soft power / мягкая сила / жұмсақ күш). A query that names a concept in one language also
// finds records that name it in the others, ranked below records in the query's own language.
// It works while the query is built, not through Xapian's synonym table, which the remote
// backend of Xapian 1.4 does not have. Format: docs/thesaurus.md.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "polsearch/language.h"

namespace polsearch {

struct ThesaurusLabel {
    Language language = Language::unknown;
    std::string text;
    std::vector<std::string> terms;  ///< the label's match terms, stemmed in its language
    /// Kazakh labels: the search keys of their words (kazakh_script.h), by which a query typed
    /// in any Latin alphabet names the concept too; empty for other languages.
    std::vector<std::string> key_terms;
};

struct Concept {
    std::string id;
    std::vector<ThesaurusLabel> labels;
};

/// A concept named in a query: words first..last (indexes into the query's analysis) matched
/// `label` of concept `entry`.
struct ConceptMatch {
    std::size_t first = 0;
    std::size_t last = 0;
    const Concept* entry = nullptr;
    const ThesaurusLabel* label = nullptr;
};

class Thesaurus {
  public:
    /// The thesaurus that ships with polsearch (common/data/thesaurus.txt), analysed at build
    /// time (polsearch-make-thesaurus writes compiled()) so that loading it analyses nothing:
    /// a command-line search pays for reading its lines, not for analysing its labels.
    static const Thesaurus& built_in();

    /// The labels with their analysis, one a line: id, language, text, match terms and search
    /// keys (space-separated), separated by TAB. What add_compiled() reads.
    std::string compiled() const;

    /// Adds concepts written by compiled(), without analysing them again. Throws InputError
    /// for a line that is not of that form.
    void add_compiled(std::string_view compiled, const std::string& source);

    /// Adds the concepts of a thesaurus text; `source` names it in errors. A concept id seen
    /// before gets the new labels added. Throws InputError naming source and line.
    void add_text(std::string_view text, const std::string& source);

    /// Adds a user's thesaurus file. Throws InputError.
    void add_file(const std::string& path);

    /// The concepts named in an analysed query, longest labels first, not overlapping.
    /// `alternatives` gives for each word the match terms it may have (as the query builder
    /// tries them).
    std::vector<ConceptMatch> find(const std::vector<std::vector<std::string>>& alternatives) const;

    std::size_t size() const { return concepts_.size(); }
    const std::vector<Concept>& concepts() const { return concepts_; }

  private:
    void index_concept(std::size_t index);
    void index_all();

    std::vector<Concept> concepts_;
    std::map<std::string, std::size_t> by_id_;
    /// "term term ..." → (concept, label) pairs.
    std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> by_terms_;
    std::size_t longest_label_ = 0;
    Analyzer analyzer_;
};

}  // namespace polsearch
