import MeterwatchCore
import MeterwatchTariffs

/// A billed meter's period in NT$: the reconstructed bill, the utility bills imported for it, and
/// what its storage earned (`meterwatch bill`, `GET /api/v1/bills`).
public struct MonthBill: Sendable, Encodable {
    public var meter: String
    public var bill: Bill
    public var shadow: [ShadowBill]
    public var storage: StorageEarnings?
}

extension BillingEngine {
    public func monthBill(meter id: String, from: CivilDate, to: CivilDate, withoutStorage: Bool = false) throws -> MonthBill {
        let bill = try bill(meter: id, from: from, to: to, withoutStorage: withoutStorage)
        return MonthBill(
            meter: id, bill: bill, shadow: withoutStorage ? [] : try shadowBills(meter: id, from: from, to: to),
            storage: withoutStorage ? nil : try storageEarnings(meter: id, from: from, to: to, billed: bill))
    }
}
