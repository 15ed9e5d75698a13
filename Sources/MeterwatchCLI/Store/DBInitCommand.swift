import ArgumentParser

struct DBInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the store (or migrate an existing one).")
    @OptionGroup var site: SiteOptions

    func run() throws {
        let store = try site.open().store
        print("store ready: \(store.path) (time zone \(store.calendar.timeZoneIdentifier))")
    }
}
