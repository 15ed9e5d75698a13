import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// The Uploads page: a file (the fuel log, bills or readings) previewed before it is stored, and,
/// for administrators, deleting a mistaken range of readings after a dry run.
struct UploadsView: Sendable {
    let layout: LayoutView
    let csrf: String
    let lang: String
    let kindLabel: String
    let kinds: [Option]
    let fileLabel: String
    let previewButton: String
    let storeButton: String
    let uploading: String
    let expired: String?
    let stored: String?
    let deleteTitle: String?
    let deleteForm: DeleteForm?
    let deletion: DeletionPreview?

    struct Option: Sendable {
        let value: String
        let label: String
    }

    struct DeleteForm: Sendable {
        let action: String
        let meterLabel: String
        let meters: [Option]
        let quantityLabel: String
        let fromLabel: String
        let toLabel: String
        let button: String
    }

    /// A dry run's answer with the confirmation, or the deletion's result.
    struct DeletionPreview: Sendable {
        var meter: String
        var quantity: String
        var from: String
        var to: String
        var csrf: String
        var message: String
        var confirm: String?
        var action: String
    }

    init(_ c: PageContext, _ def: DashboardDefinition, staged: String?, deletion: DeletionPreview? = nil) {
        layout = c.layout(def)
        csrf = c.csrf
        lang = c.lang.rawValue
        kindLabel = c.t(.uploadKind)
        kinds = [
            Option(value: "fuel", label: c.t(.fuelLogFile)), Option(value: "bills", label: c.t(.billsFile)),
            Option(value: "readings", label: c.t(.readingsFile)),
        ]
        fileLabel = c.t(.chooseFile)
        previewButton = c.t(.preview)
        storeButton = c.t(.storeUpload)
        uploading = c.t(.uploading)
        expired = c.query["error"] == "expired" ? c.t(.uploadExpired) : nil
        stored = c.query["stored"].flatMap { text in
            let n = text.split(separator: ",").compactMap { Int($0) }
            return n.count == 3 ? c.t(.uploadStored(inserted: n[0], updated: n[1], unchanged: n[2])) : nil
        }
        if c.may(.delete) {
            deleteTitle = c.t(.deleteReadings)
            deleteForm = DeleteForm(
                action: "/readings/delete/preview?lang=\(c.lang.rawValue)", meterLabel: c.t(.meter),
                meters: c.state.config.meters.map { Option(value: $0.id, label: "\($0.id) — \($0.displayName(c.lang))") },
                quantityLabel: c.t(.quantity), fromLabel: c.t(.from), toLabel: c.t(.to), button: c.t(.showWhatGoes))
        } else {
            deleteTitle = nil
            deleteForm = nil
        }
        self.deletion = deletion
    }
}
