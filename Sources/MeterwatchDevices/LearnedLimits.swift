/// What the collector learned about a device at run time: spans where merged reads failed with
/// exception 02/03. Inside a `noGap` span only strictly adjacent points are merged; inside a
/// `single` span every point is read alone.
public struct LearnedLimits: Sendable, Hashable {
    public var noGap: [RegisterHole] = []
    public var single: [RegisterHole] = []
    public init() {}
    public var isEmpty: Bool { noGap.isEmpty && single.isEmpty }
}
