import Foundation

/// Files shipped inside the binary, overridden or extended file by file by folders on disk: the
/// device profiles (`Devices/`) and the dashboards (`Dashboards/`: definitions, templates, assets).
///
/// ```swift
/// let profiles = FileOverlay(builtIn: EmbeddedDevices.base64, folders: [config.profilesDirectory])
/// profiles.data("sdm630.yaml")              // the site's own copy if it has one, else the shipped one
/// profiles.files(withExtension: "yaml")      // every name, the site's first
/// ```
public struct FileOverlay: Sendable {
    /// Relative path → bytes, as built in.
    public let builtIn: [String: Data]
    /// Folders searched before the built-in files, first match wins.
    public let folders: [String]

    public init(builtIn: [String: Data], folders: [String]) {
        self.builtIn = builtIn
        self.folders = folders
    }

    /// From generated sources: relative path → base64.
    public init(base64: [String: String], folders: [String]) {
        self.init(builtIn: base64.compactMapValues { Data(base64Encoded: $0) }, folders: folders)
    }

    /// Where a file comes from: a path on disk, or "built in".
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case folder(path: String)
        case builtIn(name: String)
        public var description: String {
            switch self {
            case .folder(let path): path
            case .builtIn(let name): "\(name) (built in)"
            }
        }
    }

    /// The file at `relative` (`templates/layout.mustache`), from the first folder holding it, else built in.
    public func data(_ relative: String) -> Data? {
        locate(relative).flatMap { source in
            switch source {
            case .folder(let path): FileManager.default.contents(atPath: path)
            case .builtIn(let name): builtIn[name]
            }
        }
    }

    public func text(_ relative: String) -> String? { data(relative).map { String(decoding: $0, as: UTF8.self) } }

    public func locate(_ relative: String) -> Source? {
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return .folder(path: path)
            }
        }
        return builtIn[relative] == nil ? nil : .builtIn(name: relative)
    }

    /// Relative paths of the files directly in `subfolder` ("" for the top) ending in `.ext`, from
    /// the folders and the built-in files, each once, sorted.
    public func files(in subfolder: String = "", withExtension ext: String) -> [String] {
        var names = Set<String>()
        let prefix = subfolder.isEmpty ? "" : subfolder + "/"
        for name in builtIn.keys where name.hasPrefix(prefix) && name.hasSuffix(".\(ext)") && !name.dropFirst(prefix.count).contains("/") {
            names.insert(name)
        }
        for folder in folders {
            let dir = subfolder.isEmpty ? folder : (folder as NSString).appendingPathComponent(subfolder)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where file.hasSuffix(".\(ext)") {
                names.insert(prefix + file)
            }
        }
        return names.sorted()
    }
}
