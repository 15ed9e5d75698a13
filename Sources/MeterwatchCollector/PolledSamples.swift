import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import Synchronization

/// Readings of one device poll, ready for the store.
struct PolledSamples: Sendable {
    var meter: String
    var ms: Int64
    var values: [Quantity: Double]
}
