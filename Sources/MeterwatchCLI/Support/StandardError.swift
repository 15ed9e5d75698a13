import Foundation

/// Notes and rejected rows go to standard error, so that standard output stays the result.
enum StandardError {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
