import Foundation

/// The value a precision, recall or F1 takes when its denominator is zero — scikit-learn's
/// `zero_division` parameter.
///
/// - precision of a class that is never predicted: `tp + fp = 0`;
/// - recall of a class that never occurs: `tp + fn = 0`;
/// - F1 of a class that neither occurs nor is predicted: `2tp + fp + fn = 0` (only possible with
///   explicit `labels`). As in scikit-learn ≥ 1.3, F1 is computed as `2tp / (2tp + fp + fn)`, so a
///   class with an undefined precision or recall but some errors still gets F1 = 0, whatever this is.
///
/// `.zero` is sklearn's default `"warn"` (which returns 0 and warns) and `0.0`. With `.nan`,
/// macro and weighted averages skip the NaN classes (sklearn's `_nanaverage`); they are NaN only when
/// every class is.
public enum ZeroDivision: Hashable, Sendable {
    /// 0 (sklearn `zero_division="warn"`, the default, or `0.0`).
    case zero
    /// 1 (sklearn `zero_division=1.0`).
    case one
    /// NaN (sklearn `zero_division=np.nan`), left out of averages.
    case nan

    var value: Double {
        switch self {
        case .zero: 0
        case .one: 1
        case .nan: .nan
        }
    }
}

/// A confusion matrix: `counts[i][j]` is the number of observations of class `labels[i]` that were
/// predicted as `labels[j]` (rows true, columns predicted — `sklearn.metrics.confusion_matrix`).
public struct ConfusionMatrix<Label: Hashable & Comparable & Sendable>: Hashable, Sendable {
    /// The classes, sorted (or as given).
    public let labels: [Label]
    /// `counts[true][predicted]`.
    public let counts: [[Int]]

    /// Observations of each class (row sums): the "support".
    public var support: [Int] { counts.map { $0.reduce(0, +) } }
    /// Predictions of each class (column sums).
    public var predictedCounts: [Int] {
        labels.indices.map { j in counts.reduce(0) { $0 + $1[j] } }
    }
    /// Correct predictions of each class (the diagonal).
    public var truePositives: [Int] { labels.indices.map { counts[$0][$0] } }
}

/// Precision, recall and F1 per class with their macro and support-weighted averages and the accuracy
/// — the numbers of `sklearn.metrics.classification_report` (`precision_recall_fscore_support` with
/// `average=None`, `"macro"` and `"weighted"`).
public struct ClassificationReport<Label: Hashable & Comparable & Sendable>: Hashable, Sendable {
    /// The three scores of one class or one average.
    public struct Scores: Hashable, Sendable {
        public let precision: Double
        public let recall: Double
        public let f1: Double
    }

    /// The classes (sorted union of true and predicted labels, or as given).
    public let labels: [Label]
    /// Scores of each class, in `labels` order.
    public let perClass: [Scores]
    /// Observations of each class.
    public let support: [Int]
    /// Unweighted mean over classes (NaN entries skipped).
    public let macro: Scores
    /// Mean weighted by support (NaN entries skipped; unweighted if every support is 0, as sklearn).
    public let weighted: Scores
    /// Fraction of correct predictions.
    public let accuracy: Double
    /// The confusion matrix over `labels` (observations with a label outside them left out).
    public let confusion: ConfusionMatrix<Label>
}

/// How `ClassificationMetrics.rocAUCOneVsRest` averages the per-class AUCs.
public enum AUCAverage: Hashable, Sendable {
    /// Unweighted mean over classes (sklearn `average="macro"`, the default).
    case macro
    /// Weighted by each class's prevalence in the true labels (sklearn `average="weighted"`).
    case weighted
}

/// A ROC curve: false and true positive rates at decreasing thresholds, starting at (0, 0) with an
/// infinite threshold (`sklearn.metrics.roc_curve` with `drop_intermediate=True`).
public struct ROCCurve: Hashable, Sendable {
    public let falsePositiveRate: [Double]
    public let truePositiveRate: [Double]
    /// Score thresholds; the first is `+∞`.
    public let thresholds: [Double]
}

/// Classification metrics defined exactly as scikit-learn 1.9's (no sample weights). Labels are any
/// `Comparable` type; like sklearn, the classes are the sorted distinct labels unless given.
/// Functions throw `MetricsError` on inputs sklearn rejects (lengths that differ, no observations,
/// probabilities outside [0, 1], wrong number of score columns).
public enum ClassificationMetrics {
    /// Fraction of observations with `predicted == actual` (`accuracy_score`).
    public static func accuracy<L: Hashable & Comparable>(actual: [L], predicted: [L]) throws -> Double {
        try requireSameLength("accuracy", actual.count, predicted.count)
        let correct = zip(actual, predicted).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(actual.count)
    }

