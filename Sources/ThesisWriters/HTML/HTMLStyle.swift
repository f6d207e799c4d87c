/// The report's style sheet and the script that renders math with KaTeX.
enum HTMLStyle {
    static let css = """
    :root { --text: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --accent: #0072B2; --bg-soft: #f6f7f9; }
    html { font-size: 17px; }
    .draft-error { border: 2px solid #c62828; background: #fdecea; color: #7f1d1d; padding: 0.6rem 0.9rem; margin: 1rem 0; border-radius: 4px; }
    .pending { border: 2px dashed #8a6d00; background: #fff8db; color: #4d3d00; padding: 0.6rem 0.9rem; margin: 1rem 0; border-radius: 4px; }
    .draft-error pre { white-space: pre-wrap; margin: 0.3rem 0 0; font-size: 0.85rem; }
    figure.subfigures .subfigure-row { display: flex; flex-wrap: wrap; gap: 1rem; justify-content: space-between; }
    figure.subfigures .subfigure-row > figure { flex: 1 1 45%; margin: 0; }
    .title-page .subtitle { font-size: 1.3rem; margin-top: 0; }
    dl.abbreviations { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1.2rem; }
    dl.abbreviations dt { font-weight: 600; }
    dl.abbreviations dd { margin: 0; }
    .dedication { font-style: italic; text-align: center; margin: 3rem 0; }
    body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.25rem 4rem; color: var(--text);
           font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; line-height: 1.6; }
    h1, h2, h3, h4, nav, figcaption, caption, th, .title-page .author, .title-page .date {
           font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
    h1 { font-size: 1.7rem; margin: 3rem 0 1rem; border-bottom: 1px solid var(--rule); padding-bottom: .3rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; }
    h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
    .number { color: var(--muted); margin-right: .35rem; }
    .title-page { text-align: center; margin: 2rem 0 2.5rem; }
    .title-page .title { border: none; font-size: 2.1rem; margin: 0 0 .5rem; }
    .title-page .author, .title-page .date { color: var(--muted); margin: .2rem 0; }
    nav.toc { background: var(--bg-soft); border: 1px solid var(--rule); border-radius: 6px; padding: .8rem 1.4rem; }
    nav.toc h2 { margin: .2rem 0 .4rem; font-size: 1.05rem; }
    nav.toc ol { list-style: none; padding-left: 0; margin: .2rem 0; }
    nav.toc ol ol { padding-left: 1.4rem; }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }
    figure { margin: 1.6rem 0; text-align: center; }
    figure img { max-width: 100%; height: auto; }
    figcaption, caption { font-size: .88rem; color: var(--muted); margin-top: .4rem; text-align: left; }
    caption { caption-side: top; margin-bottom: .4rem; }
    .label { font-weight: bold; color: var(--text); }
    .table-wrap { overflow-x: auto; margin: 1.4rem 0; }
    table { border-collapse: collapse; margin: 1rem auto; font-size: .88rem; font-variant-numeric: tabular-nums; }
    thead th { border-bottom: 1.5px solid var(--text); }
    table { border-top: 1.5px solid var(--text); border-bottom: 1.5px solid var(--text); }
    th, td { padding: .25rem .7rem; }
    table.result td, table.result th { white-space: nowrap; }
    .table-note { font-size: .8rem; color: var(--muted); margin: .2rem 0; }
    pre { background: var(--bg-soft); border: 1px solid var(--rule); border-radius: 4px; padding: .7rem; overflow-x: auto; font-size: .85rem; }
    code { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: .9em; }
    blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
    .math.display { margin: 1rem 0; overflow-x: auto; text-align: center; }
    .footnotes { font-size: .85rem; border-top: 1px solid var(--rule); margin-top: 2rem; }
    .references li { margin-bottom: .4rem; }
    .references ul { list-style: none; padding-left: 0; }
    .references li { padding-left: 1.5rem; text-indent: -1.5rem; }
    .equation { display: flex; align-items: center; gap: 1rem; }
    .equation > .math { flex: 1; }
    .equation-number { white-space: nowrap; }
    .failure { border: 2px solid #D55E00; background: #fff4ec; padding: .6rem; border-radius: 4px; }
    .broken { color: #D55E00; font-weight: bold; }
    .table-wrap > table { margin-left: auto; margin-right: auto; }
    figure img { cursor: zoom-in; }
    @media print {
      .sidebar, .menu-toggle, .page-nav, .zoom, .search { display: none !important; }
      body, body.book { display: block; max-width: none; margin: 0; padding: 0; font-size: 11pt; }
      body.book main { max-width: none; margin: 0; padding: 0; }
      a { color: inherit; }
      figure, table, pre, .equation, .draft-error { break-inside: avoid; }
      h1, h2, h3, caption { break-after: avoid; }
      section.chapter, section.front, section.references { break-before: page; }
      .table-wrap, pre, .math.display { overflow: visible; }
      table.result td, table.result th { white-space: normal; }
      figure img { cursor: auto; }
    }

    """

