/// The organisation behind the keys and how it is billed: its settings, the price sheet, and the
/// billing report computed from jobs' billing events.
struct AccountStore: Sendable {
    /// Verification, data sharing and key isolation.
    var organization: OrganizationSettings
    /// The price sheet bills are computed with (the configuration's until changed).
    var priceSheet: PriceSheet

    /// Whether `caller` may see an object owned by `ownerKey`.
    func isVisible(ownerKey: String, to caller: Caller) -> Bool {
        !organization.isolateByKey || ownerKey == caller.apiKey
    }

    /// The organisation id `caller` acts for.
    func organizationID(of caller: Caller) -> String {
        guard organization.isolateByKey else { return "org-rftsim" }
        return "org-" + IdentifierFactory.token("org", UInt64(truncatingIfNeeded: caller.apiKey.stableHash), length: 24)
    }

    /// Bills with the bundled sheet `name` from now on.
    ///
    /// - Throws: 400 naming `name` and the sheets available.
    mutating func setPriceSheet(named name: String) throws(ProviderError) {
        guard let sheet = PriceSheet.builtin(named: name) else {
            throw .invalid("Unknown price sheet \"\(name)\"; available: \(PriceSheet.builtinNames.joined(separator: ", "))", param: "name")
        }
        priceSheet = sheet
    }

    /// The billing report of `records` and `inference` at `time`, on the current sheet, events in time order.
    func billing(of records: [JobRecord], inference: [InferenceUsage] = [], at time: Double) -> BillingReport {
        let sheet = priceSheet
        var events = records.flatMap { $0.billingEvents(at: time, sheet: sheet) }
        events.sort { ($0.time, $0.jobID) < ($1.time, $1.jobID) }
        let lines = inference.compactMap { usage -> InferenceCharge? in
            let key = usage.key
            let charge = key.fineTuned
                ? try? sheet.inferenceCharge(baseModel: key.baseModel, usage: usage.tokens, dataSharing: key.dataSharing)
                : try? sheet.baseInferenceCharge(model: key.baseModel, usage: usage.tokens)
            return charge.map { InferenceCharge(model: key.baseModel, fineTuned: key.fineTuned, requests: usage.requests, usage: usage.tokens, charge: $0) }
        }
        var report = BillingReport(
            priceSheet: sheet.name, events: events,
            total: Self.cents(events.reduce(0) { $0 + $1.amount } + lines.reduce(0) { $0 + $1.charge.amount }),
            totalWithoutDataSharing: Self.cents(events.reduce(0) { $0 + $1.undiscountedAmount } + lines.reduce(0) { $0 + $1.charge.undiscountedAmount }))
        report.inference = lines
        return report
    }

    /// `amount` rounded to whole cents.
    static func cents(_ amount: Double) -> Double { (amount * 100).rounded() / 100 }
}
