import MeterwatchCore
import MeterwatchEngine
import MeterwatchTariffs

/// The load-duration curve: every measured quarter hour's demand, highest first, against the
/// share of the period's quarters, with the regular contract as a line.
public enum LoadDurationChart {
    public static func svg(_ report: DemandReport, _ lang: Language) -> String {
        let values = report.loadDuration
        guard values.count > 1 else { return "" }
        // At most 400 points: the curve is monotone, so every k-th quarter keeps its shape.
        let step = max(1, values.count / 400)
        var points: [(x: Double, y: Double?)] = stride(from: 0, to: values.count, by: step).map {
            (Double($0) / Double(values.count - 1) * 100, Optional(values[$0]))
        }
        points.append((100, values[values.count - 1]))
        var series = [SVGChart.Line(name: Phrase.loadDuration.text(lang), cssClass: "series-today", points: points)]
        if let regular = report.allowance[.peak] ?? report.allowance.values.min() {
            series.append(
                SVGChart.Line(
                    name: "\(Phrase.contractKind("regular").text(lang)) \(regular) kW", cssClass: "series-contract",
                    points: [(0, Double(regular)), (100, Double(regular))]))
        }
        return SVGChart.lines(
            series, xMax: 100, xTicks: [0, 25, 50, 75, 100].map { (Double($0), "\($0) %") }, unit: "kW",
            label: Phrase.loadDuration.text(lang))
    }
}
