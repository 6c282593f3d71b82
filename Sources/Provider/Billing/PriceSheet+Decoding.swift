public import Foundation
internal import Graders

extension PriceSheet {
    static let documentKeys = [
        "name", "title", "valid_from", "currency", "sources", "data_sharing", "training", "fine_tuned_inference", "grader_tokens",
        "base_inference",
    ]
    static let trainingKeys = ["methods", "unit", "price"]
    static let tokenKeys = ["input", "cached_input", "output"]
    static let currencies = ["USD"]

    /// Reads a sheet from JSON text.
    ///
    /// The document has `name`, `valid_from` (`YYYY-MM-DD`), `currency` (`USD`), `sources`
    /// (`[{key, note}]`), `data_sharing` (`{rule: none | training_discount | inference_discount,
    /// fraction, models}`), `training` (`{model: {methods, unit: hour | 1M_training_tokens, price}}`),
    /// `fine_tuned_inference`, `grader_tokens` and the optional `base_inference` (base-model chat
    /// completions and responses) (`{model: {input, cached_input, output}}`, USD per 1M tokens),
    /// and an optional `title`. Unknown keys are refused; prices must be finite and ≥ 0;
    /// the rule's models must be priced in the table the rule discounts.
    ///
    /// - Parameters:
    ///   - json: The file's bytes.
    ///   - source: The file name or a label, repeated in every error.
    /// - Throws: `PriceSheetError` (`invalidSheet`) naming the source, the key path and what is allowed.
    public init(json: Data, source: String) throws(PriceSheetError) {
        do throws(JSONFieldError) {
            let document = try JSONFields(JSONFields.parse(json), path: "", what: "a price sheet")
            try document.rejectUnknownKeys(allowed: Self.documentKeys)
            let validFrom = try document.string("valid_from")
            guard isISODate(validFrom) else {
                throw JSONFieldError(path: "valid_from", message: "\"\(validFrom)\" is not a date; write YYYY-MM-DD")
            }
            let currency = try document.string("currency")
            guard Self.currencies.contains(currency) else {
                throw JSONFieldError(path: "currency", message: "\"\(currency)\" is not allowed; use one of \(Self.currencies.joined(separator: ", "))")
            }
            var sources: [Source] = []
            for (path, value) in try document.array("sources", of: "{key, note} objects") {
                let fields = try JSONFields(value, path: path, what: "a source")
                try fields.rejectUnknownKeys(allowed: ["key", "note"])
                sources.append(Source(key: try fields.string("key"), note: try fields.string("note")))
            }
            var training: [String: TrainingPrice] = [:]
            for (model, fields) in try document.objectMap("training", what: "a training price") {
                try fields.rejectUnknownKeys(allowed: Self.trainingKeys)
                let methods = try fields.enumArray("methods", of: FineTuningMethod.self)
                guard !methods.isEmpty else {
                    throw JSONFieldError(path: fields.childPath("methods"), message: "must name at least one of supervised, dpo, reinforcement")
                }
                let unit = try JSONFields.enumValue(fields.string("unit"), path: fields.childPath("unit"), of: TrainingPrice.Unit.self)
                let price = try fields.number("price", in: 0...1e9, unit: " (USD per unit)")
                training[model] = TrainingPrice(methods: methods, unit: unit, price: price)
            }
            let inference = try Self.tokenTable(document, "fine_tuned_inference")
            let graders = try Self.tokenTable(document, "grader_tokens")
            let baseInference = document.optionalValue("base_inference") == nil ? [:] : try Self.tokenTable(document, "base_inference")
            let (rule, ruleModels) = try Self.dataSharing(document, training: training, inference: inference)
            self.init(
                name: try document.string("name"), title: try document.optionalString("title") ?? "", validFrom: validFrom,
                currency: currency, sources: sources, dataSharingRule: rule, dataSharingModels: ruleModels,
                trainingPrices: training, inferencePrices: inference, graderTokenPrices: graders, baseInferencePrices: baseInference
            )
        } catch {
            throw PriceSheetError(.invalidSheet, source: source, path: error.path, message: error.message)
        }
    }

    private static func tokenTable(_ document: JSONFields, _ key: String) throws(JSONFieldError) -> [String: TokenPrice] {
        var table: [String: TokenPrice] = [:]
        for (model, fields) in try document.objectMap(key, what: "token prices") {
            try fields.rejectUnknownKeys(allowed: tokenKeys)
            let perMillion = " (USD per 1M tokens)"
            table[model] = TokenPrice(
                input: try fields.number("input", in: 0...1e6, unit: perMillion),
                cachedInput: try fields.number("cached_input", in: 0...1e6, unit: perMillion),
                output: try fields.number("output", in: 0...1e6, unit: perMillion)
            )
        }
        return table
    }

    private static func dataSharing(
        _ document: JSONFields, training: [String: TrainingPrice], inference: [String: TokenPrice]
    ) throws(JSONFieldError) -> (DataSharingRule, [String]) {
        let fields = try document.object("data_sharing", what: "data_sharing")
        let name = try JSONFields.enumValue(fields.string("rule"), path: fields.childPath("rule"), of: DataSharingRule.Name.self)
        if name == .none {
            try fields.rejectUnknownKeys(allowed: ["rule"])
            return (.none, [])
        }
        try fields.rejectUnknownKeys(allowed: ["rule", "fraction", "models"])
        let fraction = try fields.number("fraction", in: 0...1, unit: " (the fraction off, 0.5 for half price)")
        guard fraction > 0 else {
            throw JSONFieldError(path: fields.childPath("fraction"), message: "must be above 0; use rule \"none\" for no discount")
        }
        let models = try fields.stringArray("models")
        let (table, priced) = name == .trainingDiscount ? ("training", Set(training.keys)) : ("fine_tuned_inference", Set(inference.keys))
        for (index, model) in models.enumerated() where !priced.contains(model) {
            throw JSONFieldError(
                path: "\(fields.childPath("models"))[\(index)]",
                message: "\"\(model)\" has no price under \(table); the rule can only discount \(priced.sorted().joined(separator: ", "))"
            )
        }
        return (name == .trainingDiscount ? .trainingDiscount(fraction) : .inferenceDiscount(fraction), models)
    }
}
