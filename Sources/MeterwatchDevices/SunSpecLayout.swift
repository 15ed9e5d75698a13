import MeterwatchCore

/// How to find SunSpec models on a device: the `SunS` marker at one of `bases`, then the model
/// chain. Points with `model:` are placed relative to their model's start.
public struct SunSpecLayout: Sendable, Hashable {
    public var bases: [Int]
    /// Models the simulator lays out, with their lengths (L); the reader uses the lengths it reads.
    public var models: [(id: Int, length: Int)]

    public static func == (a: SunSpecLayout, b: SunSpecLayout) -> Bool {
        a.bases == b.bases && a.models.map(\.id) == b.models.map(\.id) && a.models.map(\.length) == b.models.map(\.length)
    }
    public func hash(into h: inout Hasher) {
        h.combine(bases)
        for m in models {
            h.combine(m.id)
            h.combine(m.length)
        }
    }
}
