import ArgumentParser

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Create, inspect, check, back up and maintain the store.",
        subcommands: [
            DBInitCommand.self, DBStatsCommand.self, DBCheckCommand.self, DBBackupCommand.self, DBRebuildRollupsCommand.self,
            DBPruneCommand.self, DBMigrateCommand.self, DBSoakCommand.self, DBCopyToPostgresCommand.self,
        ])
}
