import Foundation
import Testing

@testable import Provider

/// Sheet files that break the format: each error names the source, the key path and what is allowed.
struct PriceSheetFileTests {
    /// A valid sheet as a JSON object, to break one key at a time.
    static func sheet() -> [String: Any] {
        [
            "name": "test", "valid_from": "2025-05-08", "currency": "USD",
            "sources": [["key": "PRICING", "note": "n"]],
            "data_sharing": ["rule": "training_discount", "fraction": 0.5, "models": ["o4-mini-2025-04-16"]],
            "training": ["o4-mini-2025-04-16": ["methods": ["reinforcement"], "unit": "hour", "price": 100]],
            "fine_tuned_inference": ["o4-mini-2025-04-16": ["input": 4, "cached_input": 1, "output": 16]],
            "grader_tokens": [String: Any](),
        ]
    }

    static func load(_ object: [String: Any]) throws -> PriceSheet {
        try PriceSheet(json: JSONSerialization.data(withJSONObject: object), source: "test.json")
    }

    @Test func theTemplateSheetLoads() throws {
        let sheet = try Self.load(Self.sheet())
        #expect(sheet.trainingPrices["o4-mini-2025-04-16"]?.price == 100)
        #expect(sheet.title == "")
    }

    static let cases: [(String, @Sendable (inout [String: Any]) -> Void, String)] = [
        ("price of the wrong type", {
            $0["training"] = ["o4-mini-2025-04-16": ["methods": ["reinforcement"], "unit": "hour", "price": "100"]]
        }, "test.json: training.o4-mini-2025-04-16.price: must be a number (USD per unit), not a string"),
        ("unknown rule", {
            $0["data_sharing"] = ["rule": "half_price", "fraction": 0.5, "models": []]
        }, #"test.json: data_sharing.rule: "half_price" is not allowed; use one of none, training_discount, inference_discount"#),
        ("unknown unit", {
            $0["training"] = ["o4-mini-2025-04-16": ["methods": ["reinforcement"], "unit": "minute", "price": 2]]
        }, #"test.json: training.o4-mini-2025-04-16.unit: "minute" is not allowed; use one of hour, 1M_training_tokens"#),
        ("negative price", {
            $0["grader_tokens"] = ["o3-2025-04-16": ["input": -2, "cached_input": 0.5, "output": 8]]
        }, "test.json: grader_tokens.o3-2025-04-16.input: must be between 0.0 and 1000000.0 (USD per 1M tokens); it is -2.0"),
        ("rule on an unpriced model", {
            $0["data_sharing"] = ["rule": "inference_discount", "fraction": 0.5, "models": ["gpt-4.1-2025-04-14"]]
        }, #"test.json: data_sharing.models[0]: "gpt-4.1-2025-04-14" has no price under fine_tuned_inference; the rule can only discount o4-mini-2025-04-16"#),
        ("misspelt key", { $0["valid_form"] = "2025-01-01" },
         "test.json: valid_form: unknown key; allowed keys are name, title, valid_from, currency, sources, data_sharing, training, fine_tuned_inference, grader_tokens, base_inference"),
        ("missing table", { $0["grader_tokens"] = nil }, "test.json: grader_tokens: is required but missing"),
        ("bad date", { $0["valid_from"] = "May 2025" }, #"test.json: valid_from: "May 2025" is not a date; write YYYY-MM-DD"#),
    ]

    @Test(arguments: cases.indices)
    func malformedSheetsNameTheKey(index: Int) {
        let (what, edit, expected) = Self.cases[index]
        var object = Self.sheet()
        edit(&object)
        do {
            _ = try Self.load(object)
            Issue.record("\(what): no error")
        } catch let error as PriceSheetError {
            #expect(error.code == .invalidSheet)
            #expect(error.description == expected, "\(what)")
        } catch {
            Issue.record("\(what): \(error)")
        }
    }

    @Test func ruleNoneTakesNoFraction() throws {
        var object = Self.sheet()
        object["data_sharing"] = ["rule": "none"]
        let sheet = try Self.load(object)
        #expect(sheet.dataSharingRule == .none)
        let charge = try sheet.trainingCharge(
            model: "o4-mini", method: .reinforcement, trainingSeconds: 3600, trainedTokens: 0, dataSharing: true)
        #expect(charge.amount == 100)
    }
}
