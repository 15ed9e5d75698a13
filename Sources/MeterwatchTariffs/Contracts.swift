/// Contract capacities in whole kW, by kind (a kind not given is 0).
///
/// ```swift
/// let c = Contracts([.regular: 3_000, .offPeak: 400])
/// c[.regular]      // 3000
/// c.total          // 3400
/// ```
public struct Contracts: Sendable, Hashable, Codable, CustomStringConvertible {
    // Encoded as { "regular": 3000, … } (kW by kind).
    public var kW: [ContractKind: Int]

    public init(_ kW: [ContractKind: Int] = [:]) { self.kW = kW.filter { $0.value != 0 } }

    public subscript(kind: ContractKind) -> Int {
        get { kW[kind] ?? 0 }
        set { kW[kind] = newValue == 0 ? nil : newValue }
    }

    public var total: Int { kW.values.reduce(0, +) }

    public func sum(_ kinds: [ContractKind]) -> Int { kinds.reduce(0) { $0 + self[$1] } }

    public init(from decoder: any Decoder) throws { kW = try decoder.singleValueContainer().decode([ContractKind: Int].self) }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(kW)
    }

    public var description: String {
        ContractKind.allCases.filter { self[$0] != 0 }.map { "\($0.rawValue) \(self[$0]) kW" }.joined(separator: ", ")
    }
}
