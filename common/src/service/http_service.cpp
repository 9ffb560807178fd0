#include "service/http_service.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "formats/record_io.h"
#include "polsearch/export.h"
#include "search/facets.h"
#include "search/output.h"
#include "search/snippet.h"
#include "service/record_page.h"
#include "text/date.h"
#include "text/text.h"
#include "text/utf8.h"

namespace polsearch {

// The page and the widget (common/web/), compiled in.
extern const char* const web_index_text;
extern const char* const web_widget_js_text;
extern const char* const web_widget_css_text;

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// The decoded parameters of a query string, in the order given.
using Params = std::vector<std::pair<std::string, std::string>>;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Params parse_query_string(std::string_view query) {
    Params params;
    for (std::string_view piece : split_all(query, '&')) {
        if (piece.empty()) continue;
        const auto equals = piece.find('=');
        std::string name = percent_decode(piece.substr(0, equals), true);
        std::string value =
            equals == std::string_view::npos ? "" : percent_decode(piece.substr(equals + 1), true);
        params.emplace_back(std::move(name), std::move(value));
    }
    return params;
}

bool is_filter(const std::string& name) {
    return name.rfind("f.", 0) == 0;
}

// Unknown parameters and repeated ones are errors (a filter f.FACET may be repeated: each
// narrows the hits).
void check_params(const Params& params, std::string_view endpoint,
                  const std::vector<std::string>& allowed, bool filters) {
    std::vector<std::string> seen;
    for (const auto& [name, value] : params) {
        if (filters && is_filter(name)) {
            const std::string facet = name.substr(2);
            const auto& names = facet_names();
            if (std::find(names.begin(), names.end(), facet) == names.end()) {
                std::string known;
                for (const auto& known_name : names)
                    known.append(known.empty() ? "f." : ", f.").append(known_name);
                throw UsageError("unknown filter '" + name + "' (filters: " + known + ")");
            }
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string known;
            for (const auto& known_name : allowed)
                known.append(known.empty() ? "" : ", ").append(known_name);
            if (filters) known.append(known.empty() ? "" : ", ").append("f.FACET");
            throw UsageError("unknown parameter '" + name + "' (" + std::string(endpoint) +
                             " takes " + (known.empty() ? "none" : known) + ")");
        }
        if (std::find(seen.begin(), seen.end(), name) != seen.end())
            throw UsageError("parameter '" + name + "' is given more than once");
        seen.push_back(name);
    }
}

const std::string* param(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params)
        if (key == name) return &value;
    return nullptr;
}

// A whole number in [low, high]; an absent or empty parameter is `fallback`.
std::size_t number_param(const Params& params, std::string_view name, std::size_t fallback,
                         std::size_t low, std::size_t high) {
    const std::string* text = param(params, name);
    if (!text || text->empty()) return fallback;
    std::size_t value = 0;
    const bool digits = text->size() <= 9 && std::all_of(text->begin(), text->end(), [](char c) {
                            return c >= '0' && c <= '9';
                        });
    if (digits) value = std::stoul(*text);
    if (!digits || value < low || value > high) {
        throw UsageError("parameter '" + std::string(name) + "' must be a whole number from " +
                         std::to_string(low) + " to " + std::to_string(high) + ", not '" + *text +
                         "'");
    }
    return value;
}

bool flag_param(const Params& params, std::string_view name, bool fallback) {
    const std::string* text = param(params, name);
    if (!text || text->empty()) return fallback;
    if (*text == "true" || *text == "1" || *text == "yes" || *text == "on") return true;
    if (*text == "false" || *text == "0" || *text == "no" || *text == "off") return false;
    throw UsageError("parameter '" + std::string(name) + "' must be true or false, not '" + *text +
                     "'");
}

// The query (q=), required and not blank.
void check_query_length(const std::string& query, std::size_t max_bytes) {
    if (query.size() > max_bytes) {
        throw UsageError("parameter 'q' is " + std::to_string(query.size()) +
                         " bytes long; a query may have at most " + std::to_string(max_bytes));
    }
}

