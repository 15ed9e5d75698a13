import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices

/// `meterwatch.yaml` (even first byte) or a device profile (odd), then what the program derives from it.
enum ConfigFuzz {
    static func run(_ data: Data) -> FuzzTarget.Outcome {
        guard let selector = data.first else { return .rejected }
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        do {
            if selector % 2 == 0 {
                let config = try SiteConfig.parse(yaml: text, file: "fuzz.yaml", environment: ["SECRET": "s3cret"])
                let calendar = try LocalCalendar(timeZone: config.site.timeZone)
                _ = config.plausibility.limits(calendar)
                for m in config.meters { _ = m.displayName(.zhTW) }
            } else {
                let profile = try DeviceProfile.parse(yaml: text, file: "fuzz.yaml")
                let placed = profile.points.enumerated().map {
                    PlacedPoint(
                        index: $0.offset, table: $0.element.table, address: $0.element.address,
                        count: $0.element.registerCount)
                }
                _ = RequestPlanner.plan(placed, maxRegisters: profile.maxRegistersPerRead, maxGap: profile.maxGap, holes: profile.holes)
            }
            return .accepted
        } catch {
            return .rejected
        }
    }
}
