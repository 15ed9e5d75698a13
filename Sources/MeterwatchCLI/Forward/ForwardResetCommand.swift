import ArgumentParser

struct ForwardResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Stop logging writes for forwarding and forget what was not sent (an edge that no longer forwards).",
        discussion: """
            Forwarding starts again, with the whole history, the next time a forwarder runs on this store.
            """)
    @OptionGroup var site: SiteOptions

    func run() throws {
        let site = try self.site.open()
        let dropped = try site.store.disableForwarding()
        print("forwarding off for \(site.store.path); \(dropped) logged write(s) not sent were dropped")
    }
}
