#include "service/record_page.h"

#include "service/http_service.h"
#include "text/text.h"

namespace polsearch {
namespace {

struct Labels {
    const char* search;
    const char* authors;
    const char* source;
    const char* volume;
    const char* issue;
    const char* pages;
    const char* date;
    const char* doi;
    const char* link;
    const char* titles;
    const char* abstract;
    const char* keywords;
    const char* exports;
    const char* similar;
    const char* data;
};

const Labels& labels(Language language) {
    static const Labels en = {"Search",     "Authors",
                              "Source",     "vol.",
                              "no.",        "pp.",
                              "Date",       "DOI",
                              "Link",       "Title in other languages",
                              "Abstract",   "Keywords",
                              "Export",     "Similar records",
                              "Data (JSON)"};
    static const Labels ru = {"Поиск",
                              "Авторы",
                              "Источник",
                              "т.",
                              "№",
                              "с.",
                              "Дата",
                              "DOI",
                              "Ссылка",
                              "Название на других языках",
                              "Аннотация",
                              "Ключевые слова",
                              "Экспорт",
                              "Похожие записи",
                              "Данные (JSON)"};
    static const Labels kk = {"Іздеу",
                              "Авторлар",
                              "Дереккөз",
                              "т.",
                              "№",
                              "б.",
                              "Күні",
                              "DOI",
                              "Сілтеме",
                              "Басқа тілдердегі атауы",
                              "Аңдатпа",
                              "Түйін сөздер",
                              "Экспорттау",
                              "Ұқсас жазбалар",
                              "Деректер (JSON)"};
    return language == Language::ru ? ru : language == Language::kk ? kk : en;
}

// Each language's name in itself, as the widget names them.
const char* language_name(Language language) {
    switch (language) {
        case Language::en:
            return "English";
        case Language::ru:
            return "Русский";
        case Language::kk:
            return "Қазақша";
        case Language::unknown:
            break;
    }
    return "";
}

std::string escaped(std::string_view text) {
    std::string out;
    append_escaped(out, text);
    return out;
}

// ` lang="xx"` for a known language, else nothing.
std::string lang(Language language) {
    const std::string_view code = language_code(language);
    return code.empty() ? std::string() : " lang=\"" + std::string(code) + "\"";
}

const char* const style =
    "body { margin: 0 auto; max-width: 50rem; padding: 1rem; font-family: system-ui, "
    "sans-serif; }\n"
    ".ps-record h1 { font-size: 1.4rem; margin: .5rem 0; }\n"
    ".ps-record h2 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }\n"
    ".ps-record dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }\n"
    ".ps-record dt { font-weight: bold; }\n"
    ".ps-record dd { margin: 0; }\n"
    ".ps-record .ps-exports a { margin-right: .8rem; }\n";

void put_metadata(std::string& out, const Record& record, const Labels& text,
                  const std::string& ui) {
    out += "<dl" + ui + ">\n";
    const auto row = [&](const char* label, const std::string& html) {
        if (!html.empty()) out += "<dt>" + std::string(label) + "</dt><dd>" + html + "</dd>\n";
    };
    std::string authors;
    for (const auto& author : record.authors)
        authors += (authors.empty() ? "" : "; ") + escaped(author);
    row(text.authors, authors);
    std::string source = escaped(record.journal);
    if (!record.volume.empty())
        source += ", " + std::string(text.volume) + " " + escaped(record.volume);
    if (!record.issue.empty())
        source += ", " + std::string(text.issue) + " " + escaped(record.issue);
    if (!record.pages.empty())
        source += ", " + std::string(text.pages) + " " + escaped(record.pages);
    row(text.source, source);
    row(text.date, record.date.empty() ? (record.year ? std::to_string(*record.year) : "")
                                       : escaped(record.date));
    if (!record.doi.empty()) {
        const std::string link = escaped("https://doi.org/" + record.doi);
        row(text.doi, "<a href=\"" + link + "\">" + escaped(record.doi) + "</a>");
    }
    const bool url_is_doi = !record.doi.empty() && record.url.find(record.doi) != std::string::npos;
    if (!record.url.empty() && !url_is_doi && record.url.rfind("http", 0) == 0) {
        row(text.link, "<a href=\"" + escaped(record.url) + "\">" + escaped(record.url) + "</a>");
    }
    out += "</dl>\n";
}

}  // namespace

std::string record_page_html(const Record& record, const std::vector<Hit>& similar,
                             Language interface) {
    const Labels& text = labels(interface);
    const Language ui_language = interface == Language::unknown ? Language::en : interface;
    const std::string ui = lang(ui_language);
    const std::string id = percent_encode(record.id);
    const LocalizedText* main = pick_version(record.title, record.language, record.language);
    const std::string title = main ? main->text : record.id;

    std::string out =
        "<!DOCTYPE html>\n<html" + lang(record.language) +
        ">\n<head>\n<meta charset=\"utf-8\"/>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>" +
        escaped(title) +
        " · polsearch</title>\n"
        "<link rel=\"stylesheet\" href=\"../widget.css\"/>\n"
        "<link rel=\"alternate\" type=\"application/json\" href=\"../records/" +
        id + "\"/>\n<style>\n" + style + "</style>\n</head>\n<body>\n";
    out += "<main class=\"polsearch ps-record\" data-id=\"" + escaped(record.id) + "\">\n";
    out += "<nav" + ui + "><a href=\"../\">← " + text.search + "</a></nav>\n";
    out += "<h1" + lang(main ? main->language : record.language) + ">" + escaped(title) + "</h1>\n";
    if (record.title.size() > 1) {
        out += "<h2" + ui + ">" + text.titles + "</h2>\n<ul class=\"ps-titles\">\n";
        for (const auto& version : record.title) {
            if (&version == main) continue;
            out += "<li" + lang(version.language) + ">" + escaped(version.text) + "</li>\n";
        }
        out += "</ul>\n";
    }
    put_metadata(out, record, text, ui);
    for (const auto& version : record.abstract) {
        out += "<section" + lang(version.language) + " class=\"ps-abstract\">\n<h2" + ui + ">" +
               text.abstract;
        if (version.language != Language::unknown)
            out += std::string(" · ") + language_name(version.language);
        out += "</h2>\n<p>" + escaped(version.text) + "</p>\n</section>\n";
    }
    if (!record.keywords.empty()) {
        out += "<h2" + ui + ">" + text.keywords + "</h2>\n";
        for (const auto& version : record.keywords) {
            std::string list;
            for (const auto& keyword : version.keywords)
                list += (list.empty() ? "" : "; ") + escaped(keyword);
            out += "<p class=\"ps-keywords\"" + lang(version.language) + ">" + list + "</p>\n";
        }
    }
    out += "<h2" + ui + ">" + text.exports + "</h2>\n<p class=\"ps-exports\">";
    for (const auto& [format, name] : {std::pair<const char*, const char*>{"ris", "RIS"},
                                       {"bibtex", "BibTeX"},
                                       {"csl-json", "CSL-JSON"}}) {
        out += "<a href=\"../records/" + id + "/export?format=" + format + "\" download=\"\">" +
               name + "</a> ";
    }
    out += "<a href=\"../records/" + id + "\"" + ui + ">" + text.data + "</a></p>\n";
    if (!similar.empty()) {
        out += "<h2" + ui + ">" + text.similar + "</h2>\n<ol class=\"ps-similar\">\n";
        for (const Hit& hit : similar) {
            out += "<li><a href=\"../record/" + percent_encode(hit.record.id) + "\"" +
                   lang(hit.title_language) + ">" +
                   escaped(hit.title.empty() ? hit.record.id : hit.title) + "</a>";
            if (hit.record.year) out += " (" + std::to_string(*hit.record.year) + ")";
            out += "</li>\n";
        }
        out += "</ol>\n";
    }
    out += "</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace polsearch
