/// Every directive kind, one line each. The pipeline receives this list explicitly, so tests can
/// run with a subset; `thesis directives` documents it.
public enum DirectiveRegistry {
    public static let all: [any Directive.Type] = [
        DataDescribe.self,
        DataPlot.self,
        DataHistogram.self,
        DataScatter.self,
        DataPrepare.self,
        DataMissing.self,
        DataCorrelation.self,
        DataDiff.self,
        DataProvenance.self,
        TableFile.self,
        Script.self,
        Factors.self,
        VARFit.self,
        VARSelect.self,
        VARIRF.self,
        VARFEVD.self,
        VARForecast.self,
        VARGranger.self,
        LPIRF.self,
        OLSRegression.self,
        UnitRootTests.self,
        FAVARFit.self,
        FAVARSelect.self,
        FAVARDiagnostics.self,
        FAVARIRF.self,
        FAVARFEVD.self,
        FAVARForecast.self,
        MetricsDirective.self,
        DieboldMarianoTest.self,
        ForecastEvaluate.self,
        Compare.self,
        NNTrain.self,
        NNCurve.self,
        NNTune.self,
        ModelRegister.self,
        ModelPromote.self,
        Monitor.self,
        ImagesDescribe.self,
        ImagesTrain.self,
        ImagesROC.self,
        ImagesErrors.self,
        ImagesAugment.self,
    ]

    /// The directive for `kind`, if any.
    public static func directive(named kind: String, in directives: [any Directive.Type] = all) -> (any Directive.Type)?
    {
        directives.first { $0.kind == kind }
    }
}
