// ThesisKit
