import MeterwatchCore

/// Contracts through time: each entry is in force from its day until the next one's.
public struct ContractSchedule: Sendable, Hashable {
    public var entries: [(from: CivilDate, contracts: Contracts)]

    public init(_ entries: [(from: CivilDate, contracts: Contracts)]) {
        self.entries = entries.sorted { $0.from < $1.from }
    }

    public func contracts(on day: CivilDate) -> Contracts? { entries.last { $0.from <= day }?.contracts }

    public static func == (a: ContractSchedule, b: ContractSchedule) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.from == $1.from && $0.contracts == $1.contracts }
    }

    public func hash(into h: inout Hasher) {
        for e in entries {
            h.combine(e.from)
            h.combine(e.contracts)
        }
    }
}
