import Foundation

/// Decodes an input file: UTF-8 (with or without a byte-order mark) or Big5 (CP950, what Excel on
/// a Traditional Chinese Windows writes). UTF-8 is tried first; Big5 is used only when the bytes
/// are not valid UTF-8.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", big5 = "Big5" }

    public static func decode(_ data: Data, file: String) throws(InputError) -> (text: String, encoding: Encoding) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, .utf8) }
        if let s = iconvDecode(Data(bytes), from: "CP950") ?? iconvDecode(Data(bytes), from: "BIG5-HKSCS") { return (s, .big5) }
        throw InputError(file: file, line: nil, message: "the file is neither UTF-8 nor Big5 text")
    }

    static func iconvDecode(_ data: Data, from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var written = -1
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { written = outBuf.count - outLeft }
            }
        }
        guard written >= 0 else { return nil }
        return String(validating: output.prefix(written), as: UTF8.self)
    }
}
