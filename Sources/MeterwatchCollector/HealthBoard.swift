import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import MeterwatchStore
import Synchronization

/// Device health shared between the link threads and the writer.
final class HealthBoard: Sendable {
    let devices = Mutex<[String: DeviceHealth]>([:])
}
