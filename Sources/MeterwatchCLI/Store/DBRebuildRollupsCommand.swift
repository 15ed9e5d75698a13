import ArgumentParser
import Foundation
import MeterwatchCore

struct DBRebuildRollupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-rollups", abstract: "Recompute every rollup from raw data (after fixing history or changing rules).")
    @OptionGroup var site: SiteOptions

    func run() throws {
        let store = try site.open().store
        let start = Date()
        try store.rebuildRollups()
        let seconds = DisplayFormat.number(Date().timeIntervalSince(start), decimals: 2)
        print("rebuilt rollups of \(try store.allSeries().count) series in \(seconds) s")
    }
}
