import Foundation
import MeterwatchCore

/// Charts drawn as inline SVG by our own code: no scripts, no CDN, printable, readable on a phone
/// (the `viewBox` scales). Every mark carries a class and a `<title>` so tests and screen readers
/// can find it.
enum SVGChart {
    struct Line {
        var name: String
        var cssClass: String
        /// (x, y); nil y breaks the line.
        var points: [(x: Double, y: Double?)]
    }

    static let width = 900.0, height = 300.0
    static let left = 72.0, right = 12.0, top = 26.0, bottom = 30.0

    /// A "nice" upper bound and step for an axis from 0 to `maxValue`.
    static func niceScale(_ maxValue: Double) -> (max: Double, step: Double) {
        guard maxValue > 0, maxValue.isFinite else { return (1, 0.25) }
        let raw = maxValue / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return (ceil(maxValue / step) * step, step)
    }

    static func number(_ v: Double) -> String { DisplayFormat.number(v, decimals: v < 10 && v != floor(v) ? 1 : 0) }
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func yAxis(_ scale: (max: Double, step: Double), unit: String) -> String {
        var out = ""
        let plotH = height - top - bottom
        var v = 0.0
        while v <= scale.max + scale.step / 2 {
            let y = top + plotH * (1 - v / scale.max)
            out += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\"/>"
            out += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(number(v))</text>"
            v += scale.step
        }
        out += "<text class=\"unit\" x=\"4\" y=\"11\">\(HTML.escape(unit))</text>"
        return out
    }

