import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices

/// Register words as a device could answer them, decoded for every point of every shipped profile,
/// then checked the way the collector checks values.
enum RegisterFuzz {
    static let points: [(profile: DeviceProfile, point: PointDefinition)] = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized.path
        guard let library = try? ProfileLibrary.load(directory: dir) else { return [] }
        return library.profiles.keys.sorted().compactMap { library.profiles[$0] }.flatMap { p in p.points.map { (p, $0) } }
    }()
    static let limits = PlausibilityLimits(calendar: LocalCalendar(rules: .utc))

    static func run(_ data: Data) -> FuzzTarget.Outcome {
        guard data.count >= 2, !points.isEmpty else { return .rejected }
        let which = (Int(data[data.startIndex]) << 8 | Int(data[data.startIndex + 1])) % points.count
        let (profile, point) = points[which]
        let words = stride(from: data.startIndex + 2, to: data.endIndex - 1, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) }
        guard words.count >= point.registerCount else { return .rejected }
        guard
            case .success(let raw) = RegisterCodec.decodeRaw(point, words: words.prefix(point.registerCount), sentinels: profile.sentinels)
        else {
            return .rejected
        }
        // A word after the point's own is its SunSpec scale factor (the collector takes −10…10).
        let scale = words.count > point.registerCount ? Int(Int16(bitPattern: words[point.registerCount])) : nil
        guard let value = RegisterCodec.value(point, raw: raw, scaleFactor: scale.map { max(-10, min(10, $0)) }), let q = point.quantity
        else { return .rejected }
        _ = UPSFlags(storedValue: value)
        _ = value.exactInt
        return limits.check(value: value, quantity: q, kind: q.canonical?.kind ?? .gauge) == nil ? .accepted : .rejected
    }
}