std::string query_param(const Params& params, std::size_t max_bytes) {
    const std::string* query = param(params, "q");
    if (!query || trim(*query).empty()) throw UsageError("parameter 'q' (the query) is missing");
    check_query_length(*query, max_bytes);
    return *query;
}

Language language_param(const Params& params) {
    const std::string* text = param(params, "lang");
    if (!text || text->empty()) return Language::unknown;
    const auto language = parse_language(*text);
    if (!language || *language == Language::unknown)
        throw UsageError("parameter 'lang' must be en, ru or kk, not '" + *text + "'");
    return *language;
}

SortOrder sort_param(const Params& params) {
    const std::string* text = param(params, "sort");
    if (!text || text->empty() || *text == "relevance") return SortOrder::relevance;
    if (*text == "date") return SortOrder::date;
    if (*text == "-date") return SortOrder::date_descending;
    throw UsageError("parameter 'sort' must be relevance, date or -date, not '" + *text + "'");
}

struct Paging {
    std::size_t page = 1;
    std::size_t size = 10;
};

Paging paging_params(const Params& params, const HttpServiceOptions& options) {
    Paging paging;
    paging.size = number_param(params, "size", 10, 1, options.max_page_size);
    paging.page = number_param(params, "page", 1, 1, options.max_offset / paging.size + 1);
    return paging;
}

// The request of /search, /search.atom and /export.
SearchRequest search_request(const Params& params, const Paging& paging,
                             const HttpServiceOptions& options) {
    SearchRequest request;
    request.query = query_param(params, options.max_query_bytes);
    request.offset = (paging.page - 1) * paging.size;
    request.limit = paging.size;
    request.sort = sort_param(params);
    request.language = language_param(params);
    request.expand = flag_param(params, "expand", true);
    request.time_limit = options.time_limit;
    for (const auto& [name, value] : params)
        if (is_filter(name)) request.filters.emplace_back(name.substr(2), value);
    return request;
}

