// The HTTP service's request handling, without sockets: arbitrary method, target, Host and
// Origin (the input's first four lines) against a small real database built at start.
// Promises: no crash or exception (handle() never throws); a status from 200 to 599; a JSON
// body that parses; an XML body (Atom, OpenSearch) that is well-formed.
#include <expat.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common.h"
#include "formats/record_io.h"
#include "index/index_writer.h"
#include "polsearch/engine.h"
#include "service/http_service.h"

using namespace polsearch;

namespace {

const char* const records[] = {
    R"({"id": "a", "title": {"en": "Soft power of Russia in Kazakhstan", "ru": "Мягкая сила России в Казахстане"}, "abstract": {"en": "Media, language and education as instruments.", "kk": "Ресейдің Қазақстандағы жұмсақ күші"}, "authors": ["Gubaidullina, M.", "Губайдуллина М."], "year": 2020, "journal": "Вестник", "keywords": {"en": ["soft power", "media"]}, "doi": "10.1234/abc"})",
    R"({"id": "b", "title": "Water politics in Central Asia", "abstract": "Rivers, dams & <energy> \"security\".", "year": 2015, "authors": ["Zhumabayev, A."]})",
    R"({"id": "c", "title": "Қазақстанның сыртқы саясаты", "abstract": "Көпвекторлы саясат және аймақтық қауіпсіздік.", "date": "2019-05-02", "language": "kk"})",
};

const HttpService& service() {
    static const std::unique_ptr<Engine> engine = [] {
        const std::string path = (fuzz::scratch() / "db").string();
        {
            IndexWriter writer(path);
            for (const char* text : records)
                writer.add(record_from_json(nlohmann::json::parse(text)));
            writer.commit();
        }
        return std::make_unique<Engine>(path);
    }();
    static const HttpService instance(*engine, [] {
        HttpServiceOptions options;
        options.cors_origins = {"*"};
        options.time_limit = 0.5;
        return options;
    }());
    return instance;
}

bool well_formed_xml(const std::string& text) {
    XML_Parser parser = XML_ParserCreate("UTF-8");
    const bool ok =
        XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_OK;
    XML_ParserFree(parser);
    return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::string fields[4];
    std::size_t start = 0;
    for (std::string& field : fields) {
        const std::size_t end = input.find('\n', start);
        field = input.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    HttpRequest request;
    request.method = fields[0].empty() ? "GET" : fields[0];
    request.target = fields[1].empty() ? "/" : fields[1];
    request.host = fields[2];
    request.origin = fields[3];
    const HttpResponse response = service().handle(request);
    POLSEARCH_FUZZ_CHECK(response.status >= 200 && response.status <= 599, "a status");
    const std::string& type = response.content_type;
    if (type.rfind("application/json", 0) == 0 ||
        type.rfind("application/vnd.citationstyles", 0) == 0) {
        POLSEARCH_FUZZ_CHECK(nlohmann::json::accept(response.body), "a JSON body parses");
    } else if (type.find("xml") != std::string::npos) {
        POLSEARCH_FUZZ_CHECK(well_formed_xml(response.body), "an XML body is well-formed");
    }
    for (const auto& [name, value] : response.headers) {
        for (const char c : name + value)
            POLSEARCH_FUZZ_CHECK(c != '\r' && c != '\n', "no line break in a header");
    }
    return 0;
}
