// Temporary driver for PreparationBenchmark.run() until `thesis bench prepare` exists;
// built by Benchmarks/prepare/run.sh against the release objects of ThesisData.
import Foundation
import ThesisData
import ThesisLinearAlgebra

let arguments = CommandLine.arguments
let file = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "../shared/data/fred-md/2023-06.csv")
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 11 : 11
if let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap(Int.init) { BLASThreads.set(threads) }
let result = try PreparationBenchmark.run(file: file, runs: runs)
print(result.table)
print("swift BLAS: \(result.blas); factors k = \(result.factors)")
