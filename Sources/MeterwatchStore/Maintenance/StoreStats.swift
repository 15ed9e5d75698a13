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
    /// The newest migration applied to the file (`v9-forwarded-state`).
    public var schemaVersion: String
    /// The file and its write-ahead log.
    public var fileBytes: Int64
    public var samples: Int
    public var rollups: Int
    /// What the raw readings take: the chunk table and its index (SQLite's `dbstat` pages where
    /// the library has it, else the encoded payloads alone).
    public var rawBytes: Int64
    public var series: [SeriesStats]

    /// Raw bytes per stored reading; nil with no readings.
    public var rawBytesPerSample: Double? { samples > 0 ? Double(rawBytes) / Double(samples) : nil }
    /// The whole file per stored reading (rollups, intervals and bookkeeping included).
    public var fileBytesPerSample: Double? { samples > 0 ? Double(fileBytes) / Double(samples) : nil }

    enum CodingKeys: String, CodingKey {
        case path, schemaVersion, fileBytes, samples, rollups, rawBytes, series, rawBytesPerSample, fileBytesPerSample
    }

    public init(
        path: String, schemaVersion: String, fileBytes: Int64, samples: Int, rollups: Int, rawBytes: Int64, series: [SeriesStats]
    ) {
        self.path = path
        self.schemaVersion = schemaVersion
        self.fileBytes = fileBytes
        self.samples = samples
        self.rollups = rollups
        self.rawBytes = rawBytes
        self.series = series
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            path: try c.decode(String.self, forKey: .path), schemaVersion: try c.decode(String.self, forKey: .schemaVersion),
            fileBytes: try c.decode(Int64.self, forKey: .fileBytes), samples: try c.decode(Int.self, forKey: .samples),
            rollups: try c.decode(Int.self, forKey: .rollups), rawBytes: try c.decode(Int64.self, forKey: .rawBytes),
            series: try c.decode([SeriesStats].self, forKey: .series))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(fileBytes, forKey: .fileBytes)
        try c.encode(samples, forKey: .samples)
        try c.encode(rollups, forKey: .rollups)
        try c.encode(rawBytes, forKey: .rawBytes)
        try c.encode(series, forKey: .series)
        try c.encodeIfPresent(rawBytesPerSample, forKey: .rawBytesPerSample)
        try c.encodeIfPresent(fileBytesPerSample, forKey: .fileBytesPerSample)
    }
}
