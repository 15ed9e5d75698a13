import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// `/open-data`: the public page of the published dataset, what a citizen or a portal's harvester
/// reads first: the description, the licence with its attribution, the files and their fields.
struct OpenDataView: Sendable {
    struct FileLink: Sendable {
        let href: String
        let name: String
        let label: String
        let size: String
    }

    struct FieldRow: Sendable {
        let name: String
        let title: String
        let meaning: String
        let unit: String
    }

    let lang: String
    let site: String
    let heading: String
    let title: String
    let description: String
    let labels: [String: String]
    let provider: String
    let frequency: String
    let licence: String
    let licenceURL: String
    let attribution: String
    let contact: String
    let months: String
    let encoding: String
    let files: [FileLink]
    let fields: [FieldRow]
    let otherHref: String
    let otherName: String

    init(_ published: OpenDataPublisher.Published, siteName: LocalizedName, lang: Language) {
        let dataset = published.dataset
        let publication = dataset.publication
        self.lang = lang.rawValue
        site = siteName.text(lang) ?? "Meterwatch"
        heading = Phrase.openDataHeading.text(lang)
        title = dataset.title.text(lang) ?? ""
        description = dataset.description.text(lang) ?? ""
        let phrases: [String: Phrase] = [
            "files": .openDataFiles, "fields": .openDataFields, "field": .openDataField, "meaning": .openDataMeaning,
            "unit": .openDataUnit, "provider": .openDataProvider, "frequency": .openDataFrequency, "licence": .openDataLicence,
            "attribution": .openDataAttributionLabel, "contact": .openDataContact, "months": .openDataMonths, "encoding": .openDataEncoding,
        ]
        labels = phrases.mapValues { $0.text(lang) }
        provider = publication.provider.text(lang) ?? ""
        frequency = Phrase.openDataMonthly.text(lang)
        licence = "\(OpenDataset.licenceTitle.text(lang) ?? "") (\(OpenDataset.licenceID))"
        licenceURL = OpenDataset.licenceURL
        attribution = dataset.attribution(lang)
        contact = ([publication.contact.name, publication.contact.email] + (publication.contact.phone.map { [$0] } ?? [])).joined(
            separator: " · ")
        if let first = dataset.months.first, let last = dataset.months.last {
            months = "\(Self.monthLabel(first, lang)) – \(Self.monthLabel(last, lang))"
        } else {
            months = Phrase.openDataNoMonths.text(lang)
        }
        encoding = Phrase.openDataEncodingText.text(lang)
        let name = OpenDataset.resourceName
        let described: [(String, Phrase)] = [
            ("\(name).csv", .openDataCSVIdentifiers), ("\(name)-zh-TW.csv", .openDataCSVTitles), ("\(name).json", .openDataJSON),
            (OpenDataPackage.descriptorName, .openDataDescriptor),
        ]
        files = described.compactMap { fileName, phrase in
            guard let file = published.files[fileName] else { return nil }
            return FileLink(
                href: "/open-data/\(fileName)", name: fileName, label: phrase.text(lang),
                size: DisplayFormat.number(Double(file.bytes.count) / 1024, decimals: 1) + " KiB")
        }
        fields = dataset.fields.map { field in
            FieldRow(
                name: field.name, title: field.title.text(lang) ?? field.name, meaning: field.description.text(lang) ?? "",
                unit: field.unit ?? "")
        }
        let other: Language = lang == .en ? .zhTW : .en
        otherHref = "/open-data?lang=\(other.rawValue)"
        otherName = other.nativeName
    }

    /// "July 2026", "115年7月".
    static func monthLabel(_ month: CivilDate, _ lang: Language) -> String {
        let id = month.month < 10 ? "\(month.year)-0\(month.month)" : "\(month.year)-\(month.month)"
        return (try? Period.parse(id))?.label(lang) ?? id
    }
}
