import Foundation

/// A precision-recall curve (`sklearn.metrics.precision_recall_curve`): one point per distinct
/// score, from the lowest threshold (recall 1) to the highest, then the point (recall 0,
/// precision 1) that sklearn appends.
public struct PrecisionRecallCurve: Hashable, Sendable {
    public let precision: [Double]
    public let recall: [Double]
    /// The distinct scores, ascending (one fewer than the points).
    public let thresholds: [Double]
}

extension ClassificationMetrics {
    /// The precision-recall curve of scores for a binary outcome, as scikit-learn 1.9 computes it
    /// (`drop_intermediate=False`): thresholds at the distinct scores, precision tp / (tp + fp),
    /// recall tp / positives (all 1 without positives, where sklearn warns).
    public static func precisionRecallCurve(positive: [Bool], scores: [Double]) throws -> PrecisionRecallCurve {
        try requireSameLength("precisionRecallCurve", positive.count, scores.count, ("positive", "scores"))
        try requireFinite("precisionRecallCurve", scores, "scores")
        guard !scores.isEmpty else { throw MetricsError(metric: "precisionRecallCurve", reason: "no observations") }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tps = [Double](), fps = [Double](), thresholds = [Double]()
        var truePositives = 0.0
        for (k, i) in order.enumerated() {
            if positive[i] { truePositives += 1 }
            if k == order.count - 1 || scores[order[k + 1]] != scores[i] {
                tps.append(truePositives)
                fps.append(Double(k + 1) - truePositives)
                thresholds.append(scores[i])
            }
        }
        let positives = tps.last ?? 0
        // sklearn: precision = tps / (tps + fps) (0/0 → 1 is impossible here), recall = tps / tps[-1];
        // reversed so recall decreases, then (precision 1, recall 0) appended.
        var precision = zip(tps, fps).map { $0 / ($0 + $1) }
        var recall = tps.map { positives > 0 ? $0 / positives : 1 }
        precision.reverse()
        recall.reverse()
        thresholds.reverse()
        precision.append(1)
        recall.append(0)
        return PrecisionRecallCurve(precision: precision, recall: recall, thresholds: thresholds)
    }

    /// Average precision (`average_precision_score`): Σ (R_n − R_{n−1}) P_n over the curve,
    /// i.e. `-sum(diff(recall) * precision[:-1])` (0 without positives, as sklearn gives with a warning).
    public static func averagePrecision(positive: [Bool], scores: [Double]) throws -> Double {
        let curve = try precisionRecallCurve(positive: positive, scores: scores)
        var terms = [Double]()
        for k in 0..<(curve.recall.count - 1) { terms.append((curve.recall[k + 1] - curve.recall[k]) * curve.precision[k]) }
        return -NumpySummation.sum(terms)
    }
}
