/// The catalog: every phrase in English and Traditional Chinese, side by side.
extension Phrase {
    public func text(_ language: Language) -> String {
        let (en, zh) = pair
        return language == .en ? en : zh
    }

    // Numbers inside sentences are rounded for reading, half away from zero (DisplayFormat).
    private func n(_ v: Double, _ decimals: Int = 0) -> String { DisplayFormat.number(v, decimals: decimals) }
    private func pct(_ fraction: Double) -> String { DisplayFormat.number(fraction * 100, decimals: 1) + " %" }

    private var pair: (String, String) {
        switch self {
        // Pages
        case .powerNow: ("Power now", "目前用電功率")
        case .loadToday: ("Load today against the same weekday last week", "今日負載曲線（對照上週同日）")
        case .today: ("Today", "今日")
        case .lastWeek: ("Same weekday last week", "上週同日")
        case .electricity: ("Electricity", "用電量")
        case .thisMonth: ("This month", "本月")
        case .sameTimeLastYear: ("Same period last year", "去年同期")
        case .change: ("Change", "增減")
        case .water: ("Water", "用水")
        case .fuel: ("Official vehicles' fuel", "公務車輛油料")
        case .flowNow: ("Flow now", "目前流量")
        case .usedToday: ("Used today", "今日用水量")
        case .ups: ("UPS", "不斷電系統")
        case .status: ("Status", "狀態")
        case .battery: ("Battery", "電池")
        case .load: ("Load", "負載")
        case .runtime: ("Runtime", "可供電時間")
        case .storage: ("Storage", "儲能系統")
        case .stateOfCharge: ("State of charge", "電量")
        case .charging: ("charging", "充電中")
        case .discharging: ("discharging", "放電中")
        case .idle: ("idle", "待機")
        case .firingAlerts: ("Firing alerts", "進行中的警報")
        case .noFiringAlerts: ("No firing alerts", "目前沒有警報")
        case .noData: ("no data", "無資料")
        case .updated: ("Updated", "更新時間")
        case .period: ("Period", "期間")
        case .against: ("Against", "比較基準")
        case .show: ("Show", "查詢")
        case .month: ("Month", "月份")
        case .thisPeriod: ("This period", "本期")
        case .baseline: ("Baseline", "比較期")
        case .total: ("Total", "合計")
        case .soFarNote: ("So far, against the same dates and hours last year.", "截至目前，對照去年同日同時段。")
        case .weatherTitle: ("Weather-normalised savings", "氣候正規化節能量")
        case .usageAgainstTemperature: ("daily use against outdoor temperature", "每日用量與室外氣溫")
        case .baselineModel: ("Baseline model", "基期模型")
        case .reportingModel: ("Reporting-period model", "報告期模型")
        case .counterfactual: ("Baseline model at this period's weather", "依本期氣溫推估之基期用量")
        case .metered: ("Metered", "實際用量")
        case .avoidedUse: ("Avoided use", "節約量")
        case .rawChangePerDay: ("Raw change per day", "每日原始增減")
        case .model: ("Model", "模型")
        case .uncertaintyAtConfidence: ("uncertainty at confidence", "不確定度信賴水準")
        case .baselineInsufficient: ("Baseline insufficient", "基期資料不足")
        case .outsideGuideline14:
            (
                "The fit is outside ASHRAE Guideline 14's limits; read the saving with care.",
                "模型配適未達 ASHRAE Guideline 14 標準，節能量僅供參考。"
            )
        case .days: ("days", "日")
        case .kpi: ("KPI", "指標")
        case .target: ("Target", "目標")
        case .actual: ("Actual", "實際")
        case .attainment: ("Attainment", "達成率")
        case .alert: ("Alert", "警報")
        case .severity: ("Severity", "等級")
        case .state: ("State", "狀態")
        case .since: ("Since", "開始")
        case .message: ("Message", "說明")
        case .acknowledge: ("Acknowledge", "確認")
        case .yourName: ("Your name", "姓名")
        case .comment: ("Comment", "備註")
        case .accessToken: ("Access token", "存取權杖")
        case .device: ("Device", "設備")
        case .forwardedAt: ("Received from the building", "建築物回傳時間")
        case .byBuilding: ("By building", "各建築物")
        case .profile: ("Profile", "設備型號")
        case .link: ("Link", "連線")
        case .requests: ("Requests", "請求數")
        case .errors: ("Errors", "錯誤")
        case .rejectedValues: ("Refused values", "剔除讀值")
        case .lastSuccess: ("Last success", "最後成功")
        case .latency: ("Latency", "延遲")
        case .lastError: ("Last error", "最後錯誤")
        case .download: ("Download", "下載")
        case .print: ("Print", "列印")
        case .noDevices: ("No Modbus devices configured", "未設定 Modbus 設備")
        case .acknowledged: ("Acknowledged", "已確認")
        case let .parenthetical(a, b): ("\(a) (\(b))", "\(a)（\(b)）")
        case .chartMonth(let m): (m < 10 ? "0\(m)" : "\(m)", "\(m)月")
        case .openDataHeading: ("Open data", "開放資料")
        case .openDataFiles: ("Files", "檔案")
        case .openDataFields: ("Fields", "欄位說明")
        case .openDataField: ("Field", "欄位")
        case .openDataMeaning: ("Meaning", "說明")
        case .openDataUnit: ("Unit", "單位")
        case .openDataProvider: ("Provider", "提供機關")
        case .openDataFrequency: ("Update frequency", "更新頻率")
        case .openDataMonthly: ("Monthly, after each month ends", "每月（月份結束後更新）")
        case .openDataLicence: ("Licence", "授權方式")
        case .openDataAttributionLabel: ("Attribution", "引用說明")
        case .openDataContact: ("Contact", "聯絡人")
        case .openDataMonths: ("Months", "資料期間")
        case .openDataEncoding: ("Encoding", "編碼格式")
        case .openDataEncodingText: ("UTF-8 (CSV with a byte-order mark, for Excel)", "UTF-8（CSV 含位元組順序記號，可直接以 Excel 開啟）")
        case .openDataNoMonths: ("No month has ended since the first month published.", "自公開起始月份以來尚無已結束之月份。")
        case .openDataCSVIdentifiers: ("CSV, English field names", "CSV（英文欄位名稱）")
        case .openDataCSVTitles: ("CSV, Chinese field names", "CSV（中文欄位名稱）")
        case .openDataJSON: ("JSON, exact values", "JSON（未經四捨五入之數值）")
        case .openDataDescriptor:
            ("Data package descriptor (Frictionless Data Package with Table Schemas)", "資料包描述檔（Frictionless Data Package，含各資源之欄位結構）")
        case .badToken: ("The access token is not valid; nothing was changed.", "存取權杖無效，未做任何變更。")
        case .error: ("Error", "錯誤")
        case .giveYourName: ("Give your name (1 to 100 characters); nothing was changed.", "請填寫姓名（1 至 100 字）；未做任何變更。")
        case .noSuchAlert(let id): ("There is no alert #\(id).", "沒有第 \(id) 號警報。")
        case let .alertNotActive(id, state):
            (
                "Alert #\(id) is \(Phrase.alertState(state).text(.en).lowercased()); only pending and firing alerts can be acknowledged.",
                "第 \(id) 號警報目前為「\(Phrase.alertState(state).text(.zhTW))」；只有「待確認」或「警報中」的警報可以確認。"
            )
        case .modelStructure(let m):
            switch m {
            case .fullWeek: ("daily, one model for every day", "日模型，全週單一模型")
            case .dayTypes: ("daily, one model for working days and one for weekends and holidays", "日模型，上班日與週末假日分別建模")
            case .hourOfWeek: ("hourly, time of week and temperature", "時模型，依週內時段與氣溫")
            }
        case .value: ("Value", "數值")
        case .unit: ("Unit", "單位")
        case .coverage: ("Coverage", "資料涵蓋率")
        case .perDayChange: ("Change per day", "日平均增減")
        case .warning: ("Note", "注意")
        case .uncapped: ("Uncapped", "未設上限")
        case .notEntered: ("not entered", "未輸入")
        case .perDay(let unit): ("\(unit)/day", "\(unit)／日")
        case .workingDay: ("Working days", "上班日")
        case .nonWorkingDay: ("Weekends and holidays", "週末及假日")
        case .completeMonthsOnly: ("Complete months only", "僅計完整月份")
        case .badPeriod(let text):
            (
                "cannot read the period '\(text)': expected 2019, 2019H2, 2019Q3, 2019-07, 2019-W27, 2019-07-01, 2019-07-01..2019-12-31, "
                    + "or roc:108H2",
                "無法解讀期間「\(text)」：請輸入 2019、2019H2、2019Q3、2019-07、2019-W27、2019-07-01、2019-07-01..2019-12-31 或 roc:108H2"
            )

        // Values as words
        case .alertState(let s):
            switch s {
            case .pending: ("pending", "待確認")
            case .firing: ("firing", "警報中")
            case .resolved: ("resolved", "已解除")
            case .cancelled: ("cancelled", "已取消")
            }
        case .alertSeverity(let s):
            switch s {
            case .info: ("info", "資訊")
            case .warning: ("warning", "警告")
            case .critical: ("critical", "嚴重")
            }
        case .deviceState(let s):
            switch s {
            case .neverPolled: ("never polled", "尚未輪詢")
            case .pending: ("waiting", "等待回應")
            case .ok: ("ok", "正常")
            case .degraded: ("degraded", "部分異常")
            case .offline: ("offline", "離線")
            case .unreported: ("not reported by its building", "建築物未回報")
            }
        case .kpiStatus(let s):
            switch s {
            case .met: ("met", "達成")
            case .notMet: ("not met", "未達成")
            case .onTrack: ("on track (provisional)", "進度符合（暫定）")
            case .behind: ("behind (provisional)", "進度落後（暫定）")
            case .notApplicable: ("n/a", "不適用")
            }
        case .category(let c):
            switch c {
            case .electricity: ("Electricity", "電力")
            case .water: ("Water", "用水")
            case .fuel: ("Fuel", "油料")
            case .ups: ("UPS", "不斷電系統")
            case .storage: ("Storage", "儲能系統")
            case .temperature: ("Temperature", "溫度")
            }

        // Comparisons
        case let .coverageDiffers(p, c, b, bc):
            (
                "coverage differs: \(p) \(pct(c)) against \(b) \(pct(bc)); the change mixes consumption with missing data",
                "資料涵蓋率不同：\(p) 為 \(pct(c))，\(b) 為 \(pct(bc))，增減含資料缺漏的影響"
            )
        case .noDataFor(let p): ("no data for \(p)", "\(p) 無資料")
        case let .spansGaps(p, amount, unit):
            ("\(n(amount, 2)) \(unit) of \(p) spans gaps in the readings (estimated)", "\(p) 有 \(n(amount, 2)) \(unit) 跨越讀值缺漏（推估）")
        case .baselineIsZero: ("the baseline is 0: percent change is n/a", "比較期為 0，增減率不適用")
        case let .leapDayIn(p, d, other):
            (
                "\(p) includes 29 February (\(d) days against \(other)); compare the per-day change",
                "\(p) 含2月29日（\(d) 天對 \(other) 天），請參考日平均增減"
            )
        case .notOverYet(let p): ("\(p) is not over yet: figures so far", "\(p) 尚未結束，數值為目前累計")
        case .metersWithoutData(let list): ("no data stored for: " + list.joined(separator: ", "), "下列表計無資料：" + list.joined(separator: "、"))
        case .noLeapDayLastYear(let d): ("\(d) has no counterpart last year; 28 February is used", "\(d) 去年無對應日，以2月28日比較")
        case let .noISOWeekLastYear(y, w): ("\(y) has no ISO week \(w); week \(w - 1) is used", "\(y) 年無第\(w)週，以第\(w - 1)週比較")
        case .comparedToDate(let through):
            ("the period is not over: both sides are compared to date, through \(through)", "期間尚未結束：兩期均比較至同一日期時點（\(through)）")
        case let .commonDaysOnly(d, of, c, bc):
            (
                "coverage differs (\(pct(c)) against \(pct(bc))): only the \(d) of \(of) days both periods cover are compared",
                "資料涵蓋率不同（\(pct(c)) 對 \(pct(bc))）：僅比較兩期皆有資料之 \(d) 日（共 \(of) 日）"
            )
        case let .notComparable(c, bc, d, of):
            (
                "not comparable: coverage \(pct(c)) against \(pct(bc)), and only \(d) of \(of) days are covered in both periods",
                "無法比較：資料涵蓋率 \(pct(c)) 對 \(pct(bc))，兩期皆有資料者僅 \(d) 日（共 \(of) 日）"
            )
        case .notStarted(let p): ("\(p) has not begun", "\(p) 尚未開始")

        // Access and the month's work
        case .signIn: ("Sign in", "登入")
        case .signOut: ("Sign out", "登出")
        case .signInWithCityAccount: ("Sign in with the city's single account", "以本府單一帳號登入")
        case .userName: ("Account", "帳號")
        case .password: ("Password", "密碼")
        case .signInWithToken: ("Sign in with an access token", "以存取權杖登入")
        case .wrongPassword: ("Wrong account or password.", "帳號或密碼錯誤。")
        case .signInNotCompleted: ("The sign-in could not be completed: try again, or ask the administrator.", "無法完成登入，請重試或洽系統管理者。")
        case .noRoleForAccount: ("Your account has no role in Meterwatch: ask the administrator.", "您的帳號尚未設定本系統角色，請洽系統管理者。")
        case .tooManyAttempts(let s): ("Too many attempts: try again in \(s) s.", "嘗試次數過多，請於 \(s) 秒後再試。")
        case let .signedInAs(name, role): ("\(name) (\(role.text(.en)))", "\(name)（\(role.text(.zhTW))）")
        case .roleName(let r):
            switch r {
            case .viewer: ("viewer", "檢視者")
            case .operator: ("operator", "操作人員")
            case .admin: ("administrator", "系統管理者")
            }
        case .uploads: ("Uploads", "資料上傳")
        case .uploadKind: ("What it holds", "資料類別")
        case .fuelLogFile: ("Fuel log (the motor pool's CSV, UTF-8 or Big5, ROC dates)", "油料紀錄（車輛管理 CSV，UTF-8 或 Big5，民國日期）")
        case .billsFile: ("Utility bills (meter,start,end,value)", "電費、水費帳單（meter,start,end,value）")
        case .readingsFile: ("Meter readings (meter,time,value)", "表計讀值（meter,time,value）")
        case .chooseFile: ("File", "檔案")
        case .preview: ("Preview", "預覽")
        case .storeUpload: ("Store it", "確認寫入")
        case let .uploadPreview(file, rows, encoding):
            ("\(file): \(n(Double(rows))) rows (\(encoding))", "\(file)：共 \(n(Double(rows))) 列（\(encoding)）")
        case .uploadHasErrors(let rows):
            (
                "\(n(Double(rows))) rows cannot be stored: nothing is stored until they are fixed.",
                "有 \(n(Double(rows))) 列無法寫入：修正前不會寫入任何資料。"
            )
        case let .uploadStored(i, u, same):
            (
                "Stored: \(n(Double(i))) new, \(n(Double(u))) corrected, \(n(Double(same))) already there.",
                "已寫入：新增 \(n(Double(i))) 筆、更正 \(n(Double(u))) 筆、\(n(Double(same))) 筆已存在。"
            )
        case let .uploadReady(i, u, same):
            (
                "Ready to store: \(n(Double(i))) new, \(n(Double(u))) corrected, \(n(Double(same))) already there.",
                "可寫入：新增 \(n(Double(i))) 筆、更正 \(n(Double(u))) 筆、\(n(Double(same))) 筆已存在。"
            )
        case .uploadExpired: ("The preview has expired: choose the file again.", "預覽已逾時，請重新選擇檔案。")
        case .uploading: ("Uploading…", "上傳中…")
        case .notABillsFile: ("A bills file has the columns meter, start, end and value.", "帳單檔須有 meter、start、end、value 欄位。")
        case .enterActual: ("Enter the actual", "填報實際值")
        case .save: ("Save", "儲存")
        case let .actualSaved(kpi, period): ("Saved: \(kpi), \(period).", "已儲存：\(kpi)，\(period)。")
        case .deleteReadings: ("Delete readings", "刪除讀值")
        case .meter: ("Meter", "表計")
        case .quantity: ("Quantity", "量別")
        case .from: ("From", "起")
        case .to: ("To (not included)", "迄（不含）")
        case .showWhatGoes: ("Show what would be deleted", "預覽將刪除的資料")
        case let .wouldDelete(r, i, first, last):
            (
                "Would delete \(n(Double(r))) readings and \(n(Double(i))) intervals, \(first) to \(last).",
                "將刪除 \(n(Double(r))) 筆讀值及 \(n(Double(i))) 筆區間資料（\(first) 至 \(last)）。"
            )
        case .confirmDelete: ("Delete them", "確認刪除")
        case let .deletedReadings(r, i):
            ("Deleted \(n(Double(r))) readings and \(n(Double(i))) intervals.", "已刪除 \(n(Double(r))) 筆讀值及 \(n(Double(i))) 筆區間資料。")
        case .nothingToDelete: ("Nothing is stored in that range.", "該區間沒有資料。")
        case .auditLog: ("Audit log", "稽核紀錄")
        case .time: ("Time", "時間")
        case .actor: ("Who", "操作者")
        case .role: ("Role", "角色")
        case .action: ("Action", "動作")
        case .auditTarget: ("On", "對象")
        case .detail: ("Detail", "說明")
        case .address: ("From address", "來源位址")
        case .result: ("Result", "結果")
        case .sessions: ("Signed-in sessions", "登入中的工作階段")
        case .revoke: ("Revoke", "撤銷")
        case .sessionRevoked(let u): ("Signed \(u) out.", "已將 \(u) 登出。")
        case .formExpired: ("The form has expired: reload the page and try again.", "表單已逾時，請重新整理頁面後再試。")
        case .notAllowed: ("Your role may not do this.", "您的角色無此權限。")
        case .dataEndsAt(let through):
            ("the data ends at \(through): both sides are compared up to then", "資料只到 \(through)：兩期均比較至此時點")
        case .metersLate(let list):
            (
                "late, nothing received within the data lag: " + list.joined(separator: ", ") + " (their gap counts as missing)",
                "下列表計逾時未送資料（缺漏計為未涵蓋）：" + list.joined(separator: "、")
            )
        case let .noDataYet(p, through): ("\(p) has no data yet: the data ends at \(through)", "\(p) 尚無資料：資料只到 \(through)")
        case let .noDayOfSameKind(d, other):
            (
                "no day of the same kind as \(d) (working day, weekend or holiday) near it last year: compared with \(other)",
                "去年無與 \(d) 同類型（上班日、週末或假日）之日：改與 \(other) 比較"
            )
        case let .readingsNotYetInCentral(file, readings):
            (
                "\(n(Double(readings))) readings of this selection are in \(file), not yet in the central database: `serve` forwards them "
                    + "as it runs, or `meterwatch db copy-to-postgres` copies them now",
                "本項有 \(n(Double(readings))) 筆讀值在 \(file)，尚未進入中央資料庫：執行 serve 時會自動轉送，或以 meterwatch db copy-to-postgres 立即複製"
            )

        // KPIs
        case .kpiNoDataFor(let p): ("no data for \(p)", "\(p) 無資料")
        case .kpiChangeUndefined: ("the baseline is 0, so the change in percent is undefined", "比較期為 0，無法計算增減百分比")
        case .kpiNoActualEntered(let p): ("no actual value entered for \(p)", "尚未輸入 \(p) 的實際值")
        case .kpiTargetZero: ("the target is 0, so attainment (actual ÷ target) is undefined", "目標值為 0，無法計算達成率（實際 ÷ 目標）")
        case .kpiActualZero: ("the actual value is 0, so attainment (target ÷ actual) is undefined", "實際值為 0，無法計算達成率（目標 ÷ 實際）")
        case .kpiNegativeAttainment(let p):
            ("attainment is negative (\(n(p, 2)) %): the value moved against the target", "達成率為負（\(n(p, 2)) %）：數值與目標方向相反")

        // Savings
        case .baselineShort(let d): ("the baseline has \(d) days; CalTRACK asks for 365", "基期僅 \(d) 日；CalTRACK 要求 365 日")
        case .baselineGappy(let m):
            ("\(n(m, 1)) % of the baseline days lack usage or temperature (at most 10 %)", "基期有 \(n(m, 1)) % 的日數缺用量或氣溫（上限 10 %）")
        case .baselineOverlaps: ("the baseline overlaps the reporting period", "基期與報告期重疊")
        case .billNotForEveryMeter(let s): ("\(s): not every meter has a bill for this period", "\(s)：並非每個表計都有此期帳單")
        case let .monthWithoutUsage(s, d): ("\(s): \(d) day\(d == 1 ? "" : "s") without usage", "\(s)：\(d) 日無用量")
        case let .billLength(l, d): ("\(l): \(d) days (CalTRACK keeps bills of 25–70 days)", "\(l)：\(d) 日（CalTRACK 僅採 25–70 日之帳單）")
        case let .billTemperatures(l, c, d): ("\(l): temperatures on \(c) of \(d) days (at least 90 %)", "\(l)：\(d) 日中僅 \(c) 日有氣溫（至少 90 %）")
        case .weatherInsufficient(let reasons):
            (
                "weather-adjusted: baseline insufficient: " + reasons.map { $0.text(.en) }.joined(separator: "; "),
                "氣候調整之基期資料不足：" + reasons.map { $0.text(.zhTW) }.joined(separator: "；")
            )
        case let .weatherPartial(d, of):
            ("weather-adjusted: covers the \(d) of \(of) days with both usage and temperature", "氣候調整僅涵蓋本期 \(of) 日中有用量與氣溫之 \(d) 日")
        case .weatherUnavailable(let why): ("no weather-adjusted change: " + why.text(.en), "無法計算氣候調整：" + why.text(.zhTW))
        case .weatherNote(let b):
            (
                "Weather-adjusted change: metered use minus what a model of the baseline (\(b)) against outdoor temperature (CalTRACK "
                    + "daily) predicts for this period's weather; ± is the uncertainty at 90 % confidence (ASHRAE Guideline 14). Negative "
                    + "means saved.",
                "氣候調整後增減：實際用量減去基期（\(b)）用量對室外氣溫之迴歸模型（CalTRACK 日模型）依本期氣溫推估之用量；± 為 90% 信賴水準之不確定度（ASHRAE Guideline 14）。負值表示節約。"
            )

        // Report
        case .reportTitle: ("Energy and resource savings", "節約能源成果")
        case .item: ("Item", "項目")
        case .explanation: ("Explanation", "說明")
        case .kpis: ("Key performance indicators", "關鍵績效指標")
        case .indicator: ("Indicator", "指標")
        case .targetValue: ("Target", "目標值")
        case .achieved: ("Achieved", "實際達成值")
        case .margin: ("Margin over target", "與目標差距")
        case .carbon: ("Carbon footprint of electricity", "用電碳排放")
        case .carbonItem: ("Electricity emissions (kgCO2e)", "用電碳排放（公斤CO2e）")
        case .factorSource: ("Factor source", "係數來源")
        case .notApplicable: ("n/a", "不適用")
        case .percentagePoints: ("pp", "個百分點")
        case .dataNotes: ("Data notes", "資料附註")
        case .weatherAdjustedChange: ("Weather-adjusted change", "氣候調整後增減")
        case .reportItem(let c):
            switch c {
            case .electricity: ("Electricity", "用電量")
            case .water: ("Water", "用水量")
            case .fuel: ("Official vehicles' petrol and diesel", "公務車輛汽、柴油")
            case .ups: ("UPS energy", "不斷電系統用電")
            case .storage: ("Storage discharged", "儲能系統放電量")
            case .temperature: ("Temperature", "溫度")
            }

        // Portfolio
        case .portfolio: ("Portfolio", "建築群總覽")
        case .building: ("Building", "建築物")
        case .allBuildings: ("All buildings", "全部建築物")
        case .floorArea: ("Floor area, m²", "樓地板面積（平方公尺）")
        case .rankByIntensity: ("Rank by intensity", "強度排名")
        case .rankByChange: ("Rank by change", "增減排名")
        case .intensityChange: ("Intensity change", "強度增減")
        case .intensityNote:
            (
                "Intensity: use over the last twelve complete months divided by the floor area; the total counts the buildings that "
                    + "give a floor area. Rank 1 is the lowest intensity, or the largest reduction.",
                "使用強度：最近十二個完整月份之用量除以樓地板面積；合計僅計入有填樓地板面積之建築物。排名第1為強度最低或減量最多者。"
            )
        case .intensity(let c):
            switch c {
            case .electricity: ("EUI, kWh/m²·yr", "能源使用強度（度/平方公尺·年）")
            case .water: ("Water use intensity, m³/m²·yr", "用水強度（度/平方公尺·年）")
            default: ("Use per m² per year", "每平方公尺年用量")
            }
        case let .twelveMonths(a, b):
            (
                "12 months, \(a.year)-\(a.month < 10 ? "0" : "")\(a.month) to \(b.year)-\(b.month < 10 ? "0" : "")\(b.month)",
                "\(a.rocYear)年\(a.month)月至\(b.rocYear)年\(b.month)月（12個月）"
            )
        case let .periodAgainst(a, b): ("This period: \(a); baseline: \(b)", "本期：\(a)；比較期：\(b)")
        case let .intensityWindow(c, months, base):
            (
                "\(Phrase.intensity(c).text(.en)) over \(months.text(.en)); baseline: \(base.text(.en))",
                "\(Phrase.intensity(c).text(.zhTW))計算期間：\(months.text(.zhTW))；比較期：\(base.text(.zhTW))"
            )
        case let .forwarding(central, site): ("Forwarding to \(central) as site \(site)", "資料轉送至中央站 \(central)（場域 \(site)）")
        case .forwardUpToDate: ("up to date", "已同步")
        case let .forwardBehind(changes, seconds):
            ("\(changes) writes not yet acknowledged, the oldest \(seconds) s ago", "尚有 \(changes) 筆寫入未獲確認，最早者在 \(seconds) 秒前")
        case let .forwardLastSuccess(at): ("last success \(at)", "最近成功 \(at)")
        case let .forwardLastError(message): ("last error: \(message)", "最近錯誤：\(message)")
        case let .provisionalFactor(y, used, f):
            ("no published factor for \(y) yet; \(used)'s \(f) is used (provisional)", "\(y)年電力排碳係數尚未公告，暫用\(used)年係數 \(f)")

        // Engine errors
        case .unknownMeter(let id): ("unknown meter '\(id)'", "未知的表計「\(id)」")
        case .noMeterWithTag(let t): ("no meter has the tag '\(t)'", "沒有表計帶有標籤「\(t)」")
        case .noMeterInCategory(let c):
            c == .fuel
                ? ("no fuel meter is configured and no fuel log is imported", "未設定油料表計，也未匯入加油紀錄")
                : ("no \(c.rawValue) meter is configured", "未設定\(Phrase.category(c).text(.zhTW))表計")
        case let .mixedUnits(sel, units):
            (
                "\(sel) mixes units (\(units.joined(separator: ", "))); compare a category or a single meter",
                "\(sel) 混用不同單位（\(units.joined(separator: "、"))）；請比較單一類別或單一表計"
            )
        case .noRefuels(let v): ("no refuels of vehicle \(v) are stored", "沒有車輛 \(v) 的加油紀錄")
        case let .noTemperaturesFor(m, stored):
            (
                "no temperatures stored for '\(m)' (stored: \(stored.joined(separator: ", ")))",
                "沒有「\(m)」的氣溫資料（已存：\(stored.joined(separator: "、"))）"
            )
        case .noTemperatures: ("no outdoor temperatures are stored: import a weather station's file", "尚無室外氣溫資料：請匯入氣象站資料檔")
        case .severalTemperatureSeries(let list):
            (
                "several temperature series are stored (\(list.joined(separator: ", "))): choose one",
                "有多組氣溫資料（\(list.joined(separator: "、"))）：請選擇其一"
            )
        case let .periodTooLong(name, p, d):
            ("the \(name) period \(p) has \(d) days; savings take periods of at most 10 years", "\(name)期間 \(p) 長達 \(d) 日；節能量計算之期間最長 10 年")
        case .noStoredData(let sel): ("\(sel) has no stored data", "\(sel) 沒有資料")
        case let .openDataAttribution(provider, url):
            (
                "Provided by \(provider). This open data is released to the public under the Open Government Data License, version 1.0; "
                    + "users may use it on the terms of the licence: \(url)",
                "提供機關：\(provider)。此開放資料依政府資料開放授權條款 (Open Government Data License) 進行公眾釋出，"
                    + "使用者於遵守本條款各項規定之前提下，得利用之。政府資料開放授權條款：\(url)"
            )
        case .nothingPublished:
            (
                "nothing is published as open data: choose buildings, categories and months in an open_data: section",
                "尚未公開任何開放資料：請於 open_data: 區段選定建築物、類別與月份"
            )
        case .holdsBillsNotDailyData(let sel):
            ("\(sel) holds bills (interval totals), not daily data: use the billing method", "\(sel) 為帳單（區間總量）而非日資料：請用帳單法")
        case let .noModel(b, r, unit):
            (
                "no model could be fitted: \(b) baseline \(unit) and \(r) reporting \(unit) have both usage and temperature",
                "無法建立模型：基期僅 \(b)、報告期僅 \(r) 個\(unit == "bills" ? "帳單" : "日")同時有用量與氣溫"
            )
        case .noTypicalYear(let m): ("no typical-year temperatures are stored for '\(m)'", "沒有「\(m)」的典型年氣溫資料")
        case .typicalYearEmpty(let m): ("'\(m)' holds no temperatures", "「\(m)」沒有氣溫資料")
        case let .typicalYearShort(m, d, before):
            (
                "'\(m)' has daily means for \(d) of the 365 days before \(before) (a typical year needs at least 90 %)",
                "「\(m)」在 \(before) 前 365 日中僅 \(d) 日有日均溫（典型年至少需 90 %）"
            )
        case .noReportingModel: ("no model could be fitted to the reporting period for normalised savings", "報告期無法建立模型，無法計算正規化節能量")

        // Money
        case let .notBilled(m, billed):
            (
                "meter '\(m)' is not billed (no billing: in the configuration)"
                    + (billed.isEmpty ? "" : "; billed: \(billed.joined(separator: ", "))"),
                "電表「\(m)」未設定計費（設定檔無 billing:）" + (billed.isEmpty ? "" : "；計費電表：\(billed.joined(separator: "、"))")
            )
        case let .coarseDemand(m, minutes):
            (
                "\(m)'s readings are about \(minutes) minutes apart: a bill needs 15-minute demand (readings at least every quarter hour)",
                "\(m) 的讀值間隔約 \(minutes) 分鐘：計費需要15分鐘需量（至少每15分鐘一筆讀值）"
            )
        case let .unknownTariff(id, known):
            ("unknown tariff '\(id)' (known: \(known.joined(separator: ", ")))", "未知的電價「\(id)」（可用：\(known.joined(separator: "、"))）")
        case let .tariffNotInForce(id, day, from):
            (
                "no revision of tariff \(id) is in force on \(day) (the first takes effect on \(from))",
                "\(day) 沒有適用的 \(id) 電價（最早自 \(from) 起實施）"
            )
        case let .offPeakDaysUnknown(id, year):
            (
                "the off-peak days of \(year) are not listed in '\(id)': add them in the tariffs folder",
                "「\(id)」未列出 \(year) 年的離峰日：請於電價資料夾補上"
            )
        case .noContractOn(let day): ("no contract is in force on \(day)", "\(day) 沒有生效的契約容量")
        case .money: ("Electricity bill", "電費")
        case .billFor(let period): ("Bill for \(period)", "\(period) 電費")
        case .basicCharge: ("Basic charge", "基本電費")
        case .energyCharge: ("Energy charge", "流動電費")
        case .overContractCharge: ("Over-contract charge", "超約附加費")
        case .powerFactorAdjustment(let p): ("Power factor \(p) %", "功率因數 \(p) %")
        case .noUseDiscount: ("No use this month: part of the basic charge waived", "當月未用電：基本電費減收")
        case .billTotal: ("Total", "合計")
        case .touPeriod(let p):
            switch p {
            case "peak": ("peak", "尖峰")
            case "half_peak": ("half-peak", "半尖峰")
            case "saturday_half_peak": ("Saturday half-peak", "週六半尖峰")
            default: ("off-peak", "離峰")
            }
        case .contractKind(let k):
            switch k {
            case "regular": ("regular contract", "經常契約")
            case "half_peak": ("half-peak contract", "半尖峰契約")
            case "non_summer": ("non-summer contract", "非夏月契約")
            case "saturday": ("Saturday half-peak contract", "週六半尖峰契約")
            default: ("off-peak contract", "離峰契約")
            }
        case .saturdayOffPeakBeyondHalf:
            ("Saturday and off-peak contracts beyond half the others", "週六半尖峰及離峰契約超過其他契約二分之一部分")
        case .billIncomplete(let c):
            (
                "Incomplete: \(pct(c)) of the quarter hours were measured; the total covers only those",
                "資料不完整：僅 \(pct(c)) 的15分鐘區間有量測，合計僅含已量測部分"
            )
        case .maxDemand: ("Maximum demand", "最高需量")
        case .topQuarters: ("Highest quarter hours", "最高需量時段")
        case .loadDuration: ("Load-duration curve", "負載延時曲線")
        case .contractCapacity: ("Contract capacity", "契約容量")
        case .currentContracts: ("Current", "現行")
        case .recommendedContracts: ("Recommended", "建議")
        case let .contractSaving(amount, months):
            (
                "The recommended contracts cost NT$\(n(amount)) a year less (from the last \(months) months)",
                "建議契約每年可省新臺幣 \(n(amount)) 元（依最近 \(months) 個月）"
            )
        case .monthsWithExcess: ("Months with an excess", "超約月份")
        case .hotterYear(let p): ("With demand \(n(p)) % higher", "需量增加 \(n(p)) % 時")
        case .storageEarnings: ("What the storage system earned", "儲能系統效益")
        case .peakShaving: ("Peak shaving", "削峰")
        case .touArbitrage: ("Time-of-use arbitrage", "時間電價套利")
        case .storageLosses: ("Losses", "充放電損失")
        case .withStorage: ("With storage", "有儲能")
        case .withoutStorage: ("Without storage", "無儲能")
        case .shadowBill: ("Taipower's bill against the reconstruction", "台電帳單與重算比對")
        case .shadowAgrees: ("agrees", "相符")
        case .shadowMissingData(let c): ("missing data: \(pct(c)) measured", "資料缺漏：僅 \(pct(c)) 有量測")
        case let .shadowEnergyDiffers(billed, measured):
            ("the energy differs: \(n(billed)) kWh billed, \(n(measured)) kWh measured", "度數不符：帳單 \(n(billed)) 度，量測 \(n(measured)) 度")
        case .shadowContract(let kW):
            ("a contract \(kW > 0 ? "higher" : "lower") by \(abs(kW)) kW than configured", "契約容量與設定相差 \(kW) kW")
        case .shadowTariff: ("the tariff differs (a revision or a price)", "電價不同（費率版本或單價）")
        case .submeters: ("Sub-meters", "分表")
        case .otherLoad: ("other", "其他")
        case .noBilledMeter: ("No meter is billed yet: add billing: to the main meter", "尚無計費電表：請於總表設定 billing:")
        case .energyCost: ("Energy charge at the tariff in force", "依當時電價之流動電費")
        case .pricedAt(let date): ("At the prices of \(date)", "以 \(date) 電價計")
        case .summerMonth: ("summer", "夏月")
        case .nonSummerMonth: ("non-summer", "非夏月")
        case .moneyBuildings(let b):
            ("NT$ covers the buildings with a billed meter: \(b.joined(separator: ", "))", "電費僅含設有計費電表之建築：\(b.joined(separator: "、"))")
        case .perYearThousands: ("Basic and over-contract charges a year, thousand NT$", "每年基本電費及超約附加費（千元）")
        case let .storageContractHeadroom(kW, amount):
            (
                "Without storage the best contracts would be \(kW) kW higher and cost NT$\(n(amount)) a year more",
                "若無儲能，最適契約容量需多 \(kW) kW，每年多付新臺幣 \(n(amount)) 元"
            )

        // Alerts
        case let .nightFlowAlert(window, nights, minFlow, threshold, litres):
            (
                "Night flow (\(window)) stayed at or above \(n(minFlow, 3)) m³/h for \(nights) night(s) (threshold \(n(threshold, 3))): "
                    + "suspected leak, about \(n(litres)) L per night",
                "夜間（\(window)）最低流量連續 \(nights) 晚不低於 \(n(minFlow, 3)) m³/h（門檻 \(n(threshold, 3))）：疑似漏水，每晚約 \(n(litres)) 公升"
            )
        case let .continuousFlowAlert(hours, threshold, lowest):
            (
                "Flow has not dropped below \(n(threshold, 3)) m³/h for \(n(hours, 1)) h (lowest \(n(lowest, 3))): suspected leak",
                "流量連續 \(n(hours, 1)) 小時未低於 \(n(threshold, 3)) m³/h（最低 \(n(lowest, 3))）：疑似漏水"
            )
        case let .continuousFlowMinutesAlert(minutes, threshold, lowest):
            (
                "Flow has not dropped below \(n(threshold, 3)) m³/h for \(n(minutes, 1)) min (lowest \(n(lowest, 3))): suspected leak, "
                    + "about \(n(lowest * 1000 / 60, 1)) L/min",
                "流量連續 \(n(minutes, 1)) 分鐘未低於 \(n(threshold, 3)) m³/h（最低 \(n(lowest, 3))）：疑似漏水，每分鐘約 \(n(lowest * 1000 / 60, 1)) 公升"
            )
        case let .highFlowAlert(flow, threshold):
            (
                "Flow \(n(flow, 2)) m³/h above \(n(threshold, 2)) m³/h: possible burst pipe",
                "流量 \(n(flow, 2)) m³/h 超過 \(n(threshold, 2)) m³/h：疑似管線破裂"
            )
        case let .dailyUseAlert(day, use, unit, weekday, median, weeks, limit):
            (
                "\(day) used \(n(use, 1)) \(unit), above the usual \(Self.weekdayEN[(weekday + 6) % 7]) (median \(n(median, 1)) of "
                    + "\(weeks) weeks; limit \(n(limit, 1)))",
                "\(day) 用量 \(n(use, 1)) \(unit)，高於平常的星期\(Self.weekdayZH[(weekday + 6) % 7])（近 \(weeks) 週中位數 \(n(median, 1))；上限 "
                    + "\(n(limit, 1))）"
            )
        case let .neverDeliveredAlert(meter, seconds):
            (
                "No reading from \(meter) in the \(n(seconds)) s since the service started: device offline or not polled",
                "服務啟動 \(n(seconds)) 秒以來 \(meter) 沒有任何讀值：設備離線或未輪詢"
            )
        case let .staleAlert(meter, age, limit):
            (
                "No new reading from \(meter) for \(n(age)) s (limit \(n(limit)) s): device offline or not polled",
                "\(meter) 已 \(n(age)) 秒沒有新讀值（上限 \(n(limit)) 秒）：設備離線或未輪詢"
            )
        case let .stuckAlert(meter, register, minutes, rate, mean):
            (
                "The \(register) register of \(meter) has not moved for \(n(minutes)) min while its \(rate) averages \(n(mean, 2)): meter "
                    + "stuck",
                "\(meter) 累計值 \(n(minutes)) 分鐘未變動，但瞬時值平均 \(n(mean, 2))：表計卡住"
            )
        case let .upsAlert(meter, flag, flags, charge):
            (
                "UPS \(meter): \(Self.upsFlagEN[flag] ?? flag) [\(flags)]" + (charge.map { " (battery \(n($0)) %)" } ?? ""),
                "不斷電系統 \(meter)：\(Self.upsFlagZH[flag] ?? flag)" + (charge.map { "（電池 \(n($0)) %）" } ?? "")
            )
        case let .socAlert(meter, soc, below):
            ("Storage \(meter) state of charge \(n(soc, 1)) % below \(n(below)) %", "儲能系統 \(meter) 電量 \(n(soc, 1)) % 低於 \(n(below)) %")
        case let .faultAlert(meter, code): ("Storage \(meter) reports fault (operating state \(code))", "儲能系統 \(meter) 回報故障（運轉狀態 \(code)）")
        case let .demandContractAlert(minutes, projected, period, contract, cost):
            (
                "Projected \(minutes)-minute demand \(n(projected, 1)) kW against the \(Phrase.touPeriod(period).text(.en)) contracts of "
                    + "\(n(contract)) kW"
                    + (projected > contract ? ": an excess of \(n(projected - contract, 1)) kW would cost NT$\(n(cost))" : ""),
                "預估 \(minutes) 分鐘需量 \(n(projected, 1)) kW，\(Phrase.touPeriod(period).text(.zhTW))契約容量 \(n(contract)) kW"
                    + (projected > contract ? "：超約 \(n(projected - contract, 1)) kW 將增加約新臺幣 \(n(cost)) 元" : "")
            )
        case let .demandAlert(minutes, projected, share, contract):
            (
                "Projected \(minutes)-minute demand \(n(projected, 1)) kW exceeds \(n(share)) % of the contract capacity "
                    + "\(n(contract, 1)) kW",
                "預估 \(minutes) 分鐘需量 \(n(projected, 1)) kW 超過契約容量 \(n(contract, 1)) kW 的 \(n(share)) %"
            )
        }
    }

    static let weekdayEN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let weekdayZH = ["一", "二", "三", "四", "五", "六", "日"]
    static let upsFlagEN = [
        "OB": "on battery (mains lost)", "LB": "battery low", "RB": "replace battery", "OVER": "overload", "FAULT": "fault",
        "BYPASS": "on bypass", "OFF": "output off",
    ]
    static let upsFlagZH = [
        "OB": "改由電池供電（市電中斷）", "LB": "電池電量低", "RB": "需更換電池", "OVER": "過載", "FAULT": "故障",
        "BYPASS": "旁路供電", "OFF": "輸出關閉",
    ]
}
