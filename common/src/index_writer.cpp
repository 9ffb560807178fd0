#include "polsearch/index_writer.h"

#include <unordered_set>

#include "polsearch/error.h"
#include "polsearch/schema.h"

namespace polsearch {

IndexWriter::IndexWriter(const std::string& path) : path_(path) {
    try {
        database_ = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError& error) {
        throw DatabaseError("database '" + path +
                            "' is locked: another polsearch-index is writing to it (" +
                            error.get_msg() + ")");
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot open database '" + path + "' for writing: " +
                            error.get_description());
    }
}

void IndexWriter::add(Record record) {
    resolve_languages(record);
    const std::string id_term = schema::id_term(record.id);
    try {
        const bool exists = database_.term_exists(id_term);
        const Xapian::Document document = builder_.build(record);
        database_.replace_document(id_term, document);
        // Each word once per record: the spelling table then counts records, as a suggestion
        // should (the commonest spelling wins).
        std::unordered_set<std::string> words;
        for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
            const std::string text = *term;
            const std::string_view word = schema::spelling_word(text);
            if (!word.empty()) words.emplace(word);
        }
        for (const std::string& word : words) database_.add_spelling(word);
        ++(exists ? stats_.replaced : stats_.added);
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot write record '" + record.id + "' to database '" + path_ +
                            "': " + error.get_description());
    }
}

void IndexWriter::commit() {
    try {
        database_.commit();
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot commit database '" + path_ + "': " + error.get_description());
    }
}

}  // namespace polsearch
