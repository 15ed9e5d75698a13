/// CalTRACK 3.9's piecewise-linear temperature features: bins with endpoints 30, 45, 55, 65, 75
/// and 90 °F; a bin holding fewer than 20 hours is merged with its neighbour, from the outside in.
public struct TemperatureBins: Sendable, Hashable, Codable {
    /// Interior endpoints in °F, ascending, after merging.
    public var edges: [Double]

    public static let caltrackEdges: [Double] = [30, 45, 55, 65, 75, 90]
    public static let minimumHours = 20

    public init(edges: [Double]) { self.edges = edges }

    /// The bins for these temperatures (weighted hours count as hours).
    public init(temperatures: [Double]) {
        var edges = Self.caltrackEdges
        func counts() -> [Int] {
            var c = [Int](repeating: 0, count: edges.count + 1)
            for t in temperatures {
                c[edges.firstIndex { t <= $0 } ?? edges.count] += 1
            }
            return c
        }
        // Outside in: the lowest and the highest bins first, until every bin has enough hours.
        while !edges.isEmpty {
            let c = counts()
            if c[0] < Self.minimumHours {
                edges.removeFirst()
            } else if c[c.count - 1] < Self.minimumHours {
                edges.removeLast()
            } else if let thin = c.indices.dropFirst().dropLast().first(where: { c[$0] < Self.minimumHours }) {
                // An inner bin: merged with the bin above it.
                edges.remove(at: thin)
            } else {
                break
            }
        }
        self.edges = edges
    }

    public var count: Int { edges.count + 1 }

    /// The features of a temperature: how much of it lies in each bin (they sum to t).
    public func features(_ t: Double) -> [Double] {
        guard let first = edges.first else {
            return [t]
        }
        var f = [min(t, first)]
        for i in 1..<edges.count {
            f.append(max(0, min(t, edges[i]) - edges[i - 1]))
        }
        f.append(max(0, t - edges[edges.count - 1]))
        return f
    }
}
