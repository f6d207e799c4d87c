import ThesisDocument
import ThesisModels

/// The model files of `var fit` and `favar fit`: the estimated coefficients in the `var` and
/// `favar` sections of the thesis-model format (format version 2), so `thesis predict` and the
/// server forecast what `var forecast` and `favar forecast` draw.
enum AutoregressionModels {
    /// A fitted VAR's section: its lag order, trend, statsmodels' `params` and Σu.
    static func section(_ model: VARModel) -> ModelArtifact.VARSection {
        ModelArtifact.VARSection(
            lags: model.lags, trend: model.trend.rawValue, parameterNames: model.paramNames,
            coefficients: matrixRows(model.params), sigmaU: matrixRows(model.sigmaU))
    }

    /// The criteria every VAR records as its model's metrics.
    static func metrics(_ model: VARModel) -> [String: Double] {
        [
            "aic": model.aic, "bic": model.bic, "hqic": model.hqic, "fpe": model.fpe, "llf": model.logLikelihood,
            "nobs": Double(model.observationCount),
        ]
    }

    /// `var fit`'s model; nil for a VAR(0), which predicts only its constant.
    static func artifact(_ fit: FittedVAR, options: [String: String], dataHash: String) throws -> SavedModel? {
        guard fit.model.lags >= 1 else { return nil }
        let training = ModelArtifact.Training(
            directive: VARFit.kind, options: options, dataHash: dataHash, metrics: metrics(fit.model), seed: 0)
        return try ModelFile.saved(
            try neural {
                try ModelArtifact(variables: fit.model.names, section: section(fit.model), training: training)
            })
    }

    /// `favar fit`'s model: the standardisation, principal components and rotation that turn the
    /// panel into factors, the VAR and the loadings.
    static func artifact(_ fit: FittedFAVAR, options: [String: String], dataHash: String) throws -> SavedModel? {
        let model = fit.model
        guard model.varModel.lags >= 1 else { return nil }
        let k = model.factorCount
        let vectors = model.componentVectors
        let section = ModelArtifact.FAVARSection(
            series: model.names, policy: model.policyName, means: model.means,
            standardDeviations: model.standardDeviations,
            componentVectors: (0..<vectors.rows).map { i in (0..<k).map { vectors[i, $0] } },
            componentScales: model.componentScales,
            policyRotation: model.rotation.map { r in (0..<k).map { r.coefficients[k + 1, $0] } },
            loadings: matrixRows(model.loadings), system: self.section(model.varModel))
        var metrics = metrics(model.varModel)
        metrics["explained"] = model.eigenvalues.reduce(0) { $0 + $1 / model.totalVariance }
        let training = ModelArtifact.Training(
            directive: FAVARFit.kind, options: options, dataHash: dataHash, metrics: metrics, seed: 0)
        return try ModelFile.saved(try neural { try ModelArtifact(favar: section, training: training) })
    }
}
