import Foundation
import MeterwatchConfig
import MeterwatchCore

/// The profiles in a folder (`Devices/`), by id.
public struct ProfileLibrary: Sendable {
    public var profiles: [String: DeviceProfile]

    public init(profiles: [DeviceProfile]) {
        self.profiles = Dictionary(profiles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every `*.yaml` in `directory` except README-like files; the first error stops loading.
    public static func load(directory: String) throws(ConfigError) -> ProfileLibrary {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw ConfigError(
                file: directory, line: nil, column: nil, key: "", message: "cannot list device profiles: \(error.localizedDescription)")
        }
        var out: [DeviceProfile] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let p = try DeviceProfile.load(path: (directory as NSString).appendingPathComponent(name))
            if let dup = out.first(where: { $0.id == p.id }) {
                throw ConfigError(
                    file: p.file, line: nil, column: nil, key: "id", message: "profile id '\(p.id)' is also used by \(dup.file)")
            }
            out.append(p)
        }
        return ProfileLibrary(profiles: out)
    }

    public subscript(id: String) -> DeviceProfile? { profiles[id] }
}
