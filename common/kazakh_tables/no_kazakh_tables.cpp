// The generator's own stand-in for the tables it makes: search keys are computed by rules
// alone (kazakh_script.cpp), never from these tables, so empty ones change nothing it writes.
#include "kazakh/kazakh_tables.h"

namespace polsearch {
const std::span<const KazakhFormCount> kazakh_form_counts;
const std::span<const KazakhKeyForm> kazakh_key_forms;
}  // namespace polsearch
