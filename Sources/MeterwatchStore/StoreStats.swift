import Foundation
import GRDB
import MeterwatchCore

/// Figures about the store (`meterwatch db stats`).
public struct StoreStats: Sendable, Codable {
    public struct SeriesStats: Sendable, Codable {
        public var meter: String
        public var quantity: String
        public var kind: String
        public var unit: String
        public var samples: Int
        public var intervals: Int
        public var rollups: Int
        public var firstMs: Int64?
        public var lastMs: Int64?
    }
    public var path: String
    public var fileBytes: Int64
    public var samples: Int
    public var rollups: Int
    public var series: [SeriesStats]
}
