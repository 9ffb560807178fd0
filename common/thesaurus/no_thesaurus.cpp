// The generator's own stand-in for the compiled thesaurus it makes: it never asks for the
// built-in one.
namespace polsearch {
extern const char* const thesaurus_compiled;
const char* const thesaurus_compiled = "";
}  // namespace polsearch
