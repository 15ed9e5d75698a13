import MeterwatchCore

/// The frame of every page: language, title, navigation, the language switch, refresh, footer.
struct LayoutView: Sendable {
    struct NavItem: Sendable {
        let href: String
        let name: String
        let current: Bool
    }
    let lang: String
    let page: String
    let title: String
    let site: String
    let nav: [NavItem]
    let otherHref: String
    let otherCode: String
    let otherName: String
    let refresh: Int?
    let status: String?
    let updatedLabel: String
    let updated: String
    /// The building picker (deployments with a `sites:` list).
    let picker: SitePicker?
    /// Who is signed in, with the sign-out form; or the sign-in link.
    let user: User?
    let signInHref: String?
    let signInLabel: String

    struct User: Sendable {
        let name: String
        let signOut: String
        let csrf: String
        let action: String
    }

    struct SitePicker: Sendable {
        struct Option: Sendable {
            let id: String
            let name: String
            let selected: Bool
        }
        let action: String
        let lang: String
        let label: String
        let allLabel: String
        let showLabel: String
        let options: [Option]
        /// The page's other parameters (period, against), kept when another building is chosen.
        let keep: [Field]
    }

    struct Field: Sendable {
        let name: String
        let value: String
    }

    init(_ c: PageContext, _ def: DashboardDefinition, status: String?) {
        lang = c.lang.rawValue
        page = def.page.rawValue
        title = def.title.text(c.lang) ?? def.page.rawValue
        site = c.state.config.site.name.text(c.lang) ?? "Meterwatch"
        let scope = c.state.config.scope
        let siteParameter = scope.map { "&site=\(HTML.urlEncode($0.id))" } ?? ""
        nav = DashboardDefinition.Page.allCases.filter { c.may($0.permission) || ($0.permission == .read && c.principal == nil) }.map { p in
            NavItem(
                href: "\(p.path)?lang=\(c.lang.rawValue)\(siteParameter)",
                name: c.state.dashboards.pages[p]?.title.text(c.lang) ?? p.rawValue, current: p == def.page)
        }
        picker =
            c.state.config.isPortfolio
            ? SitePicker(
                action: def.page.path, lang: c.lang.rawValue, label: c.t(.building), allLabel: c.t(.allBuildings), showLabel: c.t(.show),
                options: c.state.config.buildings.map { .init(id: $0.id, name: $0.displayName(c.lang), selected: $0.id == scope?.id) },
                keep: c.query.filter { $0.key != "lang" && $0.key != "site" }.sorted { $0.key < $1.key }.map {
                    Field(name: $0.key, value: $0.value)
                })
            : nil
        let other: Language = c.lang == .en ? .zhTW : .en
        let keep = c.query.filter { $0.key != "lang" }.sorted { $0.key < $1.key }.map {
            "&\(HTML.urlEncode($0.key))=\(HTML.urlEncode($0.value))"
        }.joined()
        otherHref = "\(def.page.path)?lang=\(other.rawValue)\(keep)"
        otherCode = other.rawValue
        otherName = other.nativeName
        refresh = def.refreshSeconds
        signInLabel = c.t(.signIn)
        if let p = c.principal, !p.isAnonymous {
            let role = p.role.map { Phrase.roleName($0).text(c.lang) } ?? p.permissions.map(\.description).sorted().joined(separator: " ")
            user = User(
                name: "\(p.displayName) (\(role)\(p.site.map { " · \($0)" } ?? ""))", signOut: c.t(.signOut), csrf: c.csrf,
                action: "/auth/logout?lang=\(c.lang.rawValue)")
            signInHref = nil
        } else {
            user = nil
            signInHref = "/auth/login?lang=\(c.lang.rawValue)&next=\(HTML.urlEncode(def.page.path))"
        }
        self.status = status
        updatedLabel = c.t(.updated)
        updated = c.calendar.isoString(c.now / 1000 * 1000)
    }
}
