window.thesisSearchDocuments = [
{"u":"01-all.html","h":"1 Every construct","p":"1 Every construct","b":"A paragraph with emphasis, strong, struck, code <b>, a link, special characters & < > \" ' # $5 % _ ^ ~ \\ { } |, Unicode ä – — α Σ ≤ −1, and a hard break. Inline math \\hat{\\beta}_{OLS} = (X'X)^{-1} X'y with stars and underscores inside."},
{"u":"01-all.html#sec:ch1-lists-and-quotes","h":"1.1 Lists and quotes","p":"1 Every construct","b":"first item with Bernanke, Boivin, and Eliasz (2005)\nsecond item with (Bernanke, Boivin, and Eliasz 2005; Stock and Watson 2002)\nthree\nfour\nA block quote with a footnote."},
{"u":"01-all.html#sec:ch1-math-code-tables","h":"1.2 Math, code, tables","p":"1 Every construct","b":"let x = \"<<data describe data=macro>>\" // shown, not executed\n\nLeft Centre Right\na & b c 1.5\nraw html is shown, not passed through."},
{"u":"01-all.html#sec:ch1-results","h":"1.3 Results","p":"1 Every construct","b":"See Table 1.1, Figure 1.1 and Section 1; the mean is −0.12.\nSummary & <statistics>\nComputed on 2 series.\nA figure_with $pecial characters\nComputed on 2 series.\nThe footnote's text, with code."},
{"u":"02-more.html","h":"2 More","p":"2 More","b":"Back to Section 1 and Table 1.1, as Bernanke, Boivin, and Eliasz (2005) showed; a footnote."},
{"u":"02-more.html#sec:ch2-closing-words","h":"2.1 Closing words","p":"2 More","b":"The word zebra is only here.\nFootnotes stay on their page."},
{"u":"references.html#ref-bbe2005","h":"References","p":"References","b":"Bernanke, Ben S., Jean Boivin, and Piotr Eliasz. 2005. “Measuring the Effects of Monetary Policy.” QJE 120: 387–422."},
{"u":"references.html#ref-stock2002","h":"References","p":"References","b":"Stock, James H., and Mark W. Watson. 2002. “Macroeconomic Forecasting Using Diffusion Indexes.” JBES."}
];