std::string json_body(const Json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse json_response(const Json& json) {
    HttpResponse response;
    response.body = json_body(json);
    return response;
}

// `path` with the parameters, `page` replaced (or added) when not 0.
std::string link(std::string_view path, const Params& params, std::size_t page) {
    std::string out(path);
    char separator = '?';
    bool paged = false;
    for (const auto& [name, value] : params) {
        std::string shown = value;
        if (name == "page") {
            if (page == 0) continue;
            shown = std::to_string(page);
            paged = true;
        }
        out.append(1, separator)
            .append(percent_encode(name))
            .append("=")
            .append(percent_encode(shown));
        separator = '&';
    }
    if (page != 0 && !paged) out.append(1, separator).append("page=").append(std::to_string(page));
    return out;
}

Json paging_links(std::string_view path, const Params& params, const Paging& paging,
                  std::size_t total, const HttpServiceOptions& options) {
    const std::size_t deepest = options.max_offset / paging.size + 1;
    const std::size_t last =
        std::max<std::size_t>(1, std::min(deepest, (total + paging.size - 1) / paging.size));
    Json links = {{"self", link(path, params, paging.page)}, {"first", link(path, params, 1)}};
    links["prev"] =
        paging.page > 1 ? Json(link(path, params, std::min(paging.page - 1, last))) : Json();
    links["next"] = paging.page < last ? Json(link(path, params, paging.page + 1)) : Json();
    links["last"] = link(path, params, last);
    return links;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    append_escaped(out, text);
    return out;
}

// A record's date as RFC 3339 (the first day of its month or year when that is all it has).
std::string rfc3339_date(const Record& record, const std::string& fallback) {
    std::string date = record.date;
    if (date.empty() && record.year) date = std::to_string(*record.year);
    if (date.size() == 4) date += "-01";
    if (date.size() == 7) date += "-01";
    return date.size() == 10 ? date + "T00:00:00Z" : fallback;
}

HttpResponse static_file(const char* text, const char* content_type) {
    HttpResponse response;
    response.content_type = content_type;
    response.body = text;
    response.headers.emplace_back("Cache-Control", "public, max-age=300");
    return response;
}

template <class Call>
auto timed(HttpResponse& response, Call&& call) {
    const auto start = Clock::now();
    auto result = call();
    response.engine_time +=
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    return result;
}

const std::vector<std::string> search_params = {
    "q",      "page",   "size",        "sort",         "lang",
    "expand", "facets", "facet_limit", "exact_facets", "expand_from_top"};

// A page past the last is not found (docs/http.md); page 1 of no hits is an empty answer.
void check_page(const Paging& paging, const SearchResult& result) {
    if (paging.page == 1 || !result.hits.empty()) return;
    const std::size_t last =
        std::max<std::size_t>(1, (result.total + paging.size - 1) / paging.size);
    throw NotFoundError("page " + std::to_string(paging.page) + " is past the last page (" +
                        std::to_string(last) + " of " + std::to_string(paging.size) + " hits)");
}

// What a handler works with: the service's engine and options, and the request taken apart.
struct Env {
    const Engine& engine;
    const HttpServiceOptions& options;
};

struct Call {
    const HttpRequest& request;
    std::string path;  ///< the path, not decoded: "/records/10.1234%2Fabc"
    Params params;
    std::string base;  ///< the start of absolute links: "https://search.example"
};

// The content type and file extension of each export format.
struct ExportType {
    const char* content_type;
    const char* extension;
};

ExportType export_type(ExportFormat format) {
    switch (format) {
        case ExportFormat::ris:
            return {"application/x-research-info-systems; charset=utf-8", "ris"};
        case ExportFormat::bibtex:
            return {"application/x-bibtex; charset=utf-8", "bib"};
        case ExportFormat::csl_json:
            break;
    }
    return {"application/vnd.citationstyles.csl+json; charset=utf-8", "json"};
}

ExportFormat format_param(const Params& params) {
    const std::string* name = param(params, "format");
    if (!name || name->empty()) return ExportFormat::ris;
    if (*name != "ris" && *name != "bibtex" && *name != "csl-json")
        throw UsageError("parameter 'format' must be ris, bibtex or csl-json, not '" + *name + "'");
    return parse_export_format(*name);
}

// `records` as an export file, a download named `name` and the format's extension.
void put_export(HttpResponse& response, const std::vector<Record>& records, ExportFormat format,
                const std::string& name = "polsearch") {
    std::ostringstream out;
    write_export(out, records, format);
    response.body = out.str();
    const ExportType type = export_type(format);
    response.content_type = type.content_type;
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + name + "." + type.extension + "\"");
}

// The Atom feed's head: its title, id, links and OpenSearch counts.
std::string atom_head(const Call& call, const SearchRequest& search, const SearchResult& result,
                      const Paging& paging, const std::string& now) {
    const std::string self = call.base + link("/search.atom", call.params, paging.page);
    std::ostringstream xml;
    xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
           "xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
        << "  <title>polsearch: " << xml_escape(search.query) << "</title>\n"
        << "  <id>" << xml_escape(self) << "</id>\n"
        << "  <updated>" << now << "</updated>\n"
        << "  <author><name>polsearch</name></author>\n"
        << "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" << xml_escape(self)
        << "\"/>\n"
        << "  <link rel=\"alternate\" type=\"text/html\" href=\""
        << xml_escape(call.base + link("/", call.params, paging.page)) << "\"/>\n"
        << "  <link rel=\"search\" type=\"application/opensearchdescription+xml\" href=\""
        << xml_escape(call.base + "/opensearch.xml") << "\"/>\n";
    if (search.offset + result.hits.size() < result.total) {
        xml << "  <link rel=\"next\" type=\"application/atom+xml\" href=\""
            << xml_escape(call.base + link("/search.atom", call.params, paging.page + 1))
            << "\"/>\n";
    }
    xml << "  <opensearch:totalResults>" << result.total << "</opensearch:totalResults>\n"
        << "  <opensearch:startIndex>" << search.offset + 1 << "</opensearch:startIndex>\n"
        << "  <opensearch:itemsPerPage>" << paging.size << "</opensearch:itemsPerPage>\n"
        << "  <opensearch:Query role=\"request\" searchTerms=\"" << xml_escape(search.query)
        << "\" startPage=\"" << paging.page << "\"/>\n";
    return xml.str();
}

