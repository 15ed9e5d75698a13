import MeterwatchCore
import MeterwatchStore

/// The table of alerts printed by `list`, `show` and `evaluate`. Values: 3 decimals, half away from zero.
enum AlertTable {
    static func text(_ alerts: [StoredAlert], calendar: LocalCalendar, language: Language) -> String {
        let header: [Phrase] = [.state, .severity, .alert]
        let rows = alerts.map { a in
            let since = a.state == .resolved || a.state == .cancelled ? a.resolvedAtMs : (a.firedAtMs ?? a.startedAtMs)
            return [
                String(a.id), Phrase.alertState(a.state).text(language), Phrase.alertSeverity(a.severity).text(language), a.rule, a.subject,
                since.map(calendar.isoString) ?? "",
                a.value.map { DisplayFormat.number($0, decimals: 3) + (a.unit.isEmpty ? "" : " \(a.unit)") } ?? "",
                a.ackedBy ?? "", language.pick(a.messageEN, a.messageZH),
            ]
        }
        let names =
            ["#"] + header.map { $0.text(language) } + [
                "", Phrase.since.text(language), Phrase.value.text(language),
                Phrase.acknowledged.text(language), Phrase.message.text(language),
            ]
        return TextTable(names, rows, rightAligned: [0, 6]).text
    }
}
