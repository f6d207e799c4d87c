import ThesisLinearAlgebra

extension Neural {
    /// A dense array of samples, row-major with the sample index first: `(samples, features)`
    /// or `(samples, time, features)`. Each sample's values are contiguous, last axis fastest.
    public struct Tensor<Scalar: NeuralScalar>: Codable, Hashable, Sendable {
        /// The extent of each axis; `shape[0]` is the number of samples.
        public internal(set) var shape: [Int]
        /// The values, row-major (`shape.reduce(1, *)` of them).
        public internal(set) var scalars: [Scalar]

        /// A tensor of `shape` over row-major `scalars`.
        /// - Throws: `NeuralError` if a dimension is negative, there are no axes, or the count
        ///   is not the product of the shape.
        public init(shape: [Int], scalars: [Scalar]) throws {
            guard !shape.isEmpty, shape.allSatisfy({ $0 >= 0 }) else {
                throw NeuralError("a tensor needs at least one axis and no negative dimension, got shape \(shape)")
            }
            let expected = shape.reduce(1, *)
            guard expected == scalars.count else {
                throw NeuralError("\(scalars.count) values cannot fill a tensor of shape \(shape) (\(expected) values)")
            }
            self.shape = shape
            self.scalars = scalars
        }

        /// A tensor of zeros.
        public init(zeros shape: [Int]) {
            precondition(!shape.isEmpty && shape.allSatisfy { $0 >= 0 }, "bad tensor shape \(shape)")
            self.shape = shape
            self.scalars = [Scalar](repeating: 0, count: shape.reduce(1, *))
        }

        /// A `(rows.count, width)` tensor, one row per sample.
        /// - Throws: `NeuralError` if the rows differ in length.
        public init(rows: [[Scalar]]) throws {
            let width = rows.first?.count ?? 0
            if let bad = rows.firstIndex(where: { $0.count != width }) {
                throw NeuralError("row \(bad) has \(rows[bad].count) values, row 0 has \(width)")
            }
            self.shape = [rows.count, width]
            self.scalars = rows.flatMap { $0 }
        }

        /// The rows of `matrix` as samples: shape `(matrix.rows, matrix.columns)`, converted to `Scalar`.
        public init(_ matrix: Matrix) {
            let rowMajor = matrix.transposed.elements  // column-major transpose = row-major original
            self.shape = [matrix.rows, matrix.columns]
            self.scalars = Tensor.convert(rowMajor)
        }

        /// The same shape and values in another precision (rounded to nearest when narrowing).
        public init<Other: NeuralScalar>(_ other: Tensor<Other>) {
            self.shape = other.shape
            if let same = other.scalars as? [Scalar] {
                self.scalars = same
            } else {
                self.scalars = Tensor.convert(Tensor<Other>.doubles(other.scalars))
            }
        }

        /// Decodes `shape` and `scalars`, checking that they fit each other.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            try self.init(shape: try container.decode([Int].self, forKey: .shape),
                          scalars: try container.decode([Scalar].self, forKey: .scalars))
        }

        /// The number of samples (`shape[0]`).
        public var count: Int { shape[0] }

        /// The shape of one sample (`shape` without its first axis).
        public var sampleShape: [Int] { Array(shape.dropFirst()) }

        /// The number of values in one sample.
        public var sampleSize: Int { sampleShape.reduce(1, *) }

        /// Value `index` of the row-major storage.
        public subscript(flat index: Int) -> Scalar {
            get { scalars[index] }
            set { scalars[index] = newValue }
        }

        /// The samples at `indices`, in that order.
        public func samples(_ indices: [Int]) -> Tensor {
            let size = sampleSize
            var values = [Scalar]()
            values.reserveCapacity(indices.count * size)
            for i in indices {
                precondition(i >= 0 && i < count, "sample \(i) out of range for \(count) samples")
                values.append(contentsOf: scalars[(i * size)..<((i + 1) * size)])
            }
            var shape = self.shape
            shape[0] = indices.count
            return try! Tensor(shape: shape, scalars: values)
        }

        /// The values as doubles (exact for both precisions).
        public var doubles: [Double] { Tensor.doubles(scalars) }

        /// A 2-D tensor as a `rows × columns` matrix (samples as rows); other tensors are
        /// flattened to `(samples, sampleSize)`.
        public var matrix: Matrix {
            let rows = count, columns = sampleSize
            let rowMajor = try! Matrix(rows: columns, columns: rows, columnMajor: doubles)
            return rowMajor.transposed
        }

        /// Calls `body` with the row-major storage.
        public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
            try scalars.withUnsafeBufferPointer(body)
        }

        /// Calls `body` with the mutable row-major storage.
        public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
            try scalars.withUnsafeMutableBufferPointer { try body($0) }
        }

        static func convert(_ values: [Double]) -> [Scalar] {
            if let same = values as? [Scalar] { return same }
            if values.isEmpty { return [] }
            return [Scalar](unsafeUninitializedCapacity: values.count) { buffer, initialized in
                values.withUnsafeBufferPointer { Scalar._load($0.baseAddress!, buffer.baseAddress!, values.count) }
                initialized = values.count
            }
        }

        static func doubles(_ values: [Scalar]) -> [Double] {
            if let same = values as? [Double] { return same }
            if values.isEmpty { return [] }
            return [Double](unsafeUninitializedCapacity: values.count) { buffer, initialized in
                values.withUnsafeBufferPointer { Scalar._store($0.baseAddress!, buffer.baseAddress!, values.count) }
                initialized = values.count
            }
        }
    }
}
