// ThesisData
