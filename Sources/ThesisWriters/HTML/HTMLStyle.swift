/// The report's style sheet and the script that renders math with KaTeX.
enum HTMLStyle {
    static let css = """
    :root { --text: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --accent: #0072B2; --bg-soft: #f6f7f9; }
    html { font-size: 17px; }
    .draft-error { border: 2px solid #c62828; background: #fdecea; color: #7f1d1d; padding: 0.6rem 0.9rem; margin: 1rem 0; border-radius: 4px; }
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
}
