import Foundation

extension CodingUserInfoKey {
    /// The language phrases are encoded in (`JSONEncoder.userInfo[.language]`); English by default.
    public static let language = CodingUserInfoKey(rawValue: "meterwatch.language")!
}

/// A phrase in JSON is its text in the encoder's language (the API's `lang` parameter).
extension Phrase: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text(encoder.userInfo[.language] as? Language ?? .en))
    }
}