// One hit as an Atom entry.
std::string atom_entry(const Hit& hit, const std::string& base, const std::string& now) {
    const Record& record = hit.record;
    const std::string url = base + "/records/" + percent_encode(record.id);
    const std::string page = base + "/record/" + percent_encode(record.id);
    std::ostringstream xml;
    xml << "  <entry>\n"
        << "    <title>" << xml_escape(hit.title) << "</title>\n"
        << "    <id>" << xml_escape(url) << "</id>\n"
        << "    <link rel=\"alternate\" type=\"text/html\" href=\"" << xml_escape(page) << "\"/>\n"
        << "    <link rel=\"alternate\" type=\"application/json\" href=\"" << xml_escape(url)
        << "\"/>\n";
    if (!record.doi.empty()) {
        xml << "    <link rel=\"related\" href=\"" << xml_escape("https://doi.org/" + record.doi)
            << "\"/>\n";
    } else if (!record.url.empty()) {
        xml << "    <link rel=\"related\" href=\"" << xml_escape(record.url) << "\"/>\n";
    }
    xml << "    <updated>" << rfc3339_date(record, now) << "</updated>\n";
    for (const auto& author : record.authors)
        xml << "    <author><name>" << xml_escape(author) << "</name></author>\n";
    xml << "    <summary type=\"html\">" << xml_escape(snippet_html(hit.snippet)) << "</summary>\n"
        << "  </entry>\n";
    return xml.str();
}

// One Url element of the OpenSearch description.
std::string opensearch_url(std::string_view type, const std::string& base, std::string_view path,
                           std::string_view parameters) {
    return "  <Url type=\"" + std::string(type) + "\" template=\"" + xml_escape(base) +
           std::string(path) + std::string(parameters) + "\"/>\n";
}

std::string opensearch_description(const std::string& base) {
    const std::string terms = "?q={searchTerms}&amp;page={startPage?}";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
           "  <ShortName>polsearch</ShortName>\n"
           "  <Description>Political-science abstracts in English, Russian and "
           "Kazakh</Description>\n"
           "  <InputEncoding>UTF-8</InputEncoding>\n"
           "  <OutputEncoding>UTF-8</OutputEncoding>\n"
           "  <Language>en</Language>\n  <Language>ru</Language>\n  <Language>kk</Language>\n" +
           opensearch_url("text/html", base, "/", terms) +
           opensearch_url("application/json", base, "/search", terms + "&amp;size={count?}") +
           opensearch_url("application/atom+xml", base, "/search.atom",
                          terms + "&amp;size={count?}") +
           opensearch_url("application/x-suggestions+json", base, "/suggest",
                          "?q={searchTerms}&amp;format=opensearch") +
           "  <Query role=\"example\" searchTerms=\"soft power\"/>\n"
           "</OpenSearchDescription>\n";
}

// The handlers, one per endpoint (docs/http.md).

HttpResponse handle_page(const Env&, const Call& call) {
    check_params(call.params, call.path, search_params, true);  // read by the page's script
    return static_file(web_index_text, "text/html; charset=utf-8");
}

HttpResponse handle_widget_js(const Env&, const Call& call) {
    check_params(call.params, call.path, {}, false);
    return static_file(web_widget_js_text, "text/javascript; charset=utf-8");
}

HttpResponse handle_widget_css(const Env&, const Call& call) {
    check_params(call.params, call.path, {}, false);
    return static_file(web_widget_css_text, "text/css; charset=utf-8");
}

