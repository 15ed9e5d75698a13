import Foundation

struct SoakError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
