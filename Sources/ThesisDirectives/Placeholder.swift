// ThesisDirectives
