// Exports of records for reference managers: RIS (Zotero, EndNote, Mendeley; the other
// languages' titles as TT), BibTeX (LaTeX; special characters escaped but doi and url verbatim,
// Cyrillic kept as UTF-8, as biber and Zotero read it; keys author-year-title in ASCII) and
// CSL-JSON (citeproc, Zotero; names as family and given where their form tells). Titles and
// abstracts are given in the record's language. An author a record holds in two scripts
// ("Gubaidullina, M." and "Губайдуллина М.", the same name key) is one person, written in the
// record's language's script (RIS keeps the other spelling in an N1 note).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "polsearch/error.h"
#include "polsearch/record.h"

namespace polsearch {

enum class ExportFormat { ris, bibtex, csl_json };

/// "ris", "bibtex", "csl-json"; throws UsageError otherwise.
ExportFormat parse_export_format(const std::string& name);

void write_ris(std::ostream& out, const std::vector<Record>& records);
void write_bibtex(std::ostream& out, const std::vector<Record>& records);
void write_csl_json(std::ostream& out, const std::vector<Record>& records);
void write_export(std::ostream& out, const std::vector<Record>& records, ExportFormat format);

}  // namespace polsearch
