import MeterwatchConfig
import MeterwatchTariffs

/// A meter the utility bills, resolved against the tariff catalog: its tariff and contracts.
public struct BilledMeter: Sendable {
    public var meter: MeterConfig
    public var tariff: Tariff
    public var contracts: ContractSchedule
    /// Storage meters behind it, and the sub-meters its demand is made of.
    public var storage: [String]
    public var submeters: [String]
}
