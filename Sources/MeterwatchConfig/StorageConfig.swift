import Foundation
import MeterwatchCore
import Yams

public struct StorageConfig: Hashable, Sendable {
    public var path: String
    public var rawRetentionDays: Int
}