    /// The book layout's additions: the sidebar, search, previous/next links, the zoomed figure.
    static let bookCSS = """
    body.book { max-width: none; margin: 0; padding: 0; display: grid; grid-template-columns: 18rem minmax(0, 1fr); }
    body.book main { min-width: 0; max-width: 46rem; width: 100%; box-sizing: border-box; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
    .sidebar { position: sticky; top: 0; height: 100vh; overflow-y: auto; box-sizing: border-box; padding: 1rem 1rem 2rem;
               background: var(--bg-soft); border-right: 1px solid var(--rule); font-size: .88rem; line-height: 1.4;
               font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
    .sidebar .book-title { font-weight: 700; font-size: 1rem; margin: 0 0 .8rem; }
    .sidebar .book-title a { color: var(--text); }
    .sidebar ol { list-style: none; padding-left: 0; margin: 0; }
    .sidebar .chapters > li { margin: .15rem 0; }
    .sidebar .chapters > li > a { display: block; padding: .2rem .4rem; border-radius: 4px; }
    .sidebar li.current > a { background: #e4ecf5; color: var(--text); font-weight: 600; }
    .sidebar .outline { margin: .2rem 0 .4rem .8rem; border-left: 2px solid var(--rule); }
    .sidebar .outline li { padding: .1rem 0 .1rem .6rem; }
    .sidebar .outline li.level3 { padding-left: 1.4rem; font-size: .82rem; }
    .search input { width: 100%; box-sizing: border-box; padding: .35rem .5rem; font: inherit; border: 1px solid var(--rule); border-radius: 4px; }
    .search-results { margin: .4rem 0 .8rem; max-height: 60vh; overflow-y: auto; background: #fff; border: 1px solid var(--rule); border-radius: 4px; }
    .search-results li { border-bottom: 1px solid var(--rule); }
    .search-results li:last-child { border-bottom: none; }
    .search-results a { display: block; padding: .35rem .5rem; color: var(--text); }
    .search-results .hit-heading { display: block; font-weight: 600; color: var(--accent); }
    .search-results .hit-page { display: block; font-size: .75rem; color: var(--muted); }
    .search-results .hit-text { display: block; font-size: .78rem; color: var(--muted); }
    .search-results .empty { padding: .35rem .5rem; color: var(--muted); }
    .page-nav { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1rem;
                border-top: 1px solid var(--rule); font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: .9rem; }
    .page-nav .next { margin-left: auto; text-align: right; }
    .menu-toggle { display: none; }
    .zoom { position: fixed; inset: 0; z-index: 20; display: flex; align-items: center; justify-content: center;
            background: rgba(0, 0, 0, .82); cursor: zoom-out; }
    .zoom[hidden] { display: none; }
    .zoom img { max-width: 96vw; max-height: 94vh; background: #fff; padding: .5rem; border-radius: 4px; }
    @media (max-width: 900px) {
      body.book { display: block; }
      .sidebar { display: none; position: static; height: auto; border-right: none; border-bottom: 1px solid var(--rule); }
      body.menu-open .sidebar { display: block; }
      .menu-toggle { display: block; margin: .6rem 1rem 0; padding: .35rem .7rem; font: inherit; font-size: .9rem;
                     background: var(--bg-soft); border: 1px solid var(--rule); border-radius: 4px; }
    }

    """

