import MeterwatchCore
import MeterwatchEngine
import MeterwatchTariffs

/// The contract optimiser's cost curve: a year's basic plus over-contract charges by regular
/// contract (the other contracts as recommended), with the current and the recommended contract
/// marked.
public enum ContractCurveChart {
    public static func svg(_ review: ContractReview, _ lang: Language) -> String {
        guard let first = review.curve.first?.regularKW, let last = review.curve.last?.regularKW, last > first else { return "" }
        let span = Double(last - first)
        let f = review.yearFactor
        let costs = review.curve.map { $0.cost * f / 1000 }
        let top = (costs.max() ?? 0) * 1.05
        var series = [
            SVGChart.Line(
                name: Phrase.perYearThousands.text(lang), cssClass: "series-today",
                points: zip(review.curve, costs).map { (Double($0.regularKW - first), Optional($1)) })
        ]
        for (kW, name, css) in [
            (review.current[.regular], Phrase.currentContracts.text(lang), "series-contract"),
            (review.recommended.contracts[.regular], Phrase.recommendedContracts.text(lang), "series-recommended"),
        ] where kW >= first && kW <= last {
            series.append(
                SVGChart.Line(name: "\(name) \(kW) kW", cssClass: css, points: [(Double(kW - first), 0), (Double(kW - first), top)]))
        }
        let ticks = (0...4).map { i in
            let kW = first + Int((span * Double(i) / 4).rounded())
            return (Double(kW - first), "\(DisplayFormat.number(Double(kW), decimals: 0)) kW")
        }
        return SVGChart.lines(series, xMax: span, xTicks: ticks, unit: "k NT$", label: Phrase.contractCapacity.text(lang))
    }
}
