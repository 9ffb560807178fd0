// polsearch search widget: plain JavaScript, no build step. A portal page includes it with
//   <script src="https://search.example/widget.js" defer></script>
//   <div data-polsearch data-lang="ru"></div>
// and the element becomes a search box with hits, facets as filters (a "show all" button past
// eight values), a sort order, paging, export links and a chart of hits by year, served by the
// polsearch-serve the script came from (docs/http.md). Each title links to the record's page.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/\/widget\.js(\?.*)?$/, "") : "";

  var texts = {
    en: { label: "Search the abstracts", search: "Search", interface: "Interface language",
      found: function (n, exact) { return (exact ? "" : "About ") + n + (n === 1 ? " record" : " records") + " found"; },
      none: "No records match.", meant: "Did you mean", partial: "Some shards did not answer; these hits come from the others:",
      filters: "Filters", remove: "Remove filter", previous: "Previous page", next: "Next page",
      page: function (p, n) { return "Page " + p + " of " + n; }, exports: "Export these hits:",
      chart: "Hits by year", facet: { year: "Year", language: "Language", keyword: "Keyword", author: "Author",
        journal: "Journal", section: "Section", decade: "Decade" }, error: "The search failed:",
      sort: "Sort", sorts: { relevance: "Relevance", "-date": "Newest first", date: "Oldest first" },
      more: function (n) { return "Show all (" + n + ")"; }, fewer: "Show fewer", record: "Record" },
    ru: { label: "Поиск по аннотациям", search: "Найти", interface: "Язык интерфейса",
      found: function (n, exact) { return (exact ? "" : "Около ") + "найдено записей: " + n; },
      none: "Ничего не найдено.", meant: "Возможно, вы имели в виду", partial: "Некоторые сегменты не ответили; результаты из остальных:",
      filters: "Фильтры", remove: "Убрать фильтр", previous: "Предыдущая страница", next: "Следующая страница",
      page: function (p, n) { return "Страница " + p + " из " + n; }, exports: "Экспорт результатов:",
      chart: "Результаты по годам", facet: { year: "Год", language: "Язык", keyword: "Ключевое слово", author: "Автор",
        journal: "Журнал", section: "Раздел", decade: "Десятилетие" }, error: "Ошибка поиска:",
      sort: "Сортировка", sorts: { relevance: "По релевантности", "-date": "Сначала новые", date: "Сначала старые" },
      more: function (n) { return "Показать все (" + n + ")"; }, fewer: "Свернуть", record: "Запись" },
    kk: { label: "Аңдатпалар бойынша іздеу", search: "Іздеу", interface: "Интерфейс тілі",
      found: function (n, exact) { return (exact ? "" : "Шамамен ") + "табылған жазбалар: " + n; },
      none: "Ештеңе табылмады.", meant: "Мүмкін, сіз мұны іздедіңіз", partial: "Кейбір сегменттер жауап бермеді; нәтижелер қалғандарынан:",
      filters: "Сүзгілер", remove: "Сүзгіні алып тастау", previous: "Алдыңғы бет", next: "Келесі бет",
      page: function (p, n) { return p + "-бет, барлығы " + n; }, exports: "Нәтижелерді экспорттау:",
      chart: "Жылдар бойынша нәтижелер", facet: { year: "Жыл", language: "Тіл", keyword: "Түйінді сөз", author: "Автор",
        journal: "Журнал", section: "Бөлім", decade: "Онжылдық" }, error: "Іздеу қатесі:",
      sort: "Сұрыптау", sorts: { relevance: "Сәйкестігі бойынша", "-date": "Алдымен жаңалары", date: "Алдымен ескілері" },
      more: function (n) { return "Барлығын көрсету (" + n + ")"; }, fewer: "Азырақ көрсету", record: "Жазба" }
  };
  var languageNames = { en: "English", ru: "Русский", kk: "Қазақша" };
  var shownFacets = ["year", "language", "keyword", "author", "journal"];
  var sortOrders = ["relevance", "-date", "date"];
  var facetValuesShown = 8;  // then a "show all" button for the rest
  var facetLimit = 50;       // values asked for per facet

  // The first of the browser's languages that the interface has ("kk-KZ" → "kk"), or "".
  function browserLanguage() {
    var languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < languages.length; i++) {
      var code = String(languages[i] || "").slice(0, 2).toLowerCase();
      if (texts[code]) return code;
    }
    return "";
  }
  var counter = 0;

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (attributes[name] === null || attributes[name] === undefined) return;
      if (name === "text") node.textContent = attributes[name];
      else if (name === "html") node.innerHTML = attributes[name];  // only the service's escaped snippets
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), attributes[name]);
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function loadStyles() {
    if (document.querySelector("link[data-polsearch-css]")) return;
    document.head.appendChild(element("link", { rel: "stylesheet", href: base + "/widget.css", "data-polsearch-css": "" }));
  }

  function Widget(root) {
    var id = "polsearch-" + (++counter);
    var useHistory = root.getAttribute("data-history") === "true";
    var state = { q: "", page: 1, filters: [], sort: "relevance", lang: root.getAttribute("data-lang") || "" };
    var size = parseInt(root.getAttribute("data-size") || "10", 10);
    // The interface language: the element's data-lang, else the one in the address (a
    // bookmarked search), else the browser's, else the query's (once the service has read
    // it), else English.
    var langChosen = !!texts[state.lang];
    if (!langChosen) state.lang = "";

    if (useHistory) {
      var params = new URLSearchParams(location.search);
      state.q = params.get("q") || "";
      state.page = parseInt(params.get("page") || "1", 10) || 1;
      if (sortOrders.indexOf(params.get("sort")) >= 0) state.sort = params.get("sort");
      if (!langChosen && texts[params.get("lang")]) { state.lang = params.get("lang"); langChosen = true; }
      params.forEach(function (value, name) {
        if (name.slice(0, 2) === "f.") state.filters.push([name.slice(2), value]);
      });
    }
    if (!langChosen) {
      state.lang = browserLanguage();
      langChosen = !!state.lang;
    }
    if (!state.lang) state.lang = "en";  // until the query says its language

    root.classList.add("polsearch");
    var input = element("input", { type: "search", id: id + "-q", name: "q", autocomplete: "off",
      list: id + "-suggestions", "aria-describedby": id + "-status" });
    var suggestions = element("datalist", { id: id + "-suggestions" });
    var label = element("label", { "for": id + "-q" });
    var button = element("button", { type: "submit" });
    var languageLabel = element("label", { "for": id + "-lang" });
    var languageSelect = element("select", { id: id + "-lang" });
    Object.keys(languageNames).forEach(function (code) {
      languageSelect.appendChild(element("option", { value: code, text: languageNames[code], lang: code }));
    });
    var sortLabel = element("label", { "for": id + "-sort" });
    var sortSelect = element("select", { id: id + "-sort", "class": "ps-sort" });
    sortOrders.forEach(function (order) { sortSelect.appendChild(element("option", { value: order })); });
    var form = element("form", { role: "search" }, [label, input, suggestions, button, languageLabel, languageSelect,
      sortLabel, sortSelect]);
    var status = element("div", { id: id + "-status", "class": "ps-status", role: "status", "aria-live": "polite" });
    var filters = element("div", { "class": "ps-filters" });
    var hits = element("ol", { "class": "ps-hits" });
    var pages = element("nav", { "class": "ps-pages" });
    var exportsBox = element("p", { "class": "ps-exports" });
    var facets = element("aside", { "class": "ps-facets" });
    var results = element("section", { "class": "ps-results" }, [status, filters, hits, pages, exportsBox]);
    root.textContent = "";
    root.appendChild(form);
    root.appendChild(element("div", { "class": "ps-layout" }, [facets, results]));

    function t() { return texts[state.lang]; }

    function relabel() {
      label.textContent = t().label;
      button.textContent = t().search;
      languageLabel.textContent = t().interface;
      languageSelect.value = state.lang;
      sortLabel.textContent = t().sort;
      Array.prototype.forEach.call(sortSelect.options, function (option) { option.textContent = t().sorts[option.value]; });
      sortSelect.value = state.sort;
      pages.setAttribute("aria-label", t().page(1, 1).replace(/[0-9]/g, "").trim() || "pages");
      root.setAttribute("lang", state.lang);
    }

    // The query and filters (what the facets count), with the sort order unless `unsorted`.
    function query(extra, unsorted) {
      var params = new URLSearchParams();
      params.set("q", state.q);
      state.filters.forEach(function (filter) { params.append("f." + filter[0], filter[1]); });
      if (!unsorted && state.sort !== "relevance") params.set("sort", state.sort);
      Object.keys(extra || {}).forEach(function (name) { params.set(name, extra[name]); });
      return params;
    }

    function remember() {
      if (!useHistory) return;
      // The interface language too, once chosen; hits show in the query's language (the
      // service's default).
      var params = query(langChosen ? { page: String(state.page), lang: state.lang } : { page: String(state.page) });
      history.replaceState(null, "", location.pathname + "?" + params.toString());
    }

    function chart(values) {
      var years = values.map(function (v) { return { year: parseInt(v.value, 10), count: v.count }; })
        .filter(function (v) { return !isNaN(v.year); })
        .sort(function (a, b) { return a.year - b.year; });
      if (years.length < 2) return null;
      var most = Math.max.apply(null, years.map(function (v) { return v.count; }));
      var width = 200, height = 70, barWidth = width / years.length;
      var svgNs = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(svgNs, "svg");
      svg.setAttribute("viewBox", "0 0 " + width + " " + (height + 12));
      svg.setAttribute("class", "ps-chart");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", t().chart + ": " + years.map(function (v) { return v.year + " " + v.count; }).join(", "));
      years.forEach(function (v, i) {
        var barHeight = Math.max(1, Math.round(height * v.count / most));
        var rect = document.createElementNS(svgNs, "rect");
        rect.setAttribute("x", String(i * barWidth + 1));
        rect.setAttribute("y", String(height - barHeight));
        rect.setAttribute("width", String(Math.max(1, barWidth - 2)));
        rect.setAttribute("height", String(barHeight));
        var title = document.createElementNS(svgNs, "title");
        title.textContent = v.year + ": " + v.count;
        rect.appendChild(title);
        svg.appendChild(rect);
      });
      [years[0], years[years.length - 1]].forEach(function (v, i) {
        var text = document.createElementNS(svgNs, "text");
        text.setAttribute("x", i === 0 ? "0" : String(width));
        text.setAttribute("y", String(height + 10));
        text.setAttribute("text-anchor", i === 0 ? "start" : "end");
        text.textContent = String(v.year);
        svg.appendChild(text);
      });
      return element("figure", { "class": "ps-chart-box" }, [element("figcaption", { text: t().chart }), svg]);
    }

    function showFacets(result) {
      facets.textContent = "";
      var all = result.facets || {};
      if (all.year) {
        var figure = chart(all.year);
        if (figure) facets.appendChild(figure);
      }
      shownFacets.forEach(function (name) {
        var values = all[name] || [];
        if (!values.length) return;
        var list = element("ul", { id: id + "-facet-" + name });
        values.forEach(function (value, index) {
          var shown = name === "language" && languageNames[value.value] ? languageNames[value.value] : value.value;
          list.appendChild(element("li", { hidden: index >= facetValuesShown ? "" : null },
            [element("button", { type: "button", "data-facet": name, "data-value": value.value,
              lang: name === "language" && languageNames[value.value] ? value.value : null,
              onclick: function () { state.filters.push([name, value.value]); state.page = 1; run(); } },
            [document.createTextNode(shown + " "), element("span", { "class": "ps-count", text: "(" + (result.facets_exact === false ? "~" : "") + value.count + ")" })])]));
        });
        facets.appendChild(element("h2", { text: t().facet[name] || name }));
        facets.appendChild(list);
        if (values.length > facetValuesShown) {
          // The rest of the values the service gave, behind a button.
          var more = element("button", { type: "button", "class": "ps-more", "data-facet-more": name,
            "aria-expanded": "false", "aria-controls": id + "-facet-" + name, text: t().more(values.length) });
          more.addEventListener("click", function () {
            var open = more.getAttribute("aria-expanded") !== "true";
            Array.prototype.forEach.call(list.children, function (item, index) {
              if (index >= facetValuesShown) item.hidden = !open;
            });
            more.setAttribute("aria-expanded", String(open));
            more.textContent = open ? t().fewer : t().more(values.length);
          });
          facets.appendChild(more);
        }
      });
    }

    function showFilters() {
      filters.textContent = "";
      if (!state.filters.length) return;
      filters.appendChild(document.createTextNode(t().filters + ": "));
      state.filters.forEach(function (filter, index) {
        filters.appendChild(element("button", { type: "button", "class": "ps-filter", "aria-label": t().remove + " " + filter[1],
          text: (t().facet[filter[0]] || filter[0]) + ": " + filter[1] + " ×",
          onclick: function () { state.filters.splice(index, 1); state.page = 1; run(); } }));
      });
    }

    function showHits(result) {
      hits.textContent = "";
      hits.setAttribute("start", String(result.offset + 1));
      result.hits.forEach(function (hit) {
        // The record's page (every language version, exports, similar records); the DOI beside.
        var href = base + "/record/" + encodeURIComponent(hit.id) + "?lang=" + state.lang;
        var meta = [hit.authors.join("; "), hit.year, hit.journal].filter(function (x) { return x; }).join(" · ");
        var metaBox = element("div", { "class": "ps-meta", text: meta });
        if (hit.doi) {
          if (meta) metaBox.appendChild(document.createTextNode(" · "));
          metaBox.appendChild(element("a", { href: "https://doi.org/" + hit.doi, text: "doi:" + hit.doi }));
        }
        hits.appendChild(element("li", { "class": "ps-hit", "data-id": hit.id, "data-year": hit.year === null ? null : String(hit.year) }, [
          element("h3", { lang: hit.title_language || hit.language }, [element("a", { href: href, text: hit.title || hit.id })]),
          metaBox,
          element("p", { "class": "ps-snippet", lang: hit.snippet_language || hit.language, html: hit.snippet })
        ]));
      });
    }

    function showPages(result) {
      pages.textContent = "";
      var last = result.links && result.links.last ? (parseInt(new URLSearchParams(result.links.last.split("?")[1]).get("page"), 10) || 1) : 1;
      if (last <= 1) return;
      pages.appendChild(element("button", { type: "button", text: "← " + t().previous, disabled: state.page <= 1 ? "" : null,
        onclick: function () { state.page -= 1; run(); } }));
      pages.appendChild(element("span", { text: t().page(state.page, last) }));
      pages.appendChild(element("button", { type: "button", text: t().next + " →", disabled: state.page >= last ? "" : null,
        onclick: function () { state.page += 1; run(); } }));
    }

    function showExports() {
      exportsBox.textContent = "";
      exportsBox.appendChild(document.createTextNode(t().exports + " "));
      [["ris", "RIS"], ["bibtex", "BibTeX"], ["csl-json", "CSL-JSON"]].forEach(function (format) {
        var params = query({ format: format[0] });
        exportsBox.appendChild(element("a", { href: base + "/export?" + params.toString(), download: "", text: format[1] }));
      });
    }

    function showError(message) {
      facetsFor = null;
      status.textContent = t().error + " " + message;
      hits.textContent = "";
      facets.textContent = "";
      pages.textContent = "";
      exportsBox.textContent = "";
    }

    var running = 0;
    // Facets count every match, the dearest part of a search: they are asked for once per
    // query and filters, not again for each page.
    var facetsFor = null;
    function run() {
      relabel();
      input.value = state.q;
      if (!state.q.trim()) return;
      remember();
      var mine = ++running;
      root.setAttribute("aria-busy", "true");
      var facetKey = query(null, true).toString();
      var extra = { page: String(state.page), size: String(size), facet_limit: String(facetLimit) };
      if (facetKey === facetsFor) extra.facets = "false";
      fetch(base + "/search?" + query(extra).toString())
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          if (mine !== running) return;
          root.removeAttribute("aria-busy");
          showFilters();
          if (!answer.ok) { showError(answer.body.error ? answer.body.error.message : "?"); return; }
          var result = answer.body;
          if (!langChosen && texts[result.query_language] && result.query_language !== state.lang) {
            // Neither the page nor the browser named a language of ours: the query's.
            state.lang = result.query_language;
            langChosen = true;
            relabel();
            showFilters();
            remember();
          }
          status.textContent = "";
          if (result.partial) status.appendChild(element("p", { "class": "ps-warning", text: t().partial + " " + result.missing_shards.join(", ") }));
          status.appendChild(document.createTextNode(result.total ? t().found(result.total, result.total_exact) : t().none));
          if (result.did_you_mean) {
            status.appendChild(element("span", { "class": "ps-suggest" }, [document.createTextNode(" " + t().meant + " "),
              element("button", { type: "button", text: result.did_you_mean,
                onclick: function () { state.q = result.did_you_mean; state.page = 1; run(); } })]));
          }
          showHits(result);
          if (result.facets || facetKey !== facetsFor) {
            showFacets(result);
            facetsFor = facetKey;
          }
          showPages(result);
          showExports();
          root.setAttribute("data-total", String(result.total));
        })
        .catch(function (failure) {
          if (mine !== running) return;
          root.removeAttribute("aria-busy");
          showError(String(failure));
        });
    }

    var suggestTimer = null;
    input.addEventListener("input", function () {
      clearTimeout(suggestTimer);
      var typed = input.value;
      if (typed.trim().length < 2) return;
      suggestTimer = setTimeout(function () {
        fetch(base + "/suggest?" + new URLSearchParams({ q: typed, size: "8" }).toString())
          .then(function (response) { return response.ok ? response.json() : { completions: [] }; })
          .then(function (answer) {
            suggestions.textContent = "";
            answer.completions.forEach(function (c) { suggestions.appendChild(element("option", { value: c.text })); });
          })
          .catch(function () {});
      }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = input.value;
      state.page = 1;
      state.filters = [];
      run();
    });
    sortSelect.addEventListener("change", function () {
      state.sort = sortSelect.value;
      state.page = 1;
      if (state.q.trim()) run();
    });
    languageSelect.addEventListener("change", function () {
      state.lang = languageSelect.value;
      langChosen = true;
      facetsFor = null;  // facet headings in the new language
      if (state.q.trim()) run(); else relabel();
    });
    relabel();
    run();
  }

  function start() {
    loadStyles();
    Array.prototype.forEach.call(document.querySelectorAll("[data-polsearch]"), function (root) {
      if (!root.hasAttribute("data-polsearch-ready")) {
        root.setAttribute("data-polsearch-ready", "");
        Widget(root);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
