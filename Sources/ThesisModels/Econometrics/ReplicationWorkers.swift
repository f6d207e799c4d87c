import Foundation

// Shared by the parallel bootstrap of `VARBands.swift` and `FAVARBands.swift`.

/// A shared output buffer written at disjoint offsets by the workers.
struct ReplicationOutputBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

/// The first failed replication (lowest index), recorded from any worker.
final class ReplicationFailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (Int, Error)?

    func record(_ rep: Int, _ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil || rep < failure!.0 { failure = (rep, error) }
    }

    var first: (Int, Error)? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }
}
