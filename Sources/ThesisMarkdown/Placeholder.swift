// ThesisMarkdown
