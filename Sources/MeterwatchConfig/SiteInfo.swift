import Foundation
import MeterwatchCore
import Yams

public struct SiteInfo: Hashable, Sendable {
    public var name: LocalizedName
    public var timeZone: String
}
