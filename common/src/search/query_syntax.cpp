#include "search/query_syntax.h"

#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "index/schema.h"
#include "polsearch/error.h"
#include "polsearch/language.h"
#include "polsearch/record.h"
#include "text/date.h"
#include "text/normalizer.h"

namespace polsearch {
namespace {

// Filters narrow the hits; text fields restrict a word to one field.
constexpr std::string_view filter_names[] = {"year", "date", "lang", "doi"};
constexpr std::string_view text_field_names[] = {"abstract", "title", "keyword", "author"};

bool is_filter(std::string_view name) {
    return std::find(std::begin(filter_names), std::end(filter_names), name) !=
           std::end(filter_names);
}

bool is_text_field(std::string_view name) {
    return std::find(std::begin(text_field_names), std::end(text_field_names), name) !=
           std::end(text_field_names);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The one scanner of quotes: the next double quote (any style) at or after `at`, and the byte
// after it; npos when none.
std::pair<std::size_t, std::size_t> next_quote(std::string_view text, std::size_t at) {
    const auto n = static_cast<int32_t>(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    for (auto i = static_cast<int32_t>(at); i < n;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c >= 0 && is_double_quote(static_cast<char32_t>(c)))
            return {static_cast<std::size_t>(start), static_cast<std::size_t>(i)};
    }
    return {std::string_view::npos, std::string_view::npos};
}

// ---------------------------------------------------------------------------------------------
// Filter values.

FilterValue year_range(std::string_view name, const std::string& text, std::size_t offset,
                       std::string_view example, bool dates) {
    const auto dots = text.find("..");
    const std::string from = text.substr(0, dots);
    const std::string to = text.substr(dots + 2);
    const auto bound = [&](const std::string& value, bool start) -> std::optional<std::string> {
        if (dates) return schema::date_bound(value, start);
        if (!is_year(value)) return std::nullopt;
        return Xapian::sortable_serialise(std::stoi(value));
    };
    const auto low = from.empty() ? std::nullopt : bound(from, true);
    const auto high = to.empty() ? std::nullopt : bound(to, false);
    if ((!from.empty() && !low) || (!to.empty() && !high) || (from.empty() && to.empty()) ||
        (low && high && *low > *high)) {
        throw QueryError(std::string(name) + ": needs a range such as " + std::string(example) +
                             ", not '" + text + "'",
                         offset);
    }
    FilterValue value;
    value.kind = dates ? FilterValue::Kind::date_range : FilterValue::Kind::year_range;
    value.low = low.value_or("");
    value.high = high.value_or("");
    return value;
}

// The value of filter `name` (year, date, lang, doi), checked; `offset`: where it starts.
FilterValue filter_value(std::string_view name, std::string_view written, std::size_t offset) {
    const std::string text(written);
    FilterValue value;
    if (name == "year") {
        if (text.find("..") != std::string::npos)
            return year_range(name, text, offset, "2015..2020", false);
        if (!is_year(text))
            throw QueryError("year: needs a four-digit year, not '" + text + "'", offset);
        value.kind = FilterValue::Kind::year;
        value.value = text;
        return value;
    }
    if (name == "date") {
        if (text.find("..") != std::string::npos)
            return year_range(name, text, offset, "2019-09..2020-03-15", true);
        // One year, month or day: the range from its start to its end.
        const auto low = schema::date_bound(text, true);
        if (!low) {
            throw QueryError(
                "date: needs a date written 2020, 2020-03 or 2020-03-15, not '" + text + "'",
                offset);
        }
        value.kind = FilterValue::Kind::date_range;
        value.low = *low;
        value.high = *schema::date_bound(text, false);
        return value;
    }
    if (name == "lang") {
        const auto language = parse_language(text);
        if (!language) throw QueryError("lang: needs en, ru or kk, not '" + text + "'", offset);
        value.kind = FilterValue::Kind::language;
        value.value = std::string(language_code(*language));
        return value;
    }
    value.kind = FilterValue::Kind::doi;
    value.value = normalize_doi(text);
    if (value.value.empty())
        throw QueryError("doi: needs a DOI (10.…/…), not '" + text + "'", offset);
    return value;
}

// ---------------------------------------------------------------------------------------------
// A run: the clauses of the text between parentheses and operators.

class RunParser {
  public:
    RunParser(std::string_view query, std::size_t begin, std::size_t end, std::size_t& wildcards)
        : query_(query), begin_(begin), end_(end), wildcards_(wildcards) {}

    QueryNode parse() {
        QueryNode run;
        run.kind = QueryNode::Kind::run;
        run.begin = begin_;
        run.end = end_;
        check_text();
        std::size_t at = begin_;
        while (true) {
            const auto [open, after_open] = next_quote(query_.substr(0, end_), at);
            if (open == std::string_view::npos) {
                outside(at, end_, true);
                break;
            }
            outside(at, open, false);
            const auto [close, after_close] = next_quote(query_.substr(0, end_), after_open);
            if (close == std::string_view::npos)
                throw QueryError("the quote that opens a phrase is never closed", open);
            phrase(open, after_open, close, after_close);
            at = after_close;
        }
        if (pending_field_) {
            throw QueryError(
                pending_field_->name + ": needs a word or a quoted phrase right after it",
                pending_at_);
        }
        if (pending_near_) throw QueryError("NEAR needs a single word on each side", near_at_);
        run.clauses = std::move(clauses_);
        return run;
    }

  private:
    struct Field {
        std::string name;
        bool filter;
    };

    void check_text() const {
        const auto n = static_cast<int32_t>(end_);
        const auto* bytes = reinterpret_cast<const uint8_t*>(query_.data());
        for (auto i = static_cast<int32_t>(begin_); i < n;) {
            const auto at = static_cast<std::size_t>(i);
            UChar32 c;
            U8_NEXT(bytes, i, n, c);
            if (c < 0) throw QueryError("the query is not valid UTF-8", at);
            if (c == 0) throw QueryError("the query contains a NUL character", at);
        }
    }

    void phrase(std::size_t open, std::size_t after_open, std::size_t close,
                std::size_t after_close) {
        if (pending_near_) throw QueryError("NEAR needs a single word on each side", near_at_);
        near_left_.reset();
        Clause clause;
        clause.text = query_.substr(after_open, close - after_open);
        clause.text_begin = after_open;
        clause.begin = pending_field_ ? pending_at_ : pending_modifier_ ? modifier_at_ : open;
        if (pending_field_ && pending_field_->filter) {
            clause.kind = Clause::Kind::filter;
            clause.field = pending_field_->name;
            clause.filter = filter_value(clause.field, clause.text, after_open);
        } else {
            clause.kind = Clause::Kind::phrase;
            if (pending_field_) clause.field = pending_field_->name;
            clause.modifier = pending_modifier_;
            clause.open_quote = query_.substr(open, after_open - open);
            clause.close_quote = query_.substr(close, after_close - close);
        }
        clauses_.push_back(std::move(clause));
        pending_field_.reset();
        pending_modifier_ = 0;
    }

    // The text outside quotes from `from` to `to`: chunks between spaces. `last`: no phrase
    // follows it.
    void outside(std::size_t from, std::size_t to, bool last) {
        for (std::size_t at = from; at < to;) {
            while (at < to && is_space(query_[at])) ++at;
            std::size_t end = at;
            while (end < to && !is_space(query_[end])) ++end;
            if (end == at) break;
            chunk(at, end, end == to && !last);
            at = end;
        }
    }

    void chunk(std::size_t at, std::size_t end, bool before_phrase) {
        if (pending_field_) {
            throw QueryError(
                pending_field_->name + ": needs a word or a quoted phrase right after it",
                pending_at_);
        }
        std::string_view chunk = query_.substr(at, end - at);
        if (chunk == "NEAR" || chunk.rfind("NEAR/", 0) == 0) return near(chunk, at);
        // +word must match, -word must not; a lone + or - applies to the phrase after it.
        char modifier = 0;
        if (chunk.front() == '+' || chunk.front() == '-') {
            modifier = chunk.front();
            chunk.remove_prefix(1);
            if (chunk.empty()) {
                // Right before a phrase it applies to the phrase; elsewhere ("Russia -
                // Kazakhstan") it is punctuation.
                if (before_phrase) {
                    pending_modifier_ = modifier;
                    modifier_at_ = at;
                }
                return;
            }
        }
        std::optional<Field> field = field_of(chunk, at);
        if (field && chunk.empty()) {
            pending_field_ = std::move(field);
            pending_at_ = at;
            return;
        }
        const std::size_t value_at = end - chunk.size();
        const bool candidate = !field && !modifier && chunk.back() != '*';
        if (pending_near_) {
            // NEAR's right side: a plain word (the builder checks that it is one word).
            if (!candidate) throw QueryError("NEAR needs a single word on each side", near_at_);
            Clause& left = clauses_[*near_left_];
            left.kind = Clause::Kind::near;
            left.right = chunk;
            left.right_begin = value_at;
            left.window = near_window_;
            left.near_at = near_at_;
            pending_near_ = false;
            near_left_.reset();
            return;
        }
        near_left_.reset();
        if (candidate) near_left_ = clauses_.size();
        Clause clause;
        clause.begin = at;
        clause.modifier = modifier;
        clause.text = chunk;
        clause.text_begin = value_at;
        if (field && field->filter) {
            clause.kind = Clause::Kind::filter;
            clause.field = field->name;
            clause.filter = filter_value(clause.field, chunk, value_at);
        } else if (chunk.size() > 1 && chunk.back() == '*') {
            if (++wildcards_ > max_query_wildcards) {
                throw QueryError("a query may have at most " + std::to_string(max_query_wildcards) +
                                     " wildcards (word*)",
                                 value_at);
            }
            clause.kind = Clause::Kind::wildcard;
            clause.text = chunk.substr(0, chunk.size() - 1);
            if (field) clause.field = field->name;
        } else {
            clause.kind = Clause::Kind::words;
            if (field) clause.field = field->name;
        }
        clauses_.push_back(std::move(clause));
    }

    // NEAR or NEAR/N between two words: both within N words (10) in one field.
    void near(std::string_view chunk, std::size_t at) {
        unsigned window = 10;
        if (chunk.size() > 5) {
            const std::string digits(chunk.substr(5));
            if (digits.size() > 3 || !all_digits(digits) || std::stoi(digits) < 1)
                throw QueryError("NEAR/ needs a number of words from 1 to 999", at);
            window = static_cast<unsigned>(std::stoi(digits)) + 1;
        }
        if (!near_left_ || pending_near_)
            throw QueryError("NEAR needs a single word on each side", at);
        pending_near_ = true;
        near_window_ = window;
        near_at_ = at;
    }

    // The field a chunk starts with ("title:", "year:"), removed from it; a pasted DOI is the
    // doi filter, whole; nullopt for none.
    std::optional<Field> field_of(std::string_view& chunk, std::size_t at) const {
        // A pasted DOI ("https://doi.org/10.…", "10.…/…") finds its record; any other link
        // is words, not a field named "https".
        std::string scheme(chunk.substr(0, 8));
        for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool link = scheme.rfind("http://", 0) == 0 || scheme == "https://";
        if ((link || chunk.rfind("10.", 0) == 0) && !normalize_doi(chunk).empty())
            return Field{"doi", true};
        const auto colon = chunk.find(':');
        if (link || colon == std::string_view::npos || colon == 0 ||
            !std::all_of(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(colon),
                         [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }))
            return std::nullopt;
        std::string name(chunk.substr(0, colon));
        for (char& c : name) c = static_cast<char>(c | 0x20);
        if (!is_filter(name) && !is_text_field(name)) {
            // "distinguished: search, ..." -- a colon that ends a word is punctuation.
            if (colon + 1 == chunk.size()) return std::nullopt;
            throw QueryError("unknown field '" + name +
                                 ":' (fields: title, abstract, keyword, author, year, date, "
                                 "lang, doi)",
                             at);
        }
        chunk.remove_prefix(colon + 1);
        return Field{name, is_filter(name)};
    }

    std::string_view query_;
    std::size_t begin_, end_;
    std::size_t& wildcards_;
    std::vector<Clause> clauses_;
    std::optional<Field> pending_field_;  // a "field:" with nothing after it, for the phrase
    std::size_t pending_at_ = 0;
    char pending_modifier_ = 0;  // a lone + or - right before a phrase
    std::size_t modifier_at_ = 0;
    std::optional<std::size_t> near_left_;  // the clause NEAR would join, when it may
    bool pending_near_ = false;
    unsigned near_window_ = 10;
    std::size_t near_at_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The structure: runs, parentheses and operators.

struct Piece {
    enum Kind { plain, open, close, op_and, op_or, op_not } kind;
    std::size_t begin, end;
};

// Plain text, parentheses and the operators AND, OR and NOT (upper case, standing alone),
// outside quotes.
std::vector<Piece> structure_tokens(std::string_view query) {
    std::vector<Piece> tokens;
    std::size_t plain_begin = 0;
    const auto flush = [&](std::size_t end) {
        if (query.substr(plain_begin, end - plain_begin).find_first_not_of(" \t\r\n") !=
            std::string_view::npos) {
            tokens.push_back({Piece::plain, plain_begin, end});
        }
    };
    const auto boundary = [&](std::size_t at) {
        return at >= query.size() || query[at] == ' ' || query[at] == '\t' || query[at] == '\n' ||
               query[at] == '\r' || query[at] == '(' || query[at] == ')';
    };
    bool in_phrase = false;
    const auto n = static_cast<int32_t>(query.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(query.data());
    for (int32_t i = 0; i < n;) {
        const auto at = static_cast<std::size_t>(i);
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) continue;  // the run reports it
        if (is_double_quote(static_cast<char32_t>(c))) in_phrase = !in_phrase;
        if (in_phrase) continue;
        if (c == '(' || c == ')') {
            flush(at);
            tokens.push_back({c == '(' ? Piece::open : Piece::close, at, at + 1});
            plain_begin = at + 1;
            continue;
        }
        if (at == 0 || boundary(at - 1)) {
            for (const auto& [word, kind] : {std::pair{std::string_view("AND"), Piece::op_and},
                                             std::pair{std::string_view("OR"), Piece::op_or},
                                             std::pair{std::string_view("NOT"), Piece::op_not}}) {
                if (query.substr(at, word.size()) == word && boundary(at + word.size())) {
                    flush(at);
                    tokens.push_back({kind, at, at + word.size()});
                    i = static_cast<int32_t>(at + word.size());
                    plain_begin = at + word.size();
                    break;
                }
            }
        }
    }
    flush(query.size());
    return tokens;
}

const char* operator_name(Piece::Kind kind) {
    return kind == Piece::op_and ? "AND" : kind == Piece::op_or ? "OR" : "NOT";
}

// Recursive descent over the tokens: OR binds loosest, then AND and NOT (a NOT b: a without
// b), then parts side by side.
class Parser {
  public:
    Parser(std::string_view query, const std::vector<Piece>& tokens)
        : query_(query), tokens_(tokens) {}

    QueryNode parse() {
        QueryNode node = any();
        // Only a closing parenthesis can stop the parser early.
        if (at_ < tokens_.size())
            throw QueryError("this parenthesis closes nothing", tokens_[at_].begin);
        return node;
    }

  private:
    bool next_is(Piece::Kind kind) const {
        return at_ < tokens_.size() && tokens_[at_].kind == kind;
    }

    static QueryNode of(QueryNode::Kind kind, std::vector<QueryNode> children) {
        if (children.size() == 1) return std::move(children.front());
        QueryNode node;
        node.kind = kind;
        node.begin = children.front().begin;
        node.end = children.back().end;
        node.children = std::move(children);
        return node;
    }

    QueryNode any() {
        std::vector<QueryNode> alternatives;
        alternatives.push_back(all());
        while (next_is(Piece::op_or)) {
            ++at_;
            alternatives.push_back(all());
        }
        return of(QueryNode::Kind::any, std::move(alternatives));
    }

    QueryNode all() {
        std::vector<QueryNode> required;
        std::vector<QueryNode> excluded;
        required.push_back(side_by_side());
        while (next_is(Piece::op_and) || next_is(Piece::op_not)) {
            const bool is_not = tokens_[at_++].kind == Piece::op_not;
            (is_not ? excluded : required).push_back(side_by_side());
        }
        if (excluded.empty()) return of(QueryNode::Kind::all, std::move(required));
        QueryNode node;
        node.kind = QueryNode::Kind::all;
        node.begin = required.front().begin;
        node.end = excluded.back().end;
        node.children = std::move(required);
        node.excluded = std::move(excluded);
        return node;
    }

    QueryNode side_by_side() {
        std::vector<QueryNode> parts;
        while (next_is(Piece::plain) || next_is(Piece::open)) parts.push_back(part());
        if (parts.empty()) throw missing_side();
        return of(QueryNode::Kind::side_by_side, std::move(parts));
    }

    QueryError missing_side() const {
        if (at_ < tokens_.size() && tokens_[at_].kind == Piece::close) {
            return QueryError(at_ > 0 && tokens_[at_ - 1].kind == Piece::open
                                  ? "the parentheses hold nothing"
                                  : "this parenthesis closes nothing",
                              tokens_[at_].begin);
        }
        if (at_ < tokens_.size()) {
            return QueryError(
                std::string(operator_name(tokens_[at_].kind)) +
                    " needs a word, a phrase or a group on each side" +
                    (tokens_[at_].kind == Piece::op_not ? " (use -word to leave a word out)" : ""),
                tokens_[at_].begin);
        }
        const Piece& last = tokens_[at_ - 1];
        return QueryError(last.kind == Piece::open
                              ? "this parenthesis is never closed"
                              : std::string(operator_name(last.kind)) +
                                    " needs a word, a phrase or a group on each side",
                          last.begin);
    }

    QueryNode part() {
        const Piece token = tokens_[at_++];
        if (token.kind == Piece::plain)
            return RunParser(query_, token.begin, token.end, wildcards_).parse();
        if (++depth_ > max_query_depth) {
            throw QueryError(
                "groups are nested more than " + std::to_string(max_query_depth) + " deep",
                token.begin);
        }
        QueryNode group;
        group.kind = QueryNode::Kind::group;
        group.begin = token.begin;
        group.children.push_back(any());
        if (!next_is(Piece::close))
            throw QueryError("this parenthesis is never closed", token.begin);
        group.end = tokens_[at_++].end;
        --depth_;
        return group;
    }

    std::string_view query_;
    const std::vector<Piece>& tokens_;
    std::size_t at_ = 0;
    std::size_t depth_ = 0;
    std::size_t wildcards_ = 0;
};

// ---------------------------------------------------------------------------------------------
// describe

void describe_clause(const Clause& clause, std::string& out) {
    static const char* const kinds[] = {"word", "phrase", "wildcard", "near", "filter"};
    const auto quoted = [&](std::string_view text, std::size_t at) {
        out.append(" \"").append(text).append("\"@").append(std::to_string(at));
    };
    out += "[";
    if (clause.modifier) out += clause.modifier;
    out += kinds[static_cast<int>(clause.kind)];
    if (!clause.field.empty()) out.append(" ").append(clause.field).append(":");
    quoted(clause.text, clause.text_begin);
    if (clause.kind == Clause::Kind::phrase)
        out.append(" ").append(clause.open_quote).append(clause.close_quote);
    if (clause.kind == Clause::Kind::near) {
        out.append(" NEAR window ").append(std::to_string(clause.window));
        quoted(clause.right, clause.right_begin);
    }
    if (clause.kind == Clause::Kind::filter) {
        const FilterValue& value = clause.filter;
        out += " =";
        if (!value.value.empty()) out.append(" ").append(value.value);
        if (value.kind == FilterValue::Kind::year_range ||
            value.kind == FilterValue::Kind::date_range) {
            const auto shown = [&](const std::string& bound) {
                if (bound.empty()) return std::string("*");
                if (value.kind == FilterValue::Kind::date_range) return bound;
                return std::to_string(static_cast<int>(Xapian::sortable_unserialise(bound)));
            };
            out.append(" ").append(shown(value.low)).append("..").append(shown(value.high));
        }
    }
    out += "]";
}

void describe_into(const QueryNode& node, std::string& out) {
    switch (node.kind) {
        case QueryNode::Kind::run:
            out += "(run";
            for (const Clause& clause : node.clauses) {
                out += " ";
                describe_clause(clause, out);
            }
            break;
        case QueryNode::Kind::side_by_side:
            out += "(side";
            break;
        case QueryNode::Kind::all:
            out += "(all";
            break;
        case QueryNode::Kind::any:
            out += "(any";
            break;
        case QueryNode::Kind::group:
            out += "(group@" + std::to_string(node.begin);
            break;
    }
    for (const QueryNode& child : node.children) {
        out += " ";
        describe_into(child, out);
    }
    if (!node.excluded.empty()) {
        out += " (not";
        for (const QueryNode& child : node.excluded) {
            out += " ";
            describe_into(child, out);
        }
        out += ")";
    }
    out += ")";
}

}  // namespace

QueryNode parse_query(std::string_view query) {
    if (query.size() > max_query_bytes) {
        throw QueryError("the query is longer than " + std::to_string(max_query_bytes) + " bytes",
                         max_query_bytes);
    }
    const std::vector<Piece> tokens = structure_tokens(query);
    if (tokens.size() <= 1 && (tokens.empty() || tokens.front().kind == Piece::plain)) {
        std::size_t wildcards = 0;
        return RunParser(query, 0, query.size(), wildcards).parse();
    }
    return Parser(query, tokens).parse();
}

std::string describe(const QueryNode& node) {
    std::string out;
    describe_into(node, out);
    return out;
}

}  // namespace polsearch