    /// The confusion matrix over `labels` (default: the sorted union of both arrays). Observations
    /// whose true or predicted label is not among explicit `labels` are left out, and at least one
    /// of the explicit labels must occur in `actual`, as in sklearn.
    public static func confusionMatrix<L: Hashable & Comparable & Sendable>(
        actual: [L], predicted: [L], labels: [L]? = nil
    ) throws -> ConfusionMatrix<L> {
        if let labels, !labels.isEmpty, Set(labels).isDisjoint(with: actual) {
            throw MetricsError(metric: "confusionMatrix", reason: "none of the labels occurs in actual")
        }
        return try counts(actual: actual, predicted: predicted, labels: labels)
    }

    /// The confusion matrix without sklearn's "one label must occur" rule (for `report`, whose
    /// sklearn counterpart has no such rule).
    static func counts<L: Hashable & Comparable & Sendable>(
        actual: [L], predicted: [L], labels: [L]?
    ) throws -> ConfusionMatrix<L> {
        try requireSameLength("confusionMatrix", actual.count, predicted.count)
        let classes = labels ?? Array(Set(actual).union(predicted)).sorted()
        guard !classes.isEmpty else { throw MetricsError(metric: "confusionMatrix", reason: "no labels") }
        guard Set(classes).count == classes.count else {
            throw MetricsError(metric: "confusionMatrix", reason: "the labels contain duplicates")
        }
        var position = [L: Int]()
        for (i, label) in classes.enumerated() { position[label] = i }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
        for (y, f) in zip(actual, predicted) {
            if let i = position[y], let j = position[f] { counts[i][j] += 1 }
        }
        return ConfusionMatrix(labels: classes, counts: counts)
    }

    /// Precision `tp/(tp+fp)`, recall `tp/(tp+fn)` and F1 `2tp/(2tp+fp+fn)` per class, their macro
    /// and weighted averages, and the accuracy. `zeroDivision` sets what a 0/0 gives (see
    /// `ZeroDivision`); sklearn's default is `.zero`.
    public static func report<L: Hashable & Comparable & Sendable>(
        actual: [L], predicted: [L], labels: [L]? = nil, zeroDivision: ZeroDivision = .zero
    ) throws -> ClassificationReport<L> {
        let confusion = try counts(actual: actual, predicted: predicted, labels: labels)
        // Per-class counts over all observations (sklearn's multilabel_confusion_matrix): a prediction
        // of class k counts against its precision even when the true label is not among `labels`.
        var tp = [Int](repeating: 0, count: confusion.labels.count)
        var support = tp, predictedCounts = tp
        var position = [L: Int]()
        for (k, label) in confusion.labels.enumerated() { position[label] = k }
        for (y, f) in zip(actual, predicted) {
            if let i = position[y] { support[i] += 1 }
            if let j = position[f] { predictedCounts[j] += 1 }
            if y == f, let i = position[y] { tp[i] += 1 }
        }
        func divide(_ numerator: Double, _ denominator: Double) -> Double {
            denominator == 0 ? zeroDivision.value : numerator / denominator
        }
        let perClass = confusion.labels.indices.map { k in
            ClassificationReport<L>.Scores(
                precision: divide(Double(tp[k]), Double(predictedCounts[k])),
                recall: divide(Double(tp[k]), Double(support[k])),
                f1: divide(2 * Double(tp[k]), Double(support[k]) + Double(predictedCounts[k])))
        }
        let weights = support.map(Double.init)
        func averages(_ weights: [Double]?) -> ClassificationReport<L>.Scores {
            .init(precision: nanAverage(perClass.map(\.precision), weights: weights),
                  recall: nanAverage(perClass.map(\.recall), weights: weights),
                  f1: nanAverage(perClass.map(\.f1), weights: weights))
        }
        return ClassificationReport(labels: confusion.labels, perClass: perClass, support: support,
                                    macro: averages(nil), weighted: averages(weights),
                                    accuracy: try accuracy(actual: actual, predicted: predicted),
                                    confusion: confusion)
    }

    /// sklearn's `_nanaverage`: unweighted, `np.nanmean`; weighted, NaN entries and their weights are
    /// dropped and `np.average` (`Σ wᵢaᵢ / Σ wᵢ`) applied, or the plain mean of the rest when the
    /// weights sum to 0. NaN if every entry is NaN.
    static func nanAverage(_ values: [Double], weights: [Double]?) -> Double {
        let keep = values.indices.filter { !values[$0].isNaN }
        if keep.isEmpty { return .nan }
        let a = keep.map { values[$0] }
        // np.nanmean: NaN replaced by 0 in place (same summation order), divided by the count
        let nanMean = NumpySummation.sum(values.map { $0.isNaN ? 0 : $0 }) / Double(keep.count)
        guard let weights else { return nanMean }
        let w = keep.map { weights[$0] }
        let total = NumpySummation.sum(w)
        if total == 0 { return NumpySummation.mean(a) }  // sklearn: ZeroDivisionError -> _average(a)
        return NumpySummation.sum(zip(a, w).map { $0 * $1 }) / total
    }

