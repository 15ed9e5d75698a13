import Foundation
import MeterwatchCore
import MeterwatchEngine

/// The council report as a document (`/api/v1/reports?format=html`, `meterwatch report --format
/// html`) and inside the Report page: one table per section, in the report's language.
struct ReportDocumentView: Sendable {
    struct Table: Sendable {
        let header: [Cell]
        let rows: [Row]
    }

    struct Row: Sendable {
        let cells: [Cell]
    }

    /// A cell; figures are right-aligned.
    struct Cell: Sendable {
        let text: String
        let figure: Bool
    }

    let lang: String
    let title: String
    let consumption: Table
    let buildingsTitle: String
    /// Several buildings: each category's row for every building.
    let buildings: Table?
    let weatherNote: String?
    let kpisTitle: String
    let kpis: Table?
    let kpiNote: String?
    let carbonTitle: String
    let carbon: Table?
    let carbonSources: [String]
    let moneyTitle: String
    let money: Table?
    let notesTitle: String
    let notes: [String]
    let hasNotes: Bool
    /// The report's stylesheet, inline in the standalone document (allowed by its hash in the CSP).
    let style: String

    init(_ r: CouncilReport, style: String) {
        let cells = ReportRenderer.cells(r)
        func table(_ header: [String], _ rows: [[String]], textColumns: Set<Int>) -> Table {
            Table(
                header: header.map { Cell(text: $0, figure: false) },
                rows: rows.map { row in
                    Row(cells: row.enumerated().map { Cell(text: $0.element, figure: !textColumns.contains($0.offset)) })
                })
        }
        lang = r.language.rawValue
        title = cells.title
        consumption = table(cells.header, cells.rows, textColumns: [0, cells.header.count - 1])
        buildingsTitle = cells.buildingsTitle
        buildings = cells.buildingsRows.isEmpty ? nil : table(cells.buildingsHeader, cells.buildingsRows, textColumns: [0, 1])
        weatherNote = cells.weatherNote
        kpisTitle = cells.kpisTitle
        kpis = cells.kpiRows.isEmpty ? nil : table(cells.kpiHeader, cells.kpiRows, textColumns: [0, cells.kpiHeader.count - 1])
        kpiNote = cells.kpiNote
        carbonTitle = cells.carbonTitle
        carbon = cells.carbonRow.map { table(cells.carbonHeader, [$0], textColumns: [0]) }
        carbonSources = cells.carbonSources
        moneyTitle = cells.moneyTitle
        money = cells.moneyRows.isEmpty ? nil : table(cells.moneyHeader, cells.moneyRows, textColumns: [0])
        notesTitle = cells.notesTitle
        notes = cells.notes
        hasNotes = !cells.notes.isEmpty
        self.style = style
    }
}
