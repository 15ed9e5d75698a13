/// Every sentence and label the product shows people, as a key with its arguments. The text of
/// each, in both languages, is in one place (`Phrase+Text.swift`): a missing or misspelt key does
/// not compile, and `PhraseTests` checks that every phrase has both languages.
///
/// ```swift
/// Phrase.powerNow.text(.zhTW)                                  // "目前用電功率"
/// Phrase.notOverYet(period: "2026").text(.en)                  // "2026 is not over yet: figures so far"
/// ```
/// Engines carry phrases (keys and arguments), never sentences; the edges (CLI, API, pages)
/// render them in the reader's language.
public indirect enum Phrase: Hashable, Sendable, CustomStringConvertible {
    // MARK: Pages: labels
    case powerNow, loadToday, today, lastWeek, electricity, thisMonth, sameTimeLastYear, change, water, fuel, flowNow, usedToday
    case ups, status, battery, load, runtime, storage, stateOfCharge, charging, discharging, idle, firingAlerts, noFiringAlerts
    case noData, updated, period, against, show, month, thisPeriod, baseline, total, soFarNote
    case weatherTitle, usageAgainstTemperature, baselineModel, reportingModel, counterfactual, metered, avoidedUse, rawChangePerDay
    case model, uncertaintyAtConfidence, baselineInsufficient, outsideGuideline14, days
    case kpi, target, actual, attainment, alert, severity, state, since, message, acknowledge, yourName, comment, accessToken
    case device, profile, link, requests, errors, rejectedValues, lastSuccess, latency, lastError, download, print, noDevices
    case forwardedAt, byBuilding
    case acknowledged, badToken, error, perDay(unit: String), workingDay, nonWorkingDay, completeMonthsOnly
    case badPeriod(String)
    case value, unit, coverage, perDayChange, warning, uncapped, notEntered
    case modelStructure(ModelStructure)
    case giveYourName
    case noSuchAlert(id: Int64)
    case alertNotActive(id: Int64, state: AlertState)

    // MARK: Values shown as words
    case alertState(AlertState)
    case alertSeverity(AlertSeverity)
    case deviceState(DeviceState)
    case kpiStatus(KPIStatus)
    case category(MeterCategory)

    // MARK: Comparisons
    case coverageDiffers(period: String, coverage: Double, basePeriod: String, baseCoverage: Double)
    case noDataFor(period: String)
    case spansGaps(period: String, amount: Double, unit: String)
    case baselineIsZero
    case leapDayIn(period: String, days: Int, otherDays: Int)
    case notOverYet(period: String)
    case metersWithoutData([String])
    case noLeapDayLastYear(date: String)
    case noISOWeekLastYear(year: Int, week: Int)
    case comparedToDate(through: String)
    case commonDaysOnly(days: Int, of: Int, coverage: Double, baseCoverage: Double)
    case notComparable(coverage: Double, baseCoverage: Double, commonDays: Int, of: Int)
    case notStarted(period: String)
    case dataEndsAt(through: String)
    case metersLate([String])
    case noDataYet(period: String, through: String)
    case noDayOfSameKind(date: String, comparedWith: String)
    case readingsNotYetInCentral(file: String, readings: Int)

    // MARK: KPIs
    case kpiNoDataFor(period: String)
    case kpiChangeUndefined
    case kpiNoActualEntered(period: String)
    case kpiTargetZero
    case kpiActualZero
    case kpiNegativeAttainment(percent: Double)

    // MARK: Savings
    case baselineShort(days: Int)
    case baselineGappy(missingPercent: Double)
    case baselineOverlaps
    case billNotForEveryMeter(span: String)
    case monthWithoutUsage(span: String, days: Int)
    case billLength(label: String, days: Int)
    case billTemperatures(label: String, covered: Int, days: Int)
    case weatherInsufficient([Phrase])
    case weatherPartial(days: Int, of: Int)
    case weatherUnavailable(Phrase)
    case weatherNote(baseline: String)

    // MARK: Report
    case reportTitle, item, explanation, kpis, indicator, targetValue, achieved, margin, carbon, carbonItem, factorSource
    case notApplicable, percentagePoints, dataNotes, weatherAdjustedChange
    case reportItem(MeterCategory)

    // MARK: Portfolio
    case portfolio, building, allBuildings, floorArea, rankByIntensity, rankByChange, intensityChange, intensityNote
    case intensity(MeterCategory)
    case twelveMonths(from: CivilDate, through: CivilDate)
    case periodAgainst(current: String, baseline: String)
    case intensityWindow(MeterCategory, months: Phrase, baselineMonths: Phrase)

    // MARK: Forwarding (an edge's Devices page)
    case forwarding(central: String, site: String)
    case forwardUpToDate
    case forwardBehind(changes: Int, seconds: Int)
    case forwardLastSuccess(String)
    case forwardLastError(String)
    case provisionalFactor(year: Int, usedYear: Int, factor: Double)

    // MARK: Access and the month's work
    case signIn
    case signOut
    case signInWithCityAccount
    case userName
    case password
    case signInWithToken
    case wrongPassword
    case signInNotCompleted
    case noRoleForAccount
    case tooManyAttempts(seconds: Int)
    case signedInAs(name: String, role: Phrase)
    case roleName(Role)
    case uploads
    case uploadKind
    case fuelLogFile
    case billsFile
    case readingsFile
    case chooseFile
    case preview
    case storeUpload
    case uploadPreview(file: String, rows: Int, encoding: String)
    case uploadHasErrors(rows: Int)
    case uploadStored(inserted: Int, updated: Int, unchanged: Int)
    case uploadReady(inserted: Int, updated: Int, unchanged: Int)
    case uploadExpired
    case uploading
    case notABillsFile
    case enterActual
    case save
    case actualSaved(kpi: String, period: String)
    case deleteReadings
    case meter
    case quantity
    case from
    case to
    case showWhatGoes
    case wouldDelete(readings: Int, intervals: Int, first: String, last: String)
    case confirmDelete
    case deletedReadings(readings: Int, intervals: Int)
    case nothingToDelete
    case auditLog
    case time
    case actor
    case role
    case action
    case auditTarget
    case detail
    case address
    case result
    case sessions
    case revoke
    case sessionRevoked(user: String)
    case formExpired
    case notAllowed

    /// `本期（108年下半年）`, `This period (2019 H2)`.
    case parenthetical(String, String)
    /// A month on a chart's axis: `07`, `7月`.
    case chartMonth(Int)

    // MARK: Open data
    case openDataHeading, openDataFiles, openDataFields, openDataField, openDataMeaning, openDataUnit, openDataProvider
    case openDataFrequency, openDataMonthly, openDataLicence, openDataAttributionLabel, openDataContact, openDataMonths, openDataEncoding
    case openDataEncodingText, openDataNoMonths, openDataCSVIdentifiers, openDataCSVTitles, openDataJSON, openDataDescriptor

    // MARK: Engine errors
    case unknownMeter(String)
    case noMeterWithTag(String)
    case noMeterInCategory(MeterCategory)
    case mixedUnits(selection: String, units: [String])
    case noRefuels(vehicle: String)
    case noTemperaturesFor(meter: String, stored: [String])
    case noTemperatures
    case severalTemperatureSeries([String])
    case periodTooLong(name: String, period: String, days: Int)
    case noStoredData(selection: String)
    case holdsBillsNotDailyData(selection: String)
    case noModel(baseline: Int, reporting: Int, unit: String)
    case noTypicalYear(meter: String)
    case typicalYearEmpty(meter: String)
    case typicalYearShort(meter: String, days: Int, before: String)
    case noReportingModel
    case nothingPublished
    case openDataAttribution(provider: String, licenceURL: String)

    // MARK: Money
    case notBilled(meter: String, billed: [String])
    case coarseDemand(meter: String, minutes: Int)
    case unknownTariff(id: String, known: [String])
    case tariffNotInForce(id: String, day: String, from: String)
    case offPeakDaysUnknown(id: String, year: Int)
    case noContractOn(day: String)
    case money
    case billFor(period: String)
    case basicCharge
    case energyCharge
    case overContractCharge
    case powerFactorAdjustment(percent: Int)
    case noUseDiscount
    case billTotal
    case touPeriod(String)
    case contractKind(String)
    case saturdayOffPeakBeyondHalf
    case billIncomplete(coverage: Double)
    case maxDemand
    case topQuarters
    case loadDuration
    case contractCapacity
    case currentContracts
    case recommendedContracts
    case contractSaving(amount: Double, months: Int)
    case monthsWithExcess
    case hotterYear(percent: Double)
    case storageEarnings
    case peakShaving
    case touArbitrage
    case storageLosses
    case withStorage
    case withoutStorage
    case shadowBill
    case shadowAgrees
    case shadowMissingData(coverage: Double)
    case shadowEnergyDiffers(billed: Double, measured: Double)
    case shadowContract(kW: Int)
    case shadowTariff
    case submeters
    case otherLoad
    case noBilledMeter
    case energyCost
    case pricedAt(date: String)
    case summerMonth
    case nonSummerMonth
    case storageContractHeadroom(kW: Int, amount: Double)
    case perYearThousands
    case moneyBuildings([String])

    // MARK: Alerts
    case nightFlowAlert(window: String, nights: Int, minFlow: Double, threshold: Double, litresPerNight: Double)
    case continuousFlowAlert(hours: Double, threshold: Double, lowest: Double)
    case continuousFlowMinutesAlert(minutes: Double, threshold: Double, lowest: Double)
    case highFlowAlert(flow: Double, threshold: Double)
    case dailyUseAlert(day: String, use: Double, unit: String, weekday: Int, median: Double, weeks: Int, limit: Double)
    case neverDeliveredAlert(meter: String, seconds: Double)
    case staleAlert(meter: String, age: Double, limit: Double)
    case stuckAlert(meter: String, register: String, minutes: Double, rate: String, mean: Double)
    case upsAlert(meter: String, flag: String, flags: String, charge: Double?)
    case socAlert(meter: String, soc: Double, below: Double)
    case faultAlert(meter: String, code: Int)
    case demandAlert(minutes: Int, projected: Double, sharePercent: Double, contract: Double)
    case demandContractAlert(minutes: Int, projected: Double, period: String, contract: Double, excessCost: Double)

    public var description: String { text(.en) }
}