    // MARK: - ROC

    /// The ROC curve of scores for a binary outcome (`positive[i]` true for the positive class),
    /// computed like `sklearn.metrics.roc_curve` (`drop_intermediate=True`): scores sorted in
    /// decreasing order, one point per distinct score, collinear interior points dropped, and (0, 0)
    /// prepended. Throws when the lengths differ or there are no observations; the rates are NaN when
    /// there are no positives (TPR) or no negatives (FPR), as in sklearn.
    public static func rocCurve(positive: [Bool], scores: [Double]) throws -> ROCCurve {
        try requireSameLength("rocCurve", positive.count, scores.count, ("positive", "scores"))
        try requireFinite("rocCurve", scores, "scores")
        let order = scores.indices.sorted { scores[$0] > scores[$1] }  // ties: any order, grouped below
        var tps = [Double](), fps = [Double](), thresholds = [Double]()
        var truePositives = 0.0
        for (k, i) in order.enumerated() {
            if positive[i] { truePositives += 1 }
            let last = k == order.count - 1
            if last || scores[order[k + 1]] != scores[i] {
                tps.append(truePositives)
                fps.append(Double(k + 1) - truePositives)
                thresholds.append(scores[i])
            }
        }
        if fps.count > 2 {  // keep the corners: nonzero second differences of fps or tps
            var keep = [0]
            for k in 1..<(fps.count - 1) {
                let secondFps = (fps[k + 1] - fps[k]) - (fps[k] - fps[k - 1])
                let secondTps = (tps[k + 1] - tps[k]) - (tps[k] - tps[k - 1])
                if secondFps != 0 || secondTps != 0 { keep.append(k) }
            }
            keep.append(fps.count - 1)
            tps = keep.map { tps[$0] }
            fps = keep.map { fps[$0] }
            thresholds = keep.map { thresholds[$0] }
        }
        tps.insert(0, at: 0)
        fps.insert(0, at: 0)
        thresholds.insert(.infinity, at: 0)
        let negatives = fps.last!, positives = tps.last!
        return ROCCurve(falsePositiveRate: fps.map { negatives > 0 ? $0 / negatives : .nan },
                        truePositiveRate: tps.map { positives > 0 ? $0 / positives : .nan },
                        thresholds: thresholds)
    }

    /// Area under the ROC curve of a binary outcome (`roc_auc_score`): the trapezoidal area under
    /// `rocCurve` (numpy's `trapezoid`), which equals the Mann-Whitney probability that a positive
    /// scores above a negative, ties counting ½. The positive class is the larger label (sklearn's
    /// `label_binarize` over the sorted classes). Like sklearn 1.9, NaN when `actual` has only one class.
    /// Throws when there are more than two classes.
    public static func rocAUC<L: Hashable & Comparable>(actual: [L], scores: [Double]) throws -> Double {
        let classes = Array(Set(actual)).sorted()
        guard classes.count <= 2 else {
            throw MetricsError(metric: "rocAUC", reason: "\(classes.count) classes: use rocAUCOneVsRest for multiclass")
        }
        try requireSameLength("rocAUC", actual.count, scores.count, ("actual", "scores"))
        guard classes.count == 2 else { return .nan }
        return try rocAUC(positive: actual.map { $0 == classes[1] }, scores: scores)
    }

    /// Area under the ROC curve with the positives marked directly; NaN when all observations are of
    /// one class.
    public static func rocAUC(positive: [Bool], scores: [Double]) throws -> Double {
        let curve = try rocCurve(positive: positive, scores: scores)
        guard positive.contains(true), positive.contains(false) else { return .nan }
        let x = curve.falsePositiveRate, y = curve.truePositiveRate
        var terms = [Double]()  // numpy: (d * (y[1:] + y[:-1]) / 2.0).sum()
        for k in 1..<x.count {
            let dx: Double = x[k] - x[k - 1]
            let ySum: Double = y[k] + y[k - 1]
            terms.append(dx * ySum / 2.0)
        }
        return NumpySummation.sum(terms)
    }

