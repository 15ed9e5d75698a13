import ArgumentParser
import MeterwatchDevices

/// Prints a profile's YAML as shipped (comments and citations included), ready to copy into the
/// site's profile folder and adapt.
struct ProfilesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a device profile's YAML (copy it into the site's devices folder to adapt it).")
    @OptionGroup var site: SiteOptions
    @Argument(help: "Profile id (e.g. eastron-sdm630).") var name: String

    func run() throws {
        let config = try site.loadConfig()
        let catalog = ProfileLocator.catalog(config: config)
        for file in catalog.names.sorted() {
            guard let profile = try catalog.load(file), profile.id == name, let text = catalog.files.text(file) else { continue }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return
        }
        throw CLIError.noProfile(name, searched: catalog.searched)
    }
}
