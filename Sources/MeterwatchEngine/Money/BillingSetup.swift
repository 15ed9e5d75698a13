import MeterwatchConfig
import MeterwatchCore
import MeterwatchTariffs

/// The billed meters of a configuration, checked against the tariff catalog: an unknown tariff, a
/// contract kind the tariff's structure does not have, or contracts under its minimum are
/// configuration errors at their line.
public struct BillingSetup: Sendable {
    public let catalog: TariffCatalog
    public let meters: [String: BilledMeter]

    public init(config: SiteConfig, catalog: TariffCatalog? = nil) throws(ConfigError) {
        let resolved: TariffCatalog
        if let catalog { resolved = catalog } else { resolved = try TariffCatalog(folders: [config.tariffsDirectory]) }
        let catalog = resolved
        self.catalog = catalog
        var out: [String: BilledMeter] = [:]
        for (index, meter) in config.meters.enumerated() {
            guard let billing = meter.billing else { continue }
            let key = "meters[\(index)].billing"
            let tariff: Tariff
            do { tariff = try catalog.tariff(billing.tariff) } catch {
                throw ConfigError(
                    file: config.file, line: billing.tariffLine, column: nil, key: "\(key).tariff", message: String(describing: error))
            }
            var entries: [(from: CivilDate, contracts: Contracts)] = []
            for (i, entry) in billing.contracts.enumerated() {
                let revision = tariff.revisions.last { $0.effective <= entry.from } ?? tariff.revisions[0]
                let place = { (message: String) in
                    ConfigError(file: config.file, line: entry.line, column: entry.column, key: "\(key).contracts[\(i)]", message: message)
                }
                var c = Contracts()
                for (name, kW) in entry.kW {
                    guard let kind = ContractKind(rawValue: name), revision.structure.contractKinds.contains(kind) else {
                        throw place(
                            "a \(revision.structure.rawValue) tariff has no \(name) contract (it takes "
                                + revision.structure.contractKinds.map(\.rawValue).joined(separator: ", ") + ")")
                    }
                    c[kind] = kW
                }
                guard c.total >= revision.minimumContractKW else {
                    throw place("the contracts sum to \(c.total) kW, under the tariff's minimum of \(revision.minimumContractKW) kW")
                }
                entries.append((entry.from, c))
            }
            let submeters =
                billing.submeters
                ?? config.meters.filter { $0.site == meter.site && $0.category == .electricity && $0.id != meter.id && $0.billing == nil }
                .map(\.id)
            out[meter.id] = BilledMeter(
                meter: meter, tariff: tariff, contracts: ContractSchedule(entries), storage: billing.storage, submeters: submeters)
        }
        meters = out
    }

    public func meter(_ id: String) throws(EngineError) -> BilledMeter {
        guard let m = meters[id] else { throw .notBilled(meter: id, billed: meters.keys.sorted()) }
        return m
    }
}
