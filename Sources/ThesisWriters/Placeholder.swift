// ThesisWriters
