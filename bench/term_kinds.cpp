// How many terms of each kind a database holds (schema.h): for each kind, its distinct terms,
// its postings (records × terms), postings per record and share of all postings. The cost of
// indexing grows with the postings; docs/benchmarks.md ("What each kind of term costs and
// gives") sets these beside what leaving each kind out saves and loses.
//
//   build/release/bench/polsearch-term-kinds DB [--json]
#include <xapian.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include "index/schema.h"

using namespace polsearch;

namespace {

// The kind of a term, by its prefix (the longest that fits first).
std::string kind_of(std::string_view term) {
    static const std::pair<std::string_view, const char*> boolean[] = {
        {schema::length_term, "length (XLENGTH)"},
        {schema::doi_prefix, "DOI (XDOI)"},
        {schema::oai_prefix, "OAI identifier (XOAI)"},
        {schema::whole_author_prefix, "whole author (XAU)"},
        {schema::section_prefix, "section (XSE)"},
        {schema::whole_keyword_prefix, "whole keyword (XK)"},
        {schema::journal_prefix, "journal (XJ)"},
        {schema::sample_prefix, "sample bucket (XB)"},
        {schema::latin_skeleton_prefix, "text name skeleton (XPL, XPC)"},
        {schema::cyrillic_skeleton_prefix, "text name skeleton (XPL, XPC)"},
        {schema::name_key_prefix, "author name key (XN)"},
        {schema::latin_name_prefix, "text name key (XL, XC)"},
        {schema::cyrillic_name_prefix, "text name key (XL, XC)"},
        {schema::id_prefix, "id (Q)"},
        {schema::language_prefix, "language (L)"},
        {schema::year_prefix, "year (Y)"},
    };
    for (const auto& [prefix, name] : boolean) {
        if (term.starts_with(prefix)) return name;
    }
    // The field of a word or stem by its first letter (schema::text_field: the abstract,
    // which has no prefix, for any other).
    const auto fielded = [](std::string_view rest, const char* what) {
        const schema::TextField& field = schema::text_field(rest.substr(0, 1));
        rest.remove_prefix(field.prefix.size());
        const std::string name(field.name);
        if (!rest.empty() && rest[0] == '#') return "search key, " + name;
        return std::string(what) + ", " + name;
    };
    if (term.starts_with("Z")) return fielded(term.substr(1), "stem");
    if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z' &&
        schema::text_field(term.substr(0, 1)).prefix.empty())
        return "other";
    return fielded(term, "word");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage: polsearch-term-kinds DB [--json]\n";
        return 2;
    }
    const bool json = argc > 2 && std::string(argv[2]) == "--json";
    try {
        const Xapian::Database database(argv[1]);
        struct Count {
            unsigned long long terms = 0, postings = 0;
        };
        std::map<std::string, Count> kinds;
        unsigned long long all = 0;
        for (auto term = database.allterms_begin(); term != database.allterms_end(); ++term) {
            Count& count = kinds[kind_of(*term)];
            ++count.terms;
            count.postings += term.get_termfreq();
            all += term.get_termfreq();
        }
        const double records = std::max<double>(1, database.get_doccount());
        if (json) std::printf("{\"records\": %.0f, \"postings\": %llu, \"kinds\": [", records, all);
        const char* separator = "";
        for (const auto& [kind, count] : kinds) {
            const double per_record = static_cast<double>(count.postings) / records;
            const double share = 100.0 * static_cast<double>(count.postings) /
                                 static_cast<double>(std::max(all, 1ULL));
            if (json) {
                std::printf(
                    "%s{\"kind\": \"%s\", \"terms\": %llu, \"postings\": %llu, "
                    "\"per_record\": %.2f, \"share\": %.2f}",
                    separator, kind.c_str(), count.terms, count.postings, per_record, share);
                separator = ", ";
            } else {
                std::printf("%-26s %9llu terms %12llu postings %7.1f a record %5.1f %%\n",
                            kind.c_str(), count.terms, count.postings, per_record, share);
            }
        }
        if (json) {
            std::printf("]}\n");
        } else {
            std::printf("%.0f records, %llu postings, %.1f a record\n", records, all,
                        static_cast<double>(all) / records);
        }
    } catch (const Xapian::Error& error) {
        std::cerr << "polsearch-term-kinds: cannot read '" << argv[1]
                  << "': " << error.get_description() << "\n";
        return 1;
    }
    return 0;
}
