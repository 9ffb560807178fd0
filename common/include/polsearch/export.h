// Exports of records for reference managers: RIS (Zotero, EndNote, Mendeley), BibTeX (LaTeX;
// special characters escaped, Cyrillic kept as UTF-8, as biber and Zotero read it) and
// CSL-JSON (citeproc, Zotero). Titles and abstracts are given in the record's language.
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
