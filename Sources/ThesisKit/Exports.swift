// ThesisKit is the one module the command-line tool imports. Its API speaks in the document's
// value types (diagnostics, results) and opens the project's store, so it re-exports those two
// modules; everything else (engine, directives, writers, native wrappers) stays behind it.
@_exported import ThesisCache
@_exported import ThesisDocument
