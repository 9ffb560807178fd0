// The systems polsearch is measured against, queried the way their users would query them:
// stock Xapian (a database written by scriptindex, QueryParser, BM25, MSet::snippet), SQLite
// FTS5 (bm25(), snippet()) and PostgreSQL full-text search (tsvector with GIN, ts_rank,
// ts_headline). bench/run writes their databases; this program times queries on them and runs
// the evaluation queries.
//
//   polsearch-peers latency --system xapian|sqlite|postgres --db DB --queries FILE [--rounds N]
//       [--language english]
//   polsearch-peers run --system ... --db DB --queries FILE.tsv [--limit 100] [--language L]
//       [--table T]   (PostgreSQL: the table, default docs)
//   polsearch-peers stem --language english|russian   (Snowball: one word a line on stdin)
//
// DB: a Xapian database folder, an SQLite file, or a libpq connection string. --language: the
// stemmer (Xapian: english, russian, none; PostgreSQL: the text search configuration english,
// russian, simple; SQLite: the tokenizer is fixed when the table is made).
//
// latency prints one JSON object: the top 10 with snippets for each query of FILE, a warm-up
// round and then N timed rounds; p50, p95, p99, mean and max in ms and queries/s.
// run prints "query-id TAB record-id" lines, best first, for bench/eval.
//
// Query syntax of the benchmark queries (bench/queries/): words, "phrases", field:word (title,
// keyword, author), year:YYYY, -word, +word. Xapian's QueryParser reads it as it is; for SQLite
// and PostgreSQL it is translated into their syntax below. Plain words are ORed and ranked, as in
// polsearch; -word excludes, +word requires.
#include <libpq-fe.h>
#include <sqlite3.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "latency_figures.h"

namespace {

struct Part {
    std::vector<std::string> words;  // one word, or the words of a phrase
    std::string field;               // "", "title", "keyword", "author"
    char modifier = 0;               // '+', '-' or 0
};

struct ParsedQuery {
    std::vector<Part> parts;
    std::optional<int> year;
};

// Words: runs of ASCII letters and digits and of any non-ASCII bytes (Cyrillic letters); other
// ASCII characters separate them. Non-ASCII punctuation («», “”) is dropped.
std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    const auto flush = [&] {
        // Strip common non-ASCII punctuation: « » “ ” „ — –
        for (const char* mark : {"«", "»", "“", "”", "„", "—", "–", "…"}) {
            for (std::size_t at; (at = word.find(mark)) != std::string::npos;)
                word.erase(at, std::string(mark).size());
        }
        if (!word.empty()) words.push_back(word);
        word.clear();
    };
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            word += c;
        else
            flush();
    }
    flush();
    return words;
}

ParsedQuery parse(const std::string& query) {
    ParsedQuery parsed;
    std::size_t at = 0;
    while (at < query.size()) {
        if (query[at] == ' ') {
            ++at;
            continue;
        }
        Part part;
        if ((query[at] == '+' || query[at] == '-') && at + 1 < query.size() &&
            query[at + 1] != ' ') {
            part.modifier = query[at++];
        }
        const std::size_t colon = query.find(':', at);
        const std::size_t space = query.find(' ', at);
        const std::size_t quote = query.find('"', at);
        if (colon != std::string::npos && colon < space && colon < quote) {
            part.field = query.substr(at, colon - at);
            at = colon + 1;
        }
        std::string text;
        if (at < query.size() && query[at] == '"') {
            const std::size_t close = query.find('"', at + 1);
            const std::size_t end = close == std::string::npos ? query.size() : close;
            text = query.substr(at + 1, end - at - 1);
            at = end + 1;
        } else {
            const std::size_t end = space == std::string::npos ? query.size() : space;
            text = query.substr(at, end - at);
            at = end;
        }
        if (part.field == "year") {
            parsed.year = std::atoi(text.c_str());
            continue;
        }
        if (part.field != "title" && part.field != "keyword" && part.field != "author")
            part.field.clear();
        part.words = split_words(text);
        if (!part.words.empty()) parsed.parts.push_back(std::move(part));
    }
    return parsed;
}

