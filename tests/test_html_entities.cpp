// HTML character references in harvested text (html_entities.h): the decoder, and the OAI-PMH
// and OJS readers that use it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "formats/ojs_page.h"
#include "formats/record_reader.h"
#include "polsearch/engine.h"
#include "support.h"
#include "text/html_entities.h"

using namespace polsearch;

namespace {

// An OAI-PMH page of one record whose Dublin Core text holds escaped HTML, as OJS writes it:
// "&amp;ndash;" in the XML is the text "&ndash;" once expat has read it.
const char* const oai_page = R"(<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <ListRecords>
    <record>
      <header><identifier>oai:journal.example.kz:article/7</identifier></header>
      <metadata>
        <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title xml:lang="en-US">Water&amp;ndash;energy nexus in the Aral&amp;nbsp;Sea region&amp;rsquo;s &amp;#171;big&amp;#187; politics</dc:title>
          <dc:creator>Seitkali, A.</dc:creator>
          <dc:subject xml:lang="en-US">water&amp;ndash;energy; the region&amp;rsquo;s rivers</dc:subject>
          <dc:description xml:lang="en-US">&lt;p&gt;Water&amp;ndash;energy trade&amp;hellip; in the region&amp;rsquo;s &amp;#xAB;big&amp;#xBB; basins &amp;mdash; R&amp;amp;D &amp;euro;5&lt;/p&gt;</dc:description>
          <dc:date>2025-03-31</dc:date>
          <dc:identifier>10.32523/entities-7</dc:identifier>
          <dc:language>eng</dc:language>
        </oai_dc:dc>
      </metadata>
    </record>
  </ListRecords>
</OAI-PMH>
)";

}  // namespace

TEST_CASE("HTML character references: every HTML5 name and numbers", "[html_entities]") {
    CHECK(decode_html_entities("Water&ndash;energy region&rsquo;s &#171;big&#187;") ==
          "Water–energy region’s «big»");
    CHECK(decode_html_entities("&#xAB;x&#XBB; &#x1F600; &hellip;&mdash;&euro;&nbsp;") ==
          "«x» 😀 …—€\u00A0");
    // Names of two code points, and long ones, from the whole table.
    CHECK(decode_html_entities("&NotEqualTilde;") == "\u2242\u0338");
    CHECK(decode_html_entities("&CounterClockwiseContourIntegral;") == "\u2233");
    CHECK(decode_html_entities("&amp;&lt;&gt;&quot;&apos;&laquo;&raquo;") == "&<>\"'«»");
    CHECK(decode_html_entities("&Ccedil;&scaron;&Aring;") == "ÇšÅ");
    // Numbers that are no character: U+FFFD; 0x80-0x9F as windows-1252 (HTML5).
    CHECK(decode_html_entities("&#0;&#xD800;&#x110000;&#99999999999;") ==
          "\uFFFD\uFFFD\uFFFD\uFFFD");
    CHECK(decode_html_entities("&#150;&#x93;") == "–“");
    CHECK(decode_html_entities("&#171") == "«");  // browsers allow a number without ';'
    // What is no reference stays as written.
    for (const char* kept : {"R&D", "AT&T", "&", "&;", "&#;", "&#x;", "&unknownname;", "&amp",
                             "a & b", "&ndash", "&#xZZ;", "fish&chips;"}) {
        CHECK(decode_html_entities(kept) == kept);
    }
}

TEST_CASE("OAI-PMH: HTML entities in titles, keywords and abstracts are decoded",
          "[html_entities]") {
    test::TempDir dir;
    test::write_file(dir / "page.xml", oai_page);
    std::vector<Record> records;
    RecordSinks sinks;
    sinks.on_record = [&](Record&& record, const std::string&) {
        records.push_back(std::move(record));
    };
    read_records(dir / "page.xml", InputFormat::oai, sinks, {});
    REQUIRE(records.size() == 1);
    const Record& record = records[0];
    CHECK(record.title.at(0).text ==
          "Water–energy nexus in the Aral\u00A0Sea region’s «big» politics");
    CHECK(record.abstract.at(0).text ==
          "Water–energy trade… in the region’s «big» basins — R&D €5");
    CHECK(record.keywords.at(0).keywords ==
          std::vector<std::string>{"water–energy", "the region’s rivers"});

    // Indexed: the words are found, and "rsquo" is not a word of the record.
    const std::string database = dir / "db";
    REQUIRE(test::run(test::program("polsearch-index") + " --quiet --db " + database + " " +
                      (dir / "page.xml"))
                .status == 0);
    const Engine engine(database);
    const auto total = [&](const std::string& query) {
        SearchRequest request;
        request.query = query;
        return engine.search(request).total;
    };
    CHECK(total("rsquo") == 0);
    CHECK(total("ndash") == 0);
    CHECK(total("hellip") == 0);
    CHECK(total("region's basins") == 1);
    CHECK(total("\"water energy\"") == 1);
}

TEST_CASE("OJS article pages: HTML entities are decoded", "[html_entities]") {
    const Record record = parse_ojs_page(
        "Water&ndash;energy in the region&rsquo;s &#171;big&#187; basins\n"
        "Authors\nSeitkali A.\n"
        "Abstract\nThe Aral&nbsp;Sea&hellip; R&D &amp; trade.\n"
        "Keywords\nwater&ndash;energy, rivers\n",
        "page-7.txt");
    CHECK(record.title.at(0).text == "Water–energy in the region’s «big» basins");
    CHECK(record.abstract.at(0).text == "The Aral\u00A0Sea… R&D & trade.");
    CHECK(record.keywords.at(0).keywords == std::vector<std::string>{"water–energy", "rivers"});
}
