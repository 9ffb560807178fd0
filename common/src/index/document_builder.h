// Turns a record into a Xapian document following schema.h.
#pragma once

#include <xapian.h>

#include <array>

#include "analysis/analyzer.h"
#include "polsearch/record.h"

namespace polsearch {

/// Fills in the language of every text version still unknown (by detection; the record's
/// language wins when set), and the record's language when unset (that of its first title or
/// abstract). Called before a record is indexed.
void resolve_languages(Record& record);

class DocumentBuilder {
  public:
    /// `record` must have its languages resolved (resolve_languages).
    Xapian::Document build(const Record& record);

  private:
    /// Indexes `text` under the field `prefix`; returns its analysis for callers that add more.
    Analysis index_text(Xapian::Document& document, std::string_view text, Language language,
                        std::string_view prefix);

    Analyzer analyzer_;
    Xapian::termpos position_ = 0;
    /// The words indexed so far in each language (index: Language), each counted with its
    /// field's weight; authors, and text whose language is unknown, under unknown. build()
    /// sets the record's length from them (schema::length_term).
    std::array<Xapian::termcount, 4> words_{};
};

}  // namespace polsearch