struct Hit {
    std::string id;
    std::string snippet;
};

using Engine = std::function<std::vector<Hit>(const std::string& query, int limit, bool snippets)>;

// --- stock Xapian ------------------------------------------------------------------------------

std::string data_field(const std::string& data, const std::string& name) {
    // scriptindex stores field=NAME as "NAME=value" lines.
    std::istringstream lines(data);
    std::string out;
    for (std::string line; std::getline(lines, line);) {
        if (line.compare(0, name.size() + 1, name + "=") == 0) {
            if (!out.empty()) out += ' ';
            out += line.substr(name.size() + 1);
        }
    }
    return out;
}

Engine xapian_engine(const std::string& path, const std::string& language) {
    auto db = std::make_shared<Xapian::Database>(path);
    auto parser = std::make_shared<Xapian::QueryParser>();
    auto stemmer = std::make_shared<Xapian::Stem>(language == "none" ? "none" : language);
    parser->set_database(*db);
    parser->set_stemmer(*stemmer);
    parser->set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser->add_prefix("title", "S");
    parser->add_prefix("keyword", "K");
    parser->add_prefix("author", "A");
    parser->add_boolean_prefix("year", "Y");
    return [db, parser, stemmer](const std::string& query, int limit, bool snippets) {
        Xapian::Enquire enquire(*db);
        Xapian::Query parsed;
        try {
            parsed = parser->parse_query(query, Xapian::QueryParser::FLAG_DEFAULT);
        } catch (const Xapian::QueryParserError&) {
            // What Omega does with a query it cannot parse: take its words as plain text.
            parsed = parser->parse_query(query, 0);
        }
        enquire.set_query(parsed);
        const Xapian::MSet mset = enquire.get_mset(0, Xapian::doccount(limit));
        std::vector<Hit> hits;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document document = it.get_document();
            const std::string data = document.get_data();
            Hit hit{data_field(data, "id"), {}};
            if (snippets) hit.snippet = mset.snippet(data_field(data, "abstract"), 300, *stemmer);
            hits.push_back(std::move(hit));
        }
        return hits;
    };
}

// --- SQLite FTS5 -------------------------------------------------------------------------------