    /// Lines over x in [0, xMax] (e.g. hours of the day).
    static func lines(_ series: [Line], xMax: Double, xTicks: [(Double, String)], unit: String, label: String) -> String {
        let maxY = series.flatMap { $0.points.compactMap(\.y) }.max() ?? 0
        let scale = niceScale(maxY * 1.05)
        let plotW = width - left - right
        let plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + plotW * x / xMax }
        func py(_ y: Double) -> Double { top + plotH * (1 - y / scale.max) }
        var out =
            "<svg class=\"chart line-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(HTML.escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(HTML.escape(label))</title>"
        out += yAxis(scale, unit: unit)
        for (x, text) in xTicks {
            out += "<text class=\"tick\" x=\"\(f(px(x)))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(HTML.escape(text))</text>"
        }
        for s in series {
            var segments: [[String]] = [[]]
            for p in s.points {
                if let y = p.y {
                    segments[segments.count - 1].append("\(f(px(p.x))),\(f(py(y)))")
                } else if !segments.last!.isEmpty {
                    segments.append([])
                }
            }
            for seg in segments where !seg.isEmpty {
                out +=
                    "<polyline class=\"series \(s.cssClass)\" fill=\"none\" "
                    + "points=\"\(seg.joined(separator: " "))\"><title>\(HTML.escape(s.name))</title></polyline>"
            }
        }
        out += legend(series.map { ($0.name, $0.cssClass) })
        return out + "</svg>"
    }

    /// Grouped bars: one group per label (month), one bar per series.
    /// `partial`: groups whose current value runs only to date (the month in progress), drawn hatched.
    static func bars(
        labels: [String], series: [(name: String, cssClass: String, values: [Double?])], unit: String, label: String,
        partial: Set<Int> = []
    ) -> String {
        let maxY = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let scale = niceScale(maxY * 1.05)
        let plotW = width - left - right
        let plotH = height - top - bottom
        let groupW = plotW / Double(max(1, labels.count))
        let barW = groupW * 0.8 / Double(max(1, series.count))
        var out =
            "<svg class=\"chart bar-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(HTML.escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(HTML.escape(label))</title>"
        out += yAxis(scale, unit: unit)
        for (i, l) in labels.enumerated() {
            let gx = left + groupW * Double(i)
            out +=
                "<text class=\"tick\" x=\"\(f(gx + groupW / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(HTML.escape(l))</text>"
            for (j, s) in series.enumerated() {
                guard let v = s.values[i] else { continue }
                let h = plotH * v / scale.max
                let cls = partial.contains(i) ? "bar \(s.cssClass) partial" : "bar \(s.cssClass)"
                out +=
                    "<rect class=\"\(cls)\" x=\"\(f(gx + groupW * 0.1 + barW * Double(j)))\" y=\"\(f(top + plotH - h))\" "
                    + "width=\"\(f(barW))\" height=\"\(f(h))\">"
                out += "<title>\(HTML.escape("\(l) \(s.name): \(DisplayFormat.number(v, decimals: 0)) \(unit)"))</title></rect>"
            }
        }
        out += legend(series.map { ($0.name, $0.cssClass) })
        return out + "</svg>"
    }

    /// A scatter of points (x, y) with straight-segment lines through it, e.g. daily use against
    /// outdoor temperature with a fitted model. Both axes from the data; y starts at 0.
    struct ScatterSeries {
        var name: String
        var cssClass: String
        var points: [(x: Double, y: Double, title: String)]
    }

    /// `legend`: the keys to show (default: one per series and line).
    static func scatter(
        _ series: [ScatterSeries], lines: [Line], xUnit: String, yUnit: String, label: String,
        legend keys: [(name: String, cssClass: String)]? = nil
    ) -> String {
        let xs = series.flatMap { $0.points.map(\.x) } + lines.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) } + lines.flatMap { $0.points.compactMap(\.y) }
        guard let xLo = xs.min(), let xHi = xs.max() else { return "" }
        let scale = niceScale((ys.max() ?? 0) * 1.05)
        // x ticks every 1, 2 or 5 degrees, covering the data.
        let xStep = [1.0, 2, 5, 10].first { (xHi - xLo) / $0 <= 10 } ?? 20
        let x0 = floor(xLo / xStep) * xStep
        let x1 = max(ceil(xHi / xStep) * xStep, x0 + xStep)
        let plotW = width - left - right
        let plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + plotW * (x - x0) / (x1 - x0) }
        func py(_ y: Double) -> Double { top + plotH * (1 - y / scale.max) }
        var out =
            "<svg class=\"chart scatter-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(HTML.escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(HTML.escape(label))</title>"
        out += yAxis(scale, unit: yUnit)
        var x = x0
        while x <= x1 + xStep / 2 {
            // The last tick carries the unit ("35 °C"), right-aligned so it stays inside the box.
            let last = x + xStep > x1 + xStep / 2
            let text = last ? "\(number(x)) \(xUnit)" : number(x)
            out +=
                "<text class=\"tick\" x=\"\(f(px(x)))\" y=\"\(f(height - 10))\" "
                + "text-anchor=\"\(last ? "end" : "middle")\">\(HTML.escape(text))</text>"
            x += xStep
        }
        for s in series {
            for p in s.points {
                out +=
                    "<circle class=\"point \(s.cssClass)\" cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" "
                    + "r=\"3\"><title>\(HTML.escape(p.title))</title></circle>"
            }
        }
        for l in lines {
            let pts = l.points.compactMap { p in p.y.map { "\(f(px(p.x))),\(f(py($0)))" } }
            out +=
                "<polyline class=\"fit \(l.cssClass)\" fill=\"none\" "
                + "points=\"\(pts.joined(separator: " "))\"><title>\(HTML.escape(l.name))</title></polyline>"
        }
        out += legend(keys ?? series.map { ($0.name, $0.cssClass) } + lines.map { ($0.name, $0.cssClass) })
        return out + "</svg>"
    }

    /// A row of colour swatches and names along the top of the plot.
    static func legend(_ items: [(name: String, cssClass: String)]) -> String {
        var out = ""
        var lx = left + 8
        var ly = top
        for item in items {
            // A key that does not fit the row starts a second one.
            if lx + 14 + legendWidth(item.name) > width - right, lx > left + 8 {
                lx = left + 8
                ly += 15
            }
            out += "<rect class=\"swatch \(item.cssClass)\" x=\"\(f(lx))\" y=\"\(f(ly + 2))\" width=\"10\" height=\"10\"/>"
            out += "<text class=\"legend\" x=\"\(f(lx + 14))\" y=\"\(f(ly + 11))\">\(HTML.escape(item.name))</text>"
            lx += 28 + legendWidth(item.name)
        }
        return out
    }

    /// Approximate text width at 11 px: CJK characters are about twice as wide as Latin ones.
    static func legendWidth(_ s: String) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 11.5 : 6.5) }
    }

    /// A 0…100 % gauge bar (state of charge, KPI attainment).
    static func meter(percent: Double, cssClass: String, label: String) -> String {
        let p = max(0, min(100, percent))
        return
            "<svg class=\"chart gauge \(cssClass)\" viewBox=\"0 0 200 18\" role=\"img\" aria-label=\"\(HTML.escape(label))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title>\(HTML.escape(label))</title><rect class=\"track\" x=\"0\" y=\"2\" width=\"200\" height=\"14\" rx=\"3\"/>"
            + "<rect class=\"fill\" x=\"0\" y=\"2\" width=\"\(f(2 * p))\" height=\"14\" rx=\"3\"/></svg>"
    }
}
