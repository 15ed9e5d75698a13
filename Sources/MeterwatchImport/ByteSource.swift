import Foundation

/// Where an import's bytes come from, read a chunk at a time: a file, standard input, a request
/// body. Nothing holds the whole input.
public protocol ByteSource {
    /// Reads up to `count` bytes into `buffer` (appending); returns how many, 0 at the end.
    mutating func read(into buffer: inout [UInt8], count: Int) throws -> Int
    /// The total size when known (files), for progress.
    var totalBytes: Int64? { get }
}

/// A file or a pipe, read with read(2).
public struct FileByteSource: ByteSource {
    let handle: FileHandle
    public let totalBytes: Int64?

    /// `path` "-" is standard input.
    public init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardInput
            totalBytes = nil
            return
        }
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, line: nil, message: "cannot open the file")
        }
        handle = h
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        totalBytes = size
    }

    public mutating func read(into buffer: inout [UInt8], count: Int) throws -> Int {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        let fd = handle.fileDescriptor
        let n = buffer.withUnsafeMutableBytes { raw in
            var r = 0
            repeat { r = Foundation.read(fd, raw.baseAddress! + start, count) } while r < 0 && errno == EINTR
            return r
        }
        guard n >= 0 else {
            buffer.removeLast(count)
            throw InputError(file: "input", line: nil, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        buffer.removeLast(count - n)
        return n
    }
}

/// Bytes already in memory (an upload, a test).
public struct DataByteSource: ByteSource {
    let data: Data
    var offset = 0
    public var totalBytes: Int64? { Int64(data.count) }

    public init(_ data: Data) { self.data = data }

    public mutating func read(into buffer: inout [UInt8], count: Int) throws -> Int {
        let n = min(count, data.count - offset)
        guard n > 0 else {
            return 0
        }
        data.withUnsafeBytes { raw in
            let base = raw.bindMemory(to: UInt8.self).baseAddress! + offset
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
        }
        offset += n
        return n
    }
}