    static let script = """
    (function () {
      if (typeof katex === "undefined") { return; }
      document.querySelectorAll(".math").forEach(function (element) {
        katex.render(element.textContent, element, {
          displayMode: element.classList.contains("display"), throwOnError: false });
      });
    })();

    """

    /// The book's script: the menu on narrow screens, figures full size on click, and search
    /// (a lunr index built from `search-index.js` when the search box is first used).
    static let bookScript = """
    (function () {
      var toggle = document.querySelector(".menu-toggle");
      if (toggle) {
        toggle.addEventListener("click", function () {
          var open = document.body.classList.toggle("menu-open");
          toggle.setAttribute("aria-expanded", open ? "true" : "false");
        });
      }
      var sidebar = document.querySelector(".sidebar"), current = document.querySelector(".sidebar [aria-current]");
      if (sidebar && current && current.offsetTop > sidebar.clientHeight / 2) {
        sidebar.scrollTop = current.offsetTop - sidebar.clientHeight / 3;
      }

      var zoom = document.querySelector(".zoom");
      if (zoom) {
        var large = zoom.querySelector("img");
        document.querySelectorAll("main figure img").forEach(function (image) {
          image.addEventListener("click", function () {
            var source = image.parentElement.tagName === "PICTURE" ? image.parentElement.querySelector("source") : null;
            large.src = source ? source.getAttribute("srcset") : image.getAttribute("src");
            large.alt = image.alt;
            zoom.hidden = false;
          });
        });
        zoom.addEventListener("click", function () { zoom.hidden = true; });
        document.addEventListener("keydown", function (event) { if (event.key === "Escape") { zoom.hidden = true; } });
      }

      var input = document.getElementById("search-input"), list = document.getElementById("search-results");
      if (!input || !list) { return; }
      var documents = window.thesisSearchDocuments || [], index = null;
      function build() {
        if (index || typeof lunr === "undefined") { return; }
        index = lunr(function () {
          this.ref("i");
          this.field("h", { boost: 5 });
          this.field("b");
          for (var i = 0; i < documents.length; i++) { this.add({ i: String(i), h: documents[i].h, b: documents[i].b }); }
        });
      }
      function item(className, text) {
        var span = document.createElement("span");
        span.className = className;
        span.textContent = text;
        return span;
      }
      function snippet(text, words) {
        var lower = text.toLowerCase(), at = -1;
        for (var i = 0; i < words.length && at < 0; i++) { at = lower.indexOf(words[i]); }
        if (at < 0) { return text.slice(0, 140); }
        var start = Math.max(0, at - 60);
        return (start > 0 ? "…" : "") + text.slice(start, at + 80).replace(/\\s+/g, " ") + "…";
      }
      function search() {
        var query = input.value.trim();
        list.textContent = "";
        list.hidden = query === "";
        if (query === "") { return; }
        if (typeof lunr === "undefined") {
          list.appendChild(item("empty", "Search is unavailable: lunr was not installed when the report was built."));
          return;
        }
        build();
        var words = lunr.tokenizer(query).map(function (token) { return token.toString(); });
        var hits = index.query(function (q) {
          words.forEach(function (word) {
            q.term(word, { boost: 10 });
            q.term(word, { wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
          });
        }).slice(0, 20);
        if (hits.length === 0) { list.appendChild(item("empty", "Nothing found for \\u201c" + query + "\\u201d.")); return; }
        hits.forEach(function (hit) {
          var entry = documents[Number(hit.ref)], li = document.createElement("li"), a = document.createElement("a");
          a.href = entry.u;
          a.appendChild(item("hit-heading", entry.h));
          if (entry.p !== entry.h) { a.appendChild(item("hit-page", entry.p)); }
          a.appendChild(item("hit-text", snippet(entry.b, words)));
          li.appendChild(a);
          list.appendChild(li);
        });
      }
      input.addEventListener("input", search);
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { var first = list.querySelector("a"); if (first) { window.location.href = first.href; } }
        if (event.key === "Escape") { input.value = ""; search(); }
      });
    })();

    """
}