HttpResponse handle_health(const Env& env, const Call& call) {
    check_params(call.params, call.path, {}, false);
    HttpResponse response;
    const std::size_t records = timed(response, [&] { return env.engine.record_count(); });
    response.body = json_body({{"status", "ok"}, {"records", records}, {"version", version()}});
    return response;
}

HttpResponse handle_search(const Env& env, const Call& call) {
    check_params(call.params, call.path, search_params, true);
    const Paging paging = paging_params(call.params, env.options);
    SearchRequest search = search_request(call.params, paging, env.options);
    search.facets = flag_param(call.params, "facets", true);
    search.facet_limit = number_param(call.params, "facet_limit", search.facet_limit, 1, 100);
    search.exact_facets = search.facets && flag_param(call.params, "exact_facets", false);
    search.expand_from_top =
        number_param(call.params, "expand_from_top", 0, 0, max_expand_from_top);
    HttpResponse response;
    const SearchResult result = timed(response, [&] { return env.engine.search(search); });
    check_page(paging, result);
    Json json = result_to_json(result);
    json["page"] = paging.page;
    json["size"] = paging.size;
    json["links"] = paging_links("/search", call.params, paging, result.total, env.options);
    response.body = json_body(json);
    return response;
}

HttpResponse handle_atom(const Env& env, const Call& call) {
    check_params(call.params, call.path, {"q", "page", "size", "sort", "lang", "expand"}, true);
    const Paging paging = paging_params(call.params, env.options);
    const SearchRequest search = search_request(call.params, paging, env.options);
    HttpResponse response;
    const SearchResult result = timed(response, [&] { return env.engine.search(search); });
    check_page(paging, result);
    const std::string now = utc_timestamp();
    std::string xml = atom_head(call, search, result, paging, now);
    for (const Hit& hit : result.hits) xml += atom_entry(hit, call.base, now);
    xml += "</feed>\n";
    response.content_type = "application/atom+xml; charset=utf-8";
    response.body = std::move(xml);
    return response;
}

HttpResponse handle_opensearch(const Env&, const Call& call) {
    check_params(call.params, call.path, {}, false);
    HttpResponse response;
    response.content_type = "application/opensearchdescription+xml; charset=utf-8";
    response.body = opensearch_description(call.base);
    return response;
}

HttpResponse handle_suggest(const Env& env, const Call& call) {
    check_params(call.params, call.path, {"q", "size", "format"}, false);
    const std::string* format = param(call.params, "format");
    const bool opensearch = format && *format == "opensearch";
    if (format && !format->empty() && *format != "json" && !opensearch)
        throw UsageError("parameter 'format' must be json or opensearch, not '" + *format + "'");
    const std::string* prefix = param(call.params, "q");
    if (!prefix) throw UsageError("parameter 'q' (what is typed so far) is missing");
    check_query_length(*prefix, env.options.max_query_bytes);
    const std::size_t size = number_param(call.params, "size", 10, 1, 50);
    HttpResponse response;
    const auto completions = timed(response, [&] { return env.engine.complete(*prefix, size); });
    Json list = Json::array();
    if (opensearch) {
        // OpenSearch suggestions 1.1: ["what is typed", ["completion", ...]].
        for (const Completion& completion : completions) list.push_back(completion.text);
        response.content_type = "application/x-suggestions+json; charset=utf-8";
        response.body = json_body(Json::array({*prefix, std::move(list)}));
        return response;
    }
    for (const Completion& completion : completions)
        list.push_back(
            {{"text", completion.text}, {"field", completion.field}, {"count", completion.count}});
    response.body = json_body({{"query", *prefix}, {"completions", std::move(list)}});
    return response;
}

HttpResponse handle_export(const Env& env, const Call& call) {
    check_params(call.params, call.path, {"q", "format", "size", "sort", "lang", "expand"}, true);
    const ExportFormat format = format_param(call.params);
    Paging paging;
    paging.size = number_param(call.params, "size", 100, 1, env.options.max_export_size);
    const SearchRequest search = search_request(call.params, paging, env.options);
    HttpResponse response;
    const SearchResult result = timed(response, [&] { return env.engine.search(search); });
    std::vector<Record> records;
    for (const Hit& hit : result.hits) records.push_back(hit.record);
    put_export(response, records, format);
    return response;
}

