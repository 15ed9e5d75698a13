import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchImport
import MeterwatchStore

/// A counter value as a device would report it: encoded into its registers and decoded back
/// (a float32 total keeps 24 bits; an INT32 in 0.1 kWh keeps one decimal). Storing the backfill
/// this way keeps the live readings that follow from ever stepping backwards.
struct DeviceQuantizer {
    let point: PointDefinition?
    let scaleFactor: Int?

    init(profile: DeviceProfile?, quantity: Quantity) {
        point = profile?.points.first { $0.quantity == quantity }
        if let p = point, let ref = p.scaleRef, let sf = profile?.point(ref), case .number(let n)? = sf.example {
            scaleFactor = Int(n)
        } else {
            scaleFactor = nil
        }
    }

    func callAsFunction(_ value: Double) -> Double {
        guard let p = point else { return value }
        let words = RegisterCodec.encode(p, value: value, scaleFactor: scaleFactor)
        guard case .success(let raw) = RegisterCodec.decodeRaw(p, words: words[...]),
            let v = RegisterCodec.value(p, raw: raw, scaleFactor: scaleFactor)
        else { return value }
        return v
    }
}
