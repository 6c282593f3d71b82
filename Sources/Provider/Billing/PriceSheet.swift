public import Foundation

/// A dated set of prices and the data-sharing rule: what training, grading and the tuned model cost.
///
/// A sheet is data (a JSON file), so the simulator can follow either reading of the sources:
/// - ``launch2025`` (the default): sharing training data takes 50% off RFT training ($50/h);
/// - ``current2026``: training stays $100/h and sharing halves the tuned model's inference.
///
/// Charges are invoice lines (``Charge``); see `PriceSheet+Charges.swift`.
///
/// ```swift
/// let sheet = PriceSheet.default
/// let line = try sheet.trainingCharge(model: "o4-mini-2025-04-16", method: .reinforcement,
///                                     trainingSeconds: 14_400, trainedTokens: 0, dataSharing: true)
/// line.amount   // 200.0 (4 h × $100/h, 50% off)
/// ```
public struct PriceSheet: Sendable, Hashable {
    /// One source the sheet's numbers come from: a key of the reference's §0 and what it contributes.
    public struct Source: Sendable, Hashable {
        /// The source key (`BILLING`, `PRICING`, …) or a label for one outside §0.
        public var key: String
        /// What the sheet takes from it.
        public var note: String

        /// Creates a source entry.
        public init(key: String, note: String) {
            self.key = key
            self.note = note
        }
    }

    /// The bundled sheet following the RFT launch announcement: sharing halves RFT training.
    public static let launch2025 = bundled("launch-2025")
    /// The bundled sheet following the current documentation: sharing halves the tuned model's inference.
    public static let current2026 = bundled("current-2026")
    /// The sheet used unless a configuration names another: ``launch2025``.
    public static let `default` = launch2025

    /// The names of the bundled sheets, oldest first.
    public static var builtinNames: [String] { ["launch-2025", "current-2026"] }

    /// The bundled sheet called `name` (`launch-2025`, `current-2026`), or `nil`.
    public static func builtin(named name: String) -> PriceSheet? {
        switch name {
        case "launch-2025": launch2025
        case "current-2026": current2026
        default: nil
        }
    }

    /// The sheet's name, e.g. `launch-2025`.
    public var name: String
    /// A one-line summary of the sheet.
    public var title: String
    /// The first day the sheet applies, `YYYY-MM-DD`.
    public var validFrom: String
    /// The currency of every price (`USD`).
    public var currency: String
    /// Where the numbers come from.
    public var sources: [Source]
    /// What sharing training data earns.
    public var dataSharingRule: DataSharingRule
    /// The base models (snapshot ids) the data-sharing rule applies to.
    public var dataSharingModels: [String]
    /// Training prices by base-model snapshot id.
    public var trainingPrices: [String: TrainingPrice]
    /// Inference prices of fine-tuned models, by base-model snapshot id.
    public var inferencePrices: [String: TokenPrice]
    /// Standard token prices of grader models, by snapshot id.
    public var graderTokenPrices: [String: TokenPrice]
    /// Standard token prices of base models answering chat completions and responses, by snapshot id.
    public var baseInferencePrices: [String: TokenPrice]

    /// Creates a sheet from checked values.
    public init(
        name: String, title: String = "", validFrom: String, currency: String = "USD", sources: [Source] = [],
        dataSharingRule: DataSharingRule, dataSharingModels: [String], trainingPrices: [String: TrainingPrice],
        inferencePrices: [String: TokenPrice], graderTokenPrices: [String: TokenPrice], baseInferencePrices: [String: TokenPrice] = [:]
    ) {
        self.name = name
        self.title = title
        self.validFrom = validFrom
        self.currency = currency
        self.sources = sources
        self.dataSharingRule = dataSharingRule
        self.dataSharingModels = dataSharingModels
        self.trainingPrices = trainingPrices
        self.inferencePrices = inferencePrices
        self.graderTokenPrices = graderTokenPrices
        self.baseInferencePrices = baseInferencePrices
    }

    /// Reads a sheet file.
    ///
    /// - Parameter url: A file URL; its last path component names the source in errors.
    /// - Throws: `PriceSheetError` with code `invalidSheet` when the file cannot be read or is not a valid sheet.
    public init(contentsOf url: URL) throws(PriceSheetError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PriceSheetError(.invalidSheet, source: url.path, path: nil, message: "cannot be read (\(error.localizedDescription)); check the path")
        }
        try self.init(json: data, source: url.lastPathComponent)
    }

    /// A bundled sheet; one that does not load is a programming error (a test guards it).
    private static func bundled(_ name: String) -> PriceSheet {
        do {
            return try PriceSheet(contentsOf: BundledResource.url(named: name, subdirectory: "price-sheets"))
        } catch {
            fatalError("the bundled price sheet \(name) does not load: \(error)")
        }
    }
}
