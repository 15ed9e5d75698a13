/// One published file: its name under `/open-data/` (and in an exported folder), media type and bytes.
public struct OpenDataFile: Sendable, Equatable {
    public var name: String
    public var mediaType: String
    public var bytes: [UInt8]

    public init(name: String, mediaType: String, bytes: [UInt8]) {
        self.name = name
        self.mediaType = mediaType
        self.bytes = bytes
    }
}
