// Sub-matrices and concatenation. Ranges and indices outside the matrix are programming errors
// (they trap, like Array); blocks whose shapes do not fit throw.

extension Matrix {
    /// The block of rows `rowRange` and columns `columnRange` (a copy).
    public func submatrix(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> Matrix {
        precondition(rowRange.lowerBound >= 0 && rowRange.upperBound <= rows
                     && columnRange.lowerBound >= 0 && columnRange.upperBound <= columns,
                     "block \(rowRange) × \(columnRange) out of range for a \(rows)×\(columns) matrix")
        var result = Matrix(rows: rowRange.count, columns: columnRange.count)
        let outRows = rowRange.count
        if outRows == 0 || columnRange.isEmpty { return result }
        storage.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { b in
                for (k, j) in columnRange.enumerated() {
                    let source = a.baseAddress! + (rowRange.lowerBound + j * rows)
                    (b.baseAddress! + k * outRows).update(from: source, count: outRows)
                }
            }
        }
        return result
    }

    /// Rows `range`, all columns (e.g. an estimation window of a panel).
    public func rowSlice(_ range: Range<Int>) -> Matrix {
        submatrix(rows: range, columns: 0..<columns)
    }

    /// Columns `range`, all rows (one contiguous copy).
    public func columnSlice(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= columns,
                     "columns \(range) out of range for \(columns) columns")
        return Matrix(uncheckedRows: rows, columns: range.count,
                      storage: Array(storage[(range.lowerBound * rows)..<(range.upperBound * rows)]))
    }

    /// The columns at `indices`, in that order (repeats allowed).
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var result = [Double]()
        result.reserveCapacity(rows * indices.count)
        for j in indices {
            precondition(j >= 0 && j < columns, "column \(j) out of range for \(columns) columns")
            result.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)])
        }
        return Matrix(uncheckedRows: rows, columns: indices.count, storage: result)
    }

    /// The rows at `indices`, in that order (repeats allowed; e.g. a bootstrap resample).
    public func selectingRows(_ indices: [Int]) -> Matrix {
        for i in indices { precondition(i >= 0 && i < rows, "row \(i) out of range for \(rows) rows") }
        var result = Matrix(rows: indices.count, columns: columns)
        let outRows = indices.count
        storage.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { b in
                for j in 0..<columns {
                    for (k, i) in indices.enumerated() { b[k + j * outRows] = a[i + j * rows] }
                }
            }
        }
        return result
    }

    /// `[A B C …]`: the blocks side by side. They must have the same number of rows.
    /// - Throws: `LinearAlgebraError` when the row counts differ.
    public init(horizontallyStacking blocks: [Matrix], context: @autoclosure () -> String = "") throws {
        let rows = blocks.first?.rows ?? 0
        if let bad = blocks.firstIndex(where: { $0.rows != rows }) {
            throw LinearAlgebraError.dimensions("Matrix(horizontallyStacking:)", context(),
                "block \(bad) has \(blocks[bad].rows) rows, block 0 has \(rows)")
        }
        var storage = [Double]()
        storage.reserveCapacity(rows * blocks.reduce(0) { $0 + $1.columns })
        for block in blocks { storage.append(contentsOf: block.storage) }
        self.init(uncheckedRows: rows, columns: blocks.reduce(0) { $0 + $1.columns }, storage: storage)
    }

    /// `[A; B; C; …]`: the blocks one above the other. They must have the same number of columns.
    /// - Throws: `LinearAlgebraError` when the column counts differ.
    public init(verticallyStacking blocks: [Matrix], context: @autoclosure () -> String = "") throws {
        let columns = blocks.first?.columns ?? 0
        if let bad = blocks.firstIndex(where: { $0.columns != columns }) {
            throw LinearAlgebraError.dimensions("Matrix(verticallyStacking:)", context(),
                "block \(bad) has \(blocks[bad].columns) columns, block 0 has \(columns)")
        }
        let rows = blocks.reduce(0) { $0 + $1.rows }
        var storage = [Double]()
        storage.reserveCapacity(rows * columns)
        for j in 0..<columns {
            for block in blocks {
                storage.append(contentsOf: block.storage[(j * block.rows)..<((j + 1) * block.rows)])
            }
        }
        self.init(uncheckedRows: rows, columns: columns, storage: storage)
    }

    /// Internal: wraps storage whose count is known to be right.
    init(uncheckedRows rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "internal: \(storage.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }
}
