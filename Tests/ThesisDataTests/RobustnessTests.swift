import XCTest
import ThesisDocument
@testable import ThesisData

/// Random mutations of valid files must give a frame or a `Diagnostic`, never a crash or another error.
final class RobustnessTests: XCTestCase {
    private let seeds: [String] = [
        "sasdate,RPI,S&P 500,\"q\"\"x\"\r\nTransform:,5,5,2\r\n1/1/1959,2442.158,55.62,\r\n2/1/1959,2451.778,,29.84\r\n"
            + "3/1/1959,2467.594,56.15,3.01e1\r\n,,,\r\n",
        "\"year\",\"quarter\",\"realgdp\",\"infl\"\n1959,1,2710.349,0\n1959,2,2778.801,2.34\n1959,3,2775.488,NA\n",
        "date,a,b\n1960-01,1,.\n1960-02,NaN,2\n1960-03,3,4\n",
        "\u{FEFF}DATE,x\n1960Q1,1\n1960-Q2,2\n1960Q3,\"3\"\n",
    ]

    func testRandomMutationsOnlyThrowDiagnostics() {
        var rng = SplitMix64(seed: 20_240_601)
        let alphabet = Array("0123456789,\"\r\n.-/Qq eE+NaA:\u{FEFF}é".utf8)
        var frames = 0, diagnostics = 0
        for iteration in 0..<4000 {
            var bytes = Array(seeds[iteration % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0 where !bytes.isEmpty: bytes.remove(at: position)
                case 1: bytes.insert(alphabet.randomElement(using: &rng) ?? 0, at: position)
                case 2 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
                case 3 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + 8))
                default:
                    if !bytes.isEmpty { bytes[position] = alphabet.randomElement(using: &rng) ?? 0 }
                }
            }
            for format in DataFormat.allCases {
                do {
                    let frame = try DataLoader.load(Data(bytes), file: "fuzz.csv", format: format)
                    frames += 1
                    XCTAssertEqual(frame.names.count, frame.columns.count)
                    XCTAssertEqual(frame.names.count, frame.transformCodes.count)
                    XCTAssertTrue(frame.columns.allSatisfy { $0.count == frame.periods.count })
                    let step = frame.frequency.monthsPerPeriod
                    XCTAssertTrue(zip(frame.periods, frame.periods.dropFirst()).allSatisfy { $1.index - $0.index == step })
                    _ = frame.summaries()
                } catch let d as Diagnostic {
                    diagnostics += 1
                    XCTAssertEqual(d.severity, .error)
                    XCTAssertNotNil(d.location)
                    XCTAssertGreaterThanOrEqual(d.location?.line ?? 0, 1)
                    XCTAssertGreaterThanOrEqual(d.location?.column ?? 0, 1)
                    _ = d.rendered
                } catch {
                    XCTFail("mutation \(iteration) threw \(type(of: error)): \(error)")
                }
            }
        }
        // Both outcomes must occur, or the mutations are not exercising the loader.
        XCTAssertGreaterThan(frames, 100)
        XCTAssertGreaterThan(diagnostics, 1000)
    }

    func testArbitraryBytes() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for format in DataFormat.allCases {
                do { _ = try DataLoader.load(Data(bytes), file: "r.csv", format: format) } catch is Diagnostic {} catch {
                    XCTFail("threw \(type(of: error))")
                }
            }
        }
    }
}