// The records like one (/records/ID/similar), as /search answers.
HttpResponse similar_records(const Env& env, const Call& call, const std::string& id) {
    check_params(call.params, call.path, {"page", "size", "lang"}, false);
    const Paging paging = paging_params(call.params, env.options);
    SearchRequest search;
    search.similar_to = id;
    search.offset = (paging.page - 1) * paging.size;
    search.limit = paging.size;
    search.language = language_param(call.params);
    search.time_limit = env.options.time_limit;
    HttpResponse response;
    const SearchResult result = timed(response, [&] { return env.engine.search(search); });
    check_page(paging, result);
    Json json = result_to_json(result);
    json["similar_to"] = id;
    json["page"] = paging.page;
    json["size"] = paging.size;
    json["links"] = paging_links(call.path, call.params, paging, result.total, env.options);
    response.body = json_body(json);
    return response;
}

// The id after "/records/" ("/record/"), percent-decoded, with what follows it cut off.
std::string record_id(std::string_view rest) {
    const std::string id = percent_decode(rest, false);
    if (id.empty()) throw NotFoundError("no record id after /records/");
    if (id.size() > 200) throw NotFoundError("no record with an id that long (at most 200 bytes)");
    return id;
}

// Whether `rest` ends with `suffix` after something, and if so cuts it off.
bool cut_suffix(std::string_view& rest, std::string_view suffix) {
    if (rest.size() <= suffix.size() || !rest.ends_with(suffix)) return false;
    rest.remove_suffix(suffix.size());
    return true;
}

// A file name made of a record id: ASCII letters, digits, '-' and '.', the rest '_'.
std::string file_name(const std::string& id) {
    std::string out;
    for (const char c : id.substr(0, 80)) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '.';
        out += plain ? c : '_';
    }
    return out;
}

// One record for a reference manager (/records/ID/export?format=).
HttpResponse record_export(const Env& env, const Call& call, const std::string& id) {
    check_params(call.params, call.path, {"format"}, false);
    const ExportFormat format = format_param(call.params);
    HttpResponse response;
    const auto record = timed(response, [&] { return env.engine.record(id); });
    if (!record) throw NotFoundError("no record with id '" + id + "'");
    put_export(response, {*record}, format, file_name(id));
    return response;
}

