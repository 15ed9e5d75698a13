import ArgumentParser

/// The device profiles this installation knows: built into the binary, or overridden and added
/// by the site's profile folder and `MW_DEVICES`.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles", abstract: "List the device profiles (built in, or from a folder) and print one to adapt.",
        subcommands: [ProfilesListCommand.self, ProfilesShowCommand.self], defaultSubcommand: ProfilesListCommand.self)
}