    /// Multiclass ROC AUC, one-vs-rest (`roc_auc_score(multi_class="ovr")`): the AUC of column `k` of
    /// `scores` for "class `k` vs the rest", averaged over classes. `scores[i]` holds observation `i`'s
    /// score for each class, in the order of the sorted distinct labels of `actual` (sklearn's order).
    /// sklearn additionally rejects rows that do not sum to 1; this function accepts any scores (each
    /// per-class AUC depends only on the ranking within its column).
    public static func rocAUCOneVsRest<L: Hashable & Comparable>(actual: [L], scores: [[Double]],
                                                                 average: AUCAverage = .macro) throws -> Double {
        try requireSameLength("rocAUCOneVsRest", actual.count, scores.count, ("actual", "scores"))
        let classes = Array(Set(actual)).sorted()
        guard classes.count >= 2 else {
            throw MetricsError(metric: "rocAUCOneVsRest", reason: "actual has only one class")
        }
        if let bad = scores.firstIndex(where: { $0.count != classes.count }) {
            throw MetricsError(metric: "rocAUCOneVsRest",
                               reason: "scores[\(bad)] has \(scores[bad].count) columns; actual has \(classes.count) classes")
        }
        var aucs = [Double](), prevalence = [Double]()
        for (k, label) in classes.enumerated() {
            let positive = actual.map { $0 == label }
            aucs.append(try rocAUC(positive: positive, scores: scores.map { $0[k] }))
            prevalence.append(Double(positive.filter { $0 }.count))
        }
        switch average {
        case .macro: return NumpySummation.mean(aucs)
        case .weighted:
            return NumpySummation.sum(zip(aucs, prevalence).map { $0 * $1 }) / NumpySummation.sum(prevalence)
        }
    }

    // MARK: - Log loss

    /// Cross-entropy `−Σᵢ ln p̂ᵢ,yᵢ / n` (`log_loss`) of predicted class probabilities.
    /// `probabilities[i][k]` is observation `i`'s probability of class `labels[k]`, where `labels`
    /// defaults to the sorted distinct values of `actual` (which must then have at least two classes).
    ///
    /// As in scikit-learn 1.9: probabilities must lie in [0, 1] (else an error); they are clipped to
    /// `[ε, 1 − ε]` with `ε = 2⁻⁵²` (float64 machine epsilon) so that a confident wrong prediction
    /// costs `−ln ε ≈ 36.04` instead of infinity; rows that do not sum to 1 are **not** renormalised
    /// (sklearn only warns).
    public static func logLoss<L: Hashable & Comparable>(actual: [L], probabilities: [[Double]],
                                                         labels: [L]? = nil) throws -> Double {
        try requireSameLength("logLoss", actual.count, probabilities.count, ("actual", "probabilities"))
        let classes = labels.map { Array(Set($0)).sorted() } ?? Array(Set(actual)).sorted()
        guard classes.count >= 2 else {
            throw MetricsError(metric: "logLoss", reason: labels == nil
                ? "actual contains only one label; pass all the class labels explicitly"
                : "the labels need at least two classes")
        }
        var position = [L: Int]()
        for (k, label) in classes.enumerated() { position[label] = k }
        let all = probabilities.joined()
        if all.contains(where: { $0.isNaN || !$0.isFinite }) {
            throw MetricsError(metric: "logLoss", reason: "probabilities must be finite")
        }
        if let high = all.max(), high > 1 {
            throw MetricsError(metric: "logLoss", reason: "a probability is greater than 1: \(high)")
        }
        if let low = all.min(), low < 0 {
            throw MetricsError(metric: "logLoss", reason: "a probability is lower than 0: \(low)")
        }
        if let bad = probabilities.firstIndex(where: { $0.count != classes.count }) {
            throw MetricsError(metric: "logLoss",
                               reason: "probabilities[\(bad)] has \(probabilities[bad].count) columns for \(classes.count) classes")
        }
        let eps = Double.ulpOfOne
        var losses = [Double]()
        losses.reserveCapacity(actual.count)
        for (y, row) in zip(actual, probabilities) {
            guard let k = position[y] else {
                throw MetricsError(metric: "logLoss", reason: "actual contains \(y), which is not among the labels")
            }
            losses.append(-log(min(max(row[k], eps), 1 - eps)))
        }
        return NumpySummation.mean(losses)
    }

    /// Binary log loss from the probabilities of the positive class (the larger label), like sklearn
    /// with a 1-D `y_proba`: each `p` becomes the row `[1 − p, p]`, then `logLoss(actual:probabilities:)`.
    public static func logLoss<L: Hashable & Comparable>(actual: [L], positiveProbabilities: [Double],
                                                         labels: [L]? = nil) throws -> Double {
        try logLoss(actual: actual, probabilities: positiveProbabilities.map { [1 - $0, $0] }, labels: labels)
    }
}