HttpResponse handle_records(const Env& env, const Call& call) {
    std::string_view rest =
        std::string_view(call.path).substr(std::string_view("/records/").size());
    if (cut_suffix(rest, "/similar")) return similar_records(env, call, record_id(rest));
    if (cut_suffix(rest, "/export")) return record_export(env, call, record_id(rest));
    const std::string id = record_id(rest);
    check_params(call.params, call.path, {}, false);
    HttpResponse response;
    const auto record = timed(response, [&] { return env.engine.record(id); });
    if (!record) throw NotFoundError("no record with id '" + id + "'");
    response.body =
        record_to_json(*record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

// The record's page for people (/record/ID?lang=): record_page.h.
HttpResponse handle_record_page(const Env& env, const Call& call) {
    const std::string id =
        record_id(std::string_view(call.path).substr(std::string_view("/record/").size()));
    check_params(call.params, call.path, {"lang"}, false);
    const Language interface = language_param(call.params);
    HttpResponse response;
    const auto record = timed(response, [&] { return env.engine.record(id); });
    if (!record) throw NotFoundError("no record with id '" + id + "'");
    SearchRequest similar;
    similar.similar_to = id;
    similar.limit = 5;
    similar.language = interface != Language::unknown ? interface : record->language;
    similar.time_limit = env.options.time_limit;
    const SearchResult like = timed(response, [&] { return env.engine.search(similar); });
    response.content_type = "text/html; charset=utf-8";
    response.body = record_page_html(*record, like.hits, interface);
    return response;
}

// The endpoints: a path, or a path prefix (ending in '/'), its handler, and for answers made
// from the database how long caches may keep them (seconds; 0: the answer gets no ETag).
struct Route {
    std::string_view path;
    bool prefix;
    HttpResponse (*handle)(const Env&, const Call&);
    int max_age = 0;
};

constexpr int search_max_age = 60;
constexpr int record_max_age = 300;

constexpr Route routes[] = {
    {"/", false, handle_page},
    {"/index.html", false, handle_page},
    {"/widget.js", false, handle_widget_js},
    {"/widget.css", false, handle_widget_css},
    {"/health", false, handle_health},
    {"/search", false, handle_search, search_max_age},
    {"/search.atom", false, handle_atom, search_max_age},
    {"/opensearch.xml", false, handle_opensearch},
    {"/suggest", false, handle_suggest, search_max_age},
    {"/export", false, handle_export, search_max_age},
    {"/records/", true, handle_records, record_max_age},
    {"/record/", true, handle_record_page, record_max_age},
};

// The entity tag of an answer: a hash of all that makes it (polsearch's version, the
// database's revision, the links' base and the request target), quoted.
std::string entity_tag(const std::string& revision, const Call& call) {
    std::string made = version();
    made.append(1, '\n').append(revision).append(1, '\n').append(call.base);
    made.append(1, '\n').append(call.request.target);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(stable_hash(made)));
    return std::string("\"") + hex + "\"";
}

// Whether an If-None-Match header names `tag`: "*", or a list of tags (weak ones compared
// weakly, as RFC 9110 says for If-None-Match).
bool none_match_names(std::string_view header, const std::string& tag) {
    if (trim(header) == "*") return true;
    for (std::string_view item : split_all(header, ',')) {
        std::string candidate = trim(item);
        if (candidate.rfind("W/", 0) == 0) candidate.erase(0, 2);
        if (candidate == tag) return true;
    }
    return false;
}

// An answer made from the database, with an ETag and Cache-Control; a 304 without a body
// when the client holds it already. A database that cannot tell its revision (a remote
// shard): the answer as it is.
HttpResponse cacheable(const Env& env, const Call& call, const Route& route) {
    HttpResponse timing;
    const std::string revision = timed(timing, [&] { return env.engine.revision(); });
    if (revision.empty()) return route.handle(env, call);
    const std::string tag = entity_tag(revision, call);
    HttpResponse response;
    if (none_match_names(call.request.if_none_match, tag)) {
        response.status = 304;
        response.content_type.clear();
    } else {
        response = route.handle(env, call);
    }
    response.engine_time += timing.engine_time;
    response.headers.emplace_back("ETag", tag);
    response.headers.emplace_back("Cache-Control",
                                  "public, max-age=" + std::to_string(route.max_age));
    return response;
}

const Route* find_route(std::string_view path) {
    for (const Route& route : routes) {
        if (route.prefix ? path.starts_with(route.path) : path == route.path) return &route;
    }
    return nullptr;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (i + 2 >= text.size() || high < 0 || low < 0) {
                throw UsageError("malformed percent-encoding at '" +
                                 std::string(text.substr(i, 3)) +
                                 "' (a '%' needs two hexadecimal digits)");
            }
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    if (utf8_invalid_offset(out) != out.size())
        throw UsageError("a parameter is not UTF-8 once percent-decoded");
    return out;
}

std::string percent_encode(std::string_view text) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out.append(1, '%').append(1, hex[byte >> 4]).append(1, hex[byte & 15]);
        }
    }
    return out;
}

