import Foundation
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchStore

/// Finds a device profile by file path, or by id in the site's profile folder, `MW_DEVICES`, and
/// the profiles built into the binary (in that order, file by file).
enum ProfileLocator {
    /// The folders that override the built-in profiles.
    static func folders(config: SiteConfig? = nil) -> [String] {
        var folders: [String] = []
        if let config {
            folders.append(config.profilesDirectory)
        }
        if let env = ProcessInfo.processInfo.environment["MW_DEVICES"], !env.isEmpty {
            folders.append(env)
        }
        return folders
    }

    static func catalog(config: SiteConfig? = nil) -> ProfileCatalog { ProfileCatalog(folders: folders(config: config)) }

    /// How often each series of the site's devices is polled (for the `stale` alert rule); empty
    /// when the profiles cannot be read.
    static func pollIntervals(_ config: SiteConfig) -> [SeriesKey: Int64] {
        guard let devices = try? Collector.devices(of: config, loadProfile: { try load($0, config: config) }) else {
            return [:]
        }
        return CollectorDevice.pollIntervals(devices)
    }

    static func load(_ reference: String, config: SiteConfig? = nil) throws -> DeviceProfile {
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/") {
            var path = reference
            if let config, !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: path) {
                path = ((config.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(reference)
            }
            return try DeviceProfile.load(path: path)
        }
        let catalog = catalog(config: config)
        guard let profile = try catalog.profile(reference) else {
            throw CLIError.noProfile(reference, searched: catalog.searched)
        }
        return profile
    }
}