std::string fts5_string(const std::vector<std::string>& words) {
    std::string out = "\"";
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += ' ';
        for (char c : words[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

// The MATCH expression: (any of the plain parts) AND each required part NOT each excluded part.
std::string fts5_query(const ParsedQuery& query) {
    std::string any, required, excluded;
    for (const Part& part : query.parts) {
        std::string term = fts5_string(part.words);
        if (part.field == "title") term = "title : " + term;
        if (part.field == "keyword") term = "keywords : " + term;
        if (part.field == "author") term = "authors : " + term;
        if (part.modifier == '-') {
            excluded += " NOT " + term;
        } else if (part.modifier == '+') {
            required += " AND " + term;
        } else {
            any += (any.empty() ? "" : " OR ") + term;
        }
    }
    if (any.empty() && required.empty()) return "";
    std::string out = any.empty() ? required.substr(5) : "(" + any + ")" + required;
    return out + excluded;
}

Engine sqlite_engine(const std::string& path) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + path);
    std::shared_ptr<sqlite3> db(raw, sqlite3_close);
    return [db](const std::string& query, int limit, bool snippets) {
        const ParsedQuery parsed = parse(query);
        const std::string match = fts5_query(parsed);
        std::vector<Hit> hits;
        if (match.empty()) return hits;
        std::string sql = "SELECT id";
        sql += snippets ? ", snippet(docs, 2, '<b>', '</b>', '…', 36)" : ", ''";
        sql += " FROM docs WHERE docs MATCH ?1";
        if (parsed.year) sql += " AND year = ?3";
        sql += " ORDER BY bm25(docs) LIMIT ?2";
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
            throw std::runtime_error(sqlite3_errmsg(db.get()));
        sqlite3_bind_text(statement, 1, match.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(statement, 2, limit);
        // The year column holds text (sqlite3 .import), and FTS5 columns have no affinity.
        const std::string year = parsed.year ? std::to_string(*parsed.year) : "";
        if (parsed.year) sqlite3_bind_text(statement, 3, year.c_str(), -1, SQLITE_TRANSIENT);
        int status;
        while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
            hits.push_back({reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                            reinterpret_cast<const char*>(sqlite3_column_text(statement, 1))});
        }
        const std::string error = status == SQLITE_DONE ? "" : sqlite3_errmsg(db.get());
        sqlite3_finalize(statement);
        if (!error.empty()) throw std::runtime_error(error + " in " + match);
        return hits;
    };
}

// --- PostgreSQL --------------------------------------------------------------------------------

Engine postgres_engine(const std::string& conninfo, const std::string& config,
                       const std::string& table) {
    std::shared_ptr<PGconn> connection(PQconnectdb(conninfo.c_str()), PQfinish);
    if (PQstatus(connection.get()) != CONNECTION_OK)
        throw std::runtime_error(PQerrorMessage(connection.get()));
    PQsetNoticeProcessor(
        connection.get(), [](void*, const char*) {}, nullptr);
    return [connection, config, table](const std::string& query, int limit, bool snippets) {
        const ParsedQuery parsed = parse(query);
        // The tsquery as an expression of plainto_tsquery/phraseto_tsquery of parameters, so no
        // word needs escaping; a field word is restricted to its weight (title A, keywords B,
        // authors C, abstract D).
        std::vector<std::string> values;
        const auto param = [&](const std::string& value) {
            values.push_back(value);
            return std::string(1, '$').append(std::to_string(values.size()));
        };
        const std::string cfg = std::string(1, '\'').append(config).append("'::regconfig");
        std::string any, required, excluded;
        for (const Part& part : parsed.parts) {
            std::string text;
            for (const auto& word : part.words) text += (text.empty() ? "" : " ") + word;
            std::string term;
            if (!part.field.empty() && part.words.size() == 1) {
                const char* weight = part.field == "title"     ? "A"
                                     : part.field == "keyword" ? "B"
                                                               : "C";
                // to_tsquery needs a bare lexeme: the word stemmed by the configuration first.
                term = "to_tsquery(" + cfg + ", coalesce(nullif(plainto_tsquery(" + cfg + ", " +
                       param(text) + ")::text, ''), '''''') || ':" + weight + "')";
            } else if (part.words.size() > 1) {
                term = "phraseto_tsquery(" + cfg + ", " + param(text) + ")";
            } else {
                term = "plainto_tsquery(" + cfg + ", " + param(text) + ")";
            }
            if (part.modifier == '-')
                excluded += " && !!" + term;
            else if (part.modifier == '+')
                required += " && " + term;
            else
                any += (any.empty() ? "" : " || ") + term;
        }
        std::vector<Hit> hits;
        if (any.empty() && required.empty()) return hits;
        const std::string tsquery =
            (any.empty() ? required.substr(4) : "(" + any + ")" + required) + excluded;
        std::string sql =
            "SELECT id, " +
            (snippets ? "ts_headline(" + cfg + ", abstract, q, 'MaxWords=36, MinWords=15')"
                      : std::string("''")) +
            " FROM (SELECT id, abstract, q FROM " + table + ", (SELECT " + tsquery +
            " AS q) AS query WHERE tsv @@ q";
        if (parsed.year) sql += " AND year = " + std::to_string(*parsed.year);
        sql += " ORDER BY ts_rank(tsv, q) DESC LIMIT " + std::to_string(limit) + ") AS top";
        std::vector<const char*> pointers;
        for (const auto& value : values) pointers.push_back(value.c_str());
        std::unique_ptr<PGresult, decltype(&PQclear)> result(
            PQexecParams(connection.get(), sql.c_str(), int(pointers.size()), nullptr,
                         pointers.data(), nullptr, nullptr, 0),
            PQclear);
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
            throw std::runtime_error(PQresultErrorMessage(result.get()));
        for (int row = 0; row < PQntuples(result.get()); ++row)
            hits.push_back({PQgetvalue(result.get(), row, 0), PQgetvalue(result.get(), row, 1)});
        return hits;
    };
}

// --- the two modes -----------------------------------------------------------------------------

int latency(const Engine& engine, const std::vector<std::pair<std::string, std::string>>& queries,
            int rounds) {
    std::vector<double> times;
    std::size_t failed = 0, hits = 0;
    for (int round = 0; round <= rounds; ++round) {  // round 0 warms the caches
        for (const auto& [id, query] : queries) {
            const auto start = std::chrono::steady_clock::now();
            try {
                const auto found = engine(query, 10, true);
                if (round == 1) hits += found.size();
            } catch (const std::exception& error) {
                if (round == 0) {
                    ++failed;
                    std::cerr << "query '" << query << "' failed: " << error.what() << "\n";
                }
                continue;
            }
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            if (round > 0) times.push_back(ms);
        }
    }
    if (times.empty()) {
        std::cerr << "every query failed\n";
        return 1;
    }
    const polsearch::bench::LatencyFigures figures(times);
    std::printf(
        "{\"queries\": %zu, \"rounds\": %d, \"failed\": %zu, \"hits_per_query\": %.2f, %s}\n",
        queries.size(), rounds, failed, double(hits) / double(queries.size()),
        figures.json_fields().c_str());
    return 0;
}

int run(const Engine& engine, const std::vector<std::pair<std::string, std::string>>& queries,
        int limit) {
    for (const auto& [id, query] : queries) {
        try {
            for (const Hit& hit : engine(query, limit, false))
                std::printf("%s\t%s\n", id.c_str(), hit.id.c_str());
        } catch (const std::exception& error) {
            std::cerr << "query " << id << " failed: " << error.what() << "\n";
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const char* usage =
        "usage: polsearch-peers latency|run --system xapian|sqlite|postgres --db DB --queries FILE "
        "[--rounds N] [--limit N] [--language L]\n";
    if (argc < 2) {
        std::cerr << usage;
        return 2;
    }
    const std::string mode = argv[1];
    if (mode == "stem" && argc == 4 && argv[2] == std::string("--language")) {
        // Snowball through Xapian, as stock Xapian stems (lower case first, as it indexes).
        const Xapian::Stem stemmer(argv[3]);
        for (std::string word; std::getline(std::cin, word);)
            std::cout << stemmer(Xapian::Unicode::tolower(word)) << "\n";
        return 0;
    }
    std::string system, database, queries_file, language = "english", table = "docs";
    int rounds = 3, limit = 100;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) {
            std::cerr << usage;
            return 2;
        }
        const std::string value = argv[++i];
        if (arg == "--system")
            system = value;
        else if (arg == "--db")
            database = value;
        else if (arg == "--queries")
            queries_file = value;
        else if (arg == "--rounds")
            rounds = std::stoi(value);
        else if (arg == "--limit")
            limit = std::stoi(value);
        else if (arg == "--language")
            language = value;
        else if (arg == "--table")
            table = value;
        else {
            std::cerr << usage;
            return 2;
        }
    }
    // Lines are "query" (latency files) or "id TAB query" (evaluation files).
    std::vector<std::pair<std::string, std::string>> queries;
    std::ifstream in(queries_file);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos)
            queries.emplace_back(std::to_string(queries.size() + 1), line);
        else
            queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    if (queries.empty()) {
        std::cerr << "no queries in '" << queries_file << "'\n";
        return 2;
    }
    try {
        Engine engine;
        if (system == "xapian")
            engine = xapian_engine(database, language);
        else if (system == "sqlite")
            engine = sqlite_engine(database);
        else if (system == "postgres")
            engine = postgres_engine(database, language, table);
        else {
            std::cerr << usage;
            return 2;
        }
        if (mode == "latency") return latency(engine, queries, rounds);
        if (mode == "run") return run(engine, queries, limit);
        std::cerr << usage;
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "polsearch-peers: " << error.what() << "\n";
        return 1;
    } catch (const Xapian::Error& error) {
        std::cerr << "polsearch-peers: " << error.get_description() << "\n";
        return 1;
    }
}
