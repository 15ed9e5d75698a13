import Foundation
import MeterwatchConfig
import MeterwatchCore

/// The device profiles a site can use: the ones built into the binary (`Devices/`), overridden
/// and extended file by file by folders on disk (the configuration's `devices:`, `MW_DEVICES`).
///
/// ```swift
/// let catalog = ProfileCatalog(folders: [config.profilesDirectory])
/// let sdm630 = try catalog.profile("eastron-sdm630")     // the site's copy if it has one
/// ```
public struct ProfileCatalog: Sendable {
    public let files: FileOverlay

    public init(folders: [String]) {
        files = FileOverlay(base64: EmbeddedDevices.base64, folders: folders)
    }

    /// Every profile file's relative name (`eastron-sdm630.yaml`).
    public var names: [String] { files.files(withExtension: "yaml") + files.files(withExtension: "yml") }

    /// The profile with this id: the file named after it, else any file declaring it.
    /// nil when none does.
    public func profile(_ id: String) throws(ConfigError) -> DeviceProfile? {
        for ext in ["yaml", "yml"] {
            if let profile = try load("\(id).\(ext)"), profile.id == id {
                return profile
            }
        }
        for name in names {
            // Ids need not match file names.
            if let profile = try load(name), profile.id == id {
                return profile
            }
        }
        return nil
    }

    /// One file, parsed; errors name its place on disk or "(built in)".
    public func load(_ name: String) throws(ConfigError) -> DeviceProfile? {
        guard let text = files.text(name) else {
            return nil
        }
        let place = files.locate(name)?.description ?? name
        return try DeviceProfile.parse(yaml: text, file: place)
    }

    /// Where the catalog looks, for messages.
    public var searched: [String] { files.folders + ["built-in profiles"] }
}
