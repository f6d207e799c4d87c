import Foundation

/// How one column of text categories becomes numbers for a network, fitted on the training
/// rows only (as scikit-learn's `OneHotEncoder(handle_unknown="ignore")` and `OrdinalEncoder`).
///
/// - `oneHot`: one 0/1 column per category seen in training, named `COLUMN=CATEGORY`, in sorted
///   order; a category the training rows never had encodes as all zeros.
/// - `ordinal`: one column holding the category's position: in the declared order when one is
///   given, else in the sorted order of the training rows' categories; any other category is an
///   error (there is no number for it).
public struct CategoricalEncoding: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case oneHot = "one-hot"
        case ordinal
    }

    /// The data column the categories come from.
    public var column: String
    public var kind: Kind
    /// The categories, in code order: the fitted (or declared) vocabulary.
    public var categories: [String]

    public init(column: String, kind: Kind, categories: [String]) {
        self.column = column
        self.kind = kind
        self.categories = categories
    }

    /// A problem encoding a value: its row and what would be valid.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Fits the vocabulary on `labels` (the training rows' categories; no nil): sorted by their
    /// UTF-8 bytes, as numpy sorts strings. With `order`, that order is the vocabulary and every
    /// training label must be in it.
    public static func fit(column: String, kind: Kind, labels: [String], order: [String]? = nil) throws
        -> CategoricalEncoding
    {
        if let order {
            guard Set(order).count == order.count, !order.isEmpty else {
                throw Problem(description: "the order of '\(column)' must list each category once")
            }
            if let stray = labels.first(where: { !order.contains($0) }) {
                throw Problem(
                    description:
                        "'\(column)' has the category '\(stray)', which its declared order (\(order.joined(separator: "<"))) lacks")
            }
            return CategoricalEncoding(column: column, kind: kind, categories: order)
        }
        let vocabulary = Set(labels).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard !vocabulary.isEmpty else {
            throw Problem(description: "'\(column)' has no categories in the training rows")
        }
        return CategoricalEncoding(column: column, kind: kind, categories: vocabulary)
    }

    /// The names of the columns this encoding produces, in order.
    public var encodedNames: [String] {
        switch kind {
        case .oneHot: return categories.map { "\(column)=\($0)" }
        case .ordinal: return [column]
        }
    }

    /// The encoded values of one category.
    public func encode(_ label: String) throws -> [Double] {
        let position = categories.firstIndex(of: label)
        switch kind {
        case .oneHot:
            var row = [Double](repeating: 0, count: categories.count)
            if let position { row[position] = 1 }
            return row
        case .ordinal:
            guard let position else {
                throw Problem(
                    description:
                        "'\(column)' has the category '\(label)', which the training rows did not have (they had \(categories.joined(separator: ", "))); declare an order that includes it, e.g. \(column):ordinal(\((categories + [label]).joined(separator: "<"))), or use one-hot"
                )
            }
            return [Double(position)]
        }
    }
}

extension Array where Element == CategoricalEncoding {
    /// The network's input columns when `columns` are read with these encodings: each encoded
    /// column replaced by the columns it produces.
    public func expand(_ columns: [String]) -> [String] {
        columns.flatMap { name in first { $0.column == name }?.encodedNames ?? [name] }
    }
}
