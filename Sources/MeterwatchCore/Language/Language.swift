/// The product's two languages: every page, report and message exists in both.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en
    case zhTW = "zh-TW"

    /// The text in this language, from a pair.
    @inlinable public func pick(_ en: String, _ zh: String) -> String { self == .en ? en : zh }

    /// The language's name in itself, for the link that switches to it.
    public var nativeName: String { pick("English", "中文") }
}
