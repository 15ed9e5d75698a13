import Foundation
import MeterwatchCore
import Yams

/// A name in the product's languages. `zh-TW` falls back to English and vice versa.
public struct LocalizedName: Hashable, Sendable, Codable {
    public var en: String?
    public var zhTW: String?
    public init(en: String? = nil, zhTW: String? = nil) {
        self.en = en
        self.zhTW = zhTW
    }

    public func text(_ language: Language) -> String? {
        switch language {
        case .en: en ?? zhTW
        case .zhTW: zhTW ?? en
        }
    }
}
