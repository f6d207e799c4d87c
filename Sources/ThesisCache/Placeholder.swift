// ThesisCache
