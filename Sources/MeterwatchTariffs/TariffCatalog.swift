import Foundation
import MeterwatchConfig
import MeterwatchCore

/// The tariffs a site can bill with: the files built into the binary (`Tariffs/`: Taipower's
/// high-voltage tariffs of 2025-10-01 and its off-peak days), extended and overridden file by file
/// by a folder on disk (`tariffs:` in the configuration). A new revision is a new file with the
/// same id and a later `effective` date.
///
/// ```swift
/// let catalog = try TariffCatalog(folders: ["/etc/meterwatch/tariffs"])
/// let tariff = try catalog.tariff("taipower-hv-three-section")
/// ```
public struct TariffCatalog: Sendable {
    public let tariffs: [String: Tariff]

    public init(folders: [String]) throws(ConfigError) {
        let files = FileOverlay(base64: EmbeddedTariffs.base64, folders: folders)
        var revisions: [String: [TariffRevision]] = [:]
        var offPeak: [String: OffPeakDays] = [:]
        for name in files.files(withExtension: "yaml") + files.files(withExtension: "yml") {
            guard let text = files.text(name) else { continue }
            let place = files.locate(name)?.description ?? name
            if text.contains("\nyears:") || text.hasPrefix("years:") {
                let days = try OffPeakDays.parse(yaml: text, file: place)
                offPeak[days.id] = days
            } else {
                let r = try TariffRevision.parse(yaml: text, file: place)
                if let twin = revisions[r.id]?.first(where: { $0.effective == r.effective }) {
                    throw ConfigError(
                        file: place, line: nil, column: nil, key: "effective",
                        message: "\(r.id) already has a revision of \(r.effective) (\(twin.file)): one file per revision")
                }
                revisions[r.id, default: []].append(r)
            }
        }
        var out: [String: Tariff] = [:]
        for (id, list) in revisions {
            for r in list where offPeak[r.offPeakDaysID] == nil {
                throw ConfigError(
                    file: r.file, line: nil, column: nil, key: "off_peak_days", message: "no off-peak days file '\(r.offPeakDaysID)'")
            }
            out[id] = Tariff(id: id, revisions: list, offPeakDays: offPeak)
        }
        tariffs = out
    }

    public func tariff(_ id: String) throws -> Tariff {
        guard let t = tariffs[id] else { throw TariffError.unknownTariff(id: id, known: tariffs.keys.sorted()) }
        return t
    }
}
