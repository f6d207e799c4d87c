import ThesisMarkdown

/// `thesis dump-ast`: how a chapter is parsed, one node per line, with the reader's diagnostics.
public enum ChapterDump {
    public static func dump(_ text: String, file: String) -> (dump: String, diagnostics: [Diagnostic]) {
        let (chapter, diagnostics) = MarkdownReader.read(text, file: file, number: 1)
        return (chapter.dump(), diagnostics)
    }
}
