import CBLAS

/// A dense `rows × columns` matrix of `Double` with value semantics.
///
/// **Layout: column-major.** Element `(i, j)` is `elements[i + j * rows]`; each column is one
/// contiguous run of `rows` values, the way a data panel stores one array per series. This is
/// BLAS/LAPACK's native (Fortran) layout, so every wrapper passes the storage straight through
/// with leading dimension `max(1, rows)` and no copies; transposes are BLAS flags, not data moves.
///
/// Index errors (a row or column outside the matrix) are programming errors and trap, like
/// `Array`. Shape errors between operands, or in data handed to an initialiser, throw
/// `LinearAlgebraError`. Equality compares shapes and entries with `==` on `Double`, so a matrix
/// containing NaN is not equal to itself; compare `elements.map(\.bitPattern)` for bit identity.
///
/// The operations are free functions (`multiply`, `gram`, `cholesky`, `solve`, `leastSquares`,
/// `symmetricEigen`, `svd`, `eigenvalues`, …). Those that can fail take a `context:` phrase that
/// reads after "while", e.g. `cholesky(sigma, context: "factoring sigma_u of VAR 'fav'")`; it is
/// only evaluated when an error is thrown.
public struct Matrix: Hashable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, column-major: `elements[i + j * rows]` is row `i`, column `j`.
    @inlinable public var elements: [Double] { storage }
    /// The column-major storage (internal so that inlinable accessors can write it).
    @usableFromInline var storage: [Double]

    // MARK: - Initialisers

    /// A `rows × columns` matrix with every entry `value` (zeros by default).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over column-major `columnMajor` (`rows * columns` values, column after column).
    /// - Throws: `LinearAlgebraError` if the count is not `rows * columns`.
    public init(rows: Int, columns: Int, columnMajor: [Double],
                context: @autoclosure () -> String = "") throws {
        guard rows >= 0, columns >= 0, columnMajor.count == rows * columns else {
            throw LinearAlgebraError.dimensions("Matrix(rows:columns:columnMajor:)", context(),
                "\(columnMajor.count) values cannot fill a \(shape(rows, columns)) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.storage = columnMajor
    }

    /// A matrix whose column `j` is `columns[j]` (e.g. one series per column). No columns gives 0×0.
    /// - Throws: `LinearAlgebraError` if the columns differ in length.
    public init(columns: [[Double]], context: @autoclosure () -> String = "") throws {
        let rows = columns.first?.count ?? 0
        if let bad = columns.firstIndex(where: { $0.count != rows }) {
            throw LinearAlgebraError.dimensions("Matrix(columns:)", context(),
                "column \(bad) has \(columns[bad].count) values, column 0 has \(rows)")
        }
        var elements = [Double]()
        elements.reserveCapacity(rows * columns.count)
        for column in columns { elements.append(contentsOf: column) }
        self.rows = rows
        self.columns = columns.count
        self.storage = elements
    }

    /// A matrix from a list of rows, as written on paper: `Matrix(rowMajor: [[1, 2], [3, 4]])`.
    /// No rows gives 0×0.
    /// - Throws: `LinearAlgebraError` if the rows differ in length.
    public init(rowMajor: [[Double]], context: @autoclosure () -> String = "") throws {
        let columns = rowMajor.first?.count ?? 0
        if let bad = rowMajor.firstIndex(where: { $0.count != columns }) {
            throw LinearAlgebraError.dimensions("Matrix(rowMajor:)", context(),
                "row \(bad) has \(rowMajor[bad].count) values, row 0 has \(columns)")
        }
        let rows = rowMajor.count
        var elements = [Double](repeating: 0, count: rows * columns)
        for (i, row) in rowMajor.enumerated() {
            for (j, value) in row.enumerated() { elements[i + j * rows] = value }
        }
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// An `n × 1` column vector.
    public init(column: [Double]) {
        self.rows = column.count
        self.columns = 1
        self.storage = column
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// The square matrix with `values` on its diagonal and zeros elsewhere.
    public static func diagonal(_ values: [Double]) -> Matrix {
        let n = values.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = values[i] }
        return m
    }

    // MARK: - Element access

    /// Entry at `row`, `column` (zero-based). Traps when out of range.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "index (\(row), \(column)) out of range for a \(rows)×\(columns) matrix")
            return storage[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "index (\(row), \(column)) out of range for a \(rows)×\(columns) matrix")
            storage[row + column * rows] = newValue
        }
    }

    /// Column `j` as an array (a contiguous copy).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "column \(j) out of range for \(columns) columns")
        return Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as an array (a strided copy).
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "row \(i) out of range for \(rows) rows")
        return (0..<columns).map { elements[i + $0 * rows] }
    }

    /// The main diagonal (`min(rows, columns)` values).
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { elements[$0 + $0 * rows] }
    }

    /// `true` when `rows == columns`.
    public var isSquare: Bool { rows == columns }

    /// The transpose, `columns × rows` (one `cblas_domatcopy`; exact).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        if rows == 0 || columns == 0 { return t }
        elements.withUnsafeBufferPointer { a in
            t.storage.withUnsafeMutableBufferPointer { b in
                cblas_domatcopy(CblasColMajor, CblasTrans, int32(rows), int32(columns), 1.0,
                                a.baseAddress, leading(rows), b.baseAddress, leading(columns))
            }
        }
        return t
    }

    // MARK: - Raw access for hot loops

    /// Calls `body` with the column-major storage (`[i + j * rows]`), without copying.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable column-major storage (`[i + j * rows]`). Copies only if the
    /// storage is shared with another `Matrix` (copy-on-write).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Calls `body` with column `j`'s `rows` contiguous values, without copying.
    @inlinable
    public func withUnsafeColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        precondition(j >= 0 && j < columns, "column \(j) out of range for \(columns) columns")
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[(j * rows)..<((j + 1) * rows)]))
        }
    }

    /// Calls `body` with column `j`'s `rows` contiguous values, mutable.
    @inlinable
    public mutating func withUnsafeMutableColumn<R>(
        _ j: Int, _ body: (UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        precondition(j >= 0 && j < columns, "column \(j) out of range for \(columns) columns")
        let rows = self.rows
        return try storage.withUnsafeMutableBufferPointer { all in
            try body(UnsafeMutableBufferPointer(rebasing: all[(j * rows)..<((j + 1) * rows)]))
        }
    }
}

extension Matrix: CustomStringConvertible {
    /// `3×2 [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]`, rows as on paper; long matrices are elided.
    public var description: String {
        let shown = 8
        func list(_ count: Int, _ item: (Int) -> String) -> String {
            let head = (0..<Swift.min(count, shown)).map(item)
            return "[" + head.joined(separator: ", ") + (count > shown ? ", …" : "") + "]"
        }
        return "\(rows)×\(columns) " + list(rows) { i in list(columns) { j in "\(self[i, j])" } }
    }
}