bool is_valid_host(std::string_view host) {
    std::string_view rest;
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos) return false;
        const std::string_view literal = host.substr(1, close - 1);
        if (literal.find(':') == std::string_view::npos ||
            literal.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos)
            return false;
        rest = host.substr(close + 1);
    } else {
        const auto colon = host.find(':');
        const std::string_view name = host.substr(0, colon);
        if (colon != std::string_view::npos) rest = host.substr(colon);
        if (name.empty() || name.size() > 254) return false;
        std::vector<std::string_view> labels = split_all(name, '.');
        if (labels.size() > 1 && labels.back().empty()) labels.pop_back();  // "example.org."
        for (const std::string_view label : labels) {
            if (label.empty() || label.size() > 63) return false;
            for (const char c : label) {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_'))
                    return false;
            }
        }
    }
    if (rest.empty()) return true;
    const std::string_view port = rest.substr(1);
    return rest.front() == ':' && !port.empty() && port.size() <= 5 &&
           port.find_first_not_of("0123456789") == std::string_view::npos &&
           std::stoul(std::string(port)) <= 65535 && std::stoul(std::string(port)) > 0;
}

HttpResponse http_error(int status, const std::string& message) {
    return json_response({{"error", {{"status", status}, {"message", message}}}});
}

HttpService::HttpService(const Engine& engine, HttpServiceOptions options)
    : engine_(engine), options_(std::move(options)) {}

HttpResponse HttpService::handle(const HttpRequest& request) const {
    HttpResponse response;
    try {
        response = route(request);
    } catch (const QueryError& failure) {
        response = json_response(
            {{"error",
              {{"status", 400},
               {"message", std::string("the query cannot be parsed: ") + failure.what()},
               {"position", failure.position()}}}});
        response.status = 400;
    } catch (const FilterError& failure) {
        // The service's name for a filter: its parameter.
        response = http_error(
            400, (failure.facet().empty() ? std::string("f.FACET") : "f." + failure.facet()) +
                     ": " + failure.problem());
        response.status = 400;
    } catch (const UsageError& failure) {
        response = http_error(400, failure.what());
        response.status = 400;
    } catch (const NotFoundError& failure) {
        response = http_error(404, failure.what());
        response.status = 404;
    } catch (const DatabaseError& failure) {
        response = http_error(503, failure.what());
        response.status = 503;
    } catch (const std::exception& failure) {
        response = http_error(500, failure.what());
        response.status = 500;
    }
    const bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
                     options_.cors_origins.end();
    if (!request.origin.empty() &&
        (any || std::find(options_.cors_origins.begin(), options_.cors_origins.end(),
                          request.origin) != options_.cors_origins.end())) {
        response.headers.emplace_back("Access-Control-Allow-Origin", any ? "*" : request.origin);
        if (request.method == "OPTIONS") {
            response.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
            response.headers.emplace_back("Access-Control-Max-Age", "600");
        }
    }
    // With CORS, an answer depends on the Origin header (its Access-Control-Allow-Origin, or
    // none), also for a request without one: caches must keep one answer per origin.
    if (!options_.cors_origins.empty()) response.headers.emplace_back("Vary", "Origin");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return response;
}

HttpResponse HttpService::route(const HttpRequest& request) const {
    if (request.method == "OPTIONS") {
        HttpResponse response;
        response.status = 204;
        response.content_type.clear();
        response.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
        return response;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse response = http_error(
            405, "the service is read-only: method " + request.method + " is not allowed");
        response.status = 405;
        response.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
        return response;
    }
    const auto question = request.target.find('?');
    Call call{request,
              request.target.substr(0, question),
              parse_query_string(question == std::string::npos
                                     ? std::string_view()
                                     : std::string_view(request.target).substr(question + 1)),
              {}};
    // Links follow the Host header only when it is a host name (a client can send anything).
    call.base = !options_.base_url.empty()    ? options_.base_url
                : is_valid_host(request.host) ? "http://" + request.host
                : !request.local_host.empty() ? "http://" + request.local_host
                                              : std::string("http://localhost");
    const Route* found = find_route(call.path);
    if (!found) {
        throw NotFoundError("no such page: " + call.path +
                            " (try /search?q=..., /records/ID, /record/ID, /suggest?q=..., "
                            "/export?q=..., "
                            "/opensearch.xml, /search.atom?q=..., /health)");
    }
    const Env env{engine_, options_};
    return found->max_age > 0 ? cacheable(env, call, *found) : found->handle(env, call);
}

}  // namespace polsearch
