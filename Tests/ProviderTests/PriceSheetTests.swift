import Foundation
import Graders
import Testing

@testable import Provider

struct PriceSheetTests {
    static let rftModel = "o4-mini-2025-04-16"

    // MARK: - The bundled sheets

    @Test func bundledSheetsDecodeWithTheirRules() throws {
        #expect(PriceSheet.builtinNames == ["launch-2025", "current-2026"])
        #expect(PriceSheet.default == PriceSheet.launch2025)
        #expect(PriceSheet.builtin(named: "current-2026") == PriceSheet.current2026)
        #expect(PriceSheet.builtin(named: "2027") == nil)
        #expect(PriceSheet.launch2025.dataSharingRule == .trainingDiscount(0.5))
        #expect(PriceSheet.current2026.dataSharingRule == .inferenceDiscount(0.5))
        for name in PriceSheet.builtinNames {
            let url = BundledResource.url(named: name, subdirectory: "price-sheets")
            let sheet = try PriceSheet(contentsOf: url)
            #expect(sheet.name == name)
            #expect(sheet.dataSharingModels == [Self.rftModel])
            #expect(sheet.sources.contains { $0.key == "BILLING" })
        }
    }

    @Test(arguments: PriceSheet.builtinNames)
    func everyFineTunableModelHasTrainingAndInferencePrices(sheetName: String) throws {
        let sheet = try #require(PriceSheet.builtin(named: sheetName))
        for model in ModelCatalogue.builtin.models where model.isFineTunable {
            let price = try #require(sheet.trainingPrices[model.id], "\(sheetName) has no training price for \(model.id)")
            #expect(Set(model.methods).isSubset(of: price.methods))
            #expect(price.unit == (model.methods == [.reinforcement] ? .hour : .millionTrainingTokens))
            #expect(sheet.inferencePrices[model.id] != nil)
        }
    }

    @Test(arguments: PriceSheet.builtinNames)
    func everyGraderModelHasTokenPrices(sheetName: String) throws {
        let sheet = try #require(PriceSheet.builtin(named: sheetName))
        for id in ModelCatalogueTests.graderModels {
            #expect(sheet.graderTokenPrices[id] != nil, "\(sheetName) has no grader token price for \(id)")
            _ = try sheet.graderTokenCharge(model: id, usage: TokenUsage(promptTokens: 10, completionTokens: 10))
        }
        #expect(sheet.graderTokenPrices["gpt-4o-2024-08-06"] == TokenPrice(input: 2.5, cachedInput: 1.25, output: 10))
        #expect(sheet.inferencePrices[Self.rftModel] == TokenPrice(input: 4, cachedInput: 1, output: 16))
    }

    // MARK: - RFT training

    @Test func rftIsProratedPerSecondAndShowsHoursToTwoDecimals() throws {
        let charge = try PriceSheet.default.trainingCharge(
            model: Self.rftModel, method: .reinforcement, trainingSeconds: 9180, trainedTokens: 0, dataSharing: false)
        #expect(charge.description == "RFT training, o4-mini-2025-04-16: 2.55 h × $100.00/h")
        #expect(charge.quantity == 9180.0 / 3600)
        #expect(charge.unit == "hour")
        #expect(charge.unitPrice == 100)
        #expect(charge.amount == 255.00)
        let odd = try PriceSheet.default.trainingCharge(
            model: "o4-mini", method: .reinforcement, trainingSeconds: 9181, trainedTokens: 0, dataSharing: false)
        #expect(odd.description == "RFT training, o4-mini-2025-04-16: 2.55 h × $100.00/h")
        #expect(odd.amount == 255.03)  // from the exact 2.550277… h, not the shown 2.55
    }

    /// (sheet, captured seconds, data sharing, amount, undiscounted amount)
    static let rftExamples: [(String, Double, Bool, Double, Double)] = [
        // The reference's worked examples (BILLING): 6 h wall clock, 4 h billed; a failed run with 2 h captured.
        ("launch-2025", 4 * 3600.0, false, 400.00, 400.00),
        ("launch-2025", 2 * 3600.0, false, 200.00, 200.00),
        ("current-2026", 4 * 3600.0, false, 400.00, 400.00),
        // Data sharing: the launch rule halves training, the current rule does not.
        ("launch-2025", 4 * 3600.0, true, 200.00, 400.00),
        ("current-2026", 4 * 3600.0, true, 400.00, 400.00),
        // Cents round half away from zero from the exact seconds: 0.18 s = $0.005, 450 s = $12.50.
        ("launch-2025", 0.18, false, 0.01, 0.01),
        ("launch-2025", 450, true, 6.25, 12.50),
    ]

    @Test(arguments: rftExamples)
    func rftWorkedExamples(sheetName: String, seconds: Double, sharing: Bool, amount: Double, undiscounted: Double) throws {
        let sheet = try #require(PriceSheet.builtin(named: sheetName))
        let charge = try sheet.trainingCharge(
            model: Self.rftModel, method: .reinforcement, trainingSeconds: seconds, trainedTokens: 123, dataSharing: sharing)
        #expect(charge.amount == amount)
        #expect(charge.undiscountedAmount == undiscounted)
        #expect(charge.discount == (amount < undiscounted ? 0.5 : 0))
    }

    @Test func launchSharingDiscountIsShownOnTheLine() throws {
        let charge = try PriceSheet.launch2025.trainingCharge(
            model: Self.rftModel, method: .reinforcement, trainingSeconds: 450, trainedTokens: 0, dataSharing: true)
        #expect(charge.description == "RFT training, o4-mini-2025-04-16: 0.13 h × $100.00/h, 50% data-sharing discount")
        #expect(charge.savings == 6.25)
    }

    // MARK: - SFT and DPO training

    @Test(arguments: [
        ("gpt-4o-mini-2024-07-18", FineTuningMethod.supervised, 300_000, 0.90),  // 100,000 tokens × 3 epochs (FT-GUIDE-OLD)
        ("gpt-4o-mini", .dpo, 300_000, 0.90),
        ("gpt-4.1-nano-2025-04-14", .supervised, 1_000_000, 1.50),
        ("gpt-4.1-mini-2025-04-14", .supervised, 1_000_000, 5.00),
        ("gpt-4.1-2025-04-14", .dpo, 2_000_000, 50.00),
        ("gpt-4o-mini-2024-07-18", .supervised, 5_000, 0.02),  // $0.015 rounds up, not down to 0.01 as binary 0.0149999… would
    ])
    func tokenTrainingIsTrainedTokensTimesThePrice(model: String, method: FineTuningMethod, tokens: Int, amount: Double) throws {
        for sheet in [PriceSheet.launch2025, PriceSheet.current2026] {
            let charge = try sheet.trainingCharge(model: model, method: method, trainingSeconds: 999, trainedTokens: tokens, dataSharing: true)
            #expect(charge.amount == amount)
            #expect(charge.discount == 0)  // no data-sharing variant for SFT/DPO models
            #expect(charge.unit == "1M training tokens")
            #expect(charge.quantity == Double(tokens) / 1e6)
        }
    }

    @Test func sftLineReadsAsTokensTimesPrice() throws {
        let charge = try PriceSheet.default.trainingCharge(
            model: "gpt-4o-mini", method: .supervised, trainingSeconds: 0, trainedTokens: 300_000, dataSharing: false)
        #expect(charge.description == "SFT training, gpt-4o-mini-2024-07-18: 300,000 tokens × $3.00/1M")
    }

    // MARK: - Tokens

    @Test func cachedPromptTokensAreChargedAtTheCachedRate() throws {
        let usage = TokenUsage(promptTokens: 1_000_000, completionTokens: 100_000, cachedTokens: 400_000)
        let charge = try PriceSheet.default.graderTokenCharge(model: "o4-mini-2025-04-16", usage: usage)
        #expect(charge.amount == 1.21)  // 0.6 × 1.10 + 0.4 × 0.275 + 0.1 × 4.40
        #expect(charge.quantity == 1.1)
        #expect(charge.unit == "1M tokens")
        #expect(charge.description == """
            Grader model o4-mini-2025-04-16: 600,000 input tokens × $1.10/1M + 400,000 cached input tokens × $0.275/1M \
            + 100,000 output tokens × $4.40/1M
            """)
        let lines = try PriceSheet.default.graderTokenCharges(model: "o4-mini", usage: usage)
        #expect(lines.map(\.unit) == ["1M input tokens", "1M cached input tokens", "1M output tokens"])
        #expect(lines.map(\.amount) == [0.66, 0.11, 0.44])
    }

    @Test func inferenceIsHalvedOnlyUnderTheCurrentRuleWithSharing() throws {
        let usage = TokenUsage(promptTokens: 1_000_000, completionTokens: 1_000_000, cachedTokens: 0)
        let full = try PriceSheet.current2026.inferenceCharge(baseModel: Self.rftModel, usage: usage, dataSharing: false)
        let shared = try PriceSheet.current2026.inferenceCharge(baseModel: Self.rftModel, usage: usage, dataSharing: true)
        let launch = try PriceSheet.launch2025.inferenceCharge(baseModel: Self.rftModel, usage: usage, dataSharing: true)
        #expect(full.amount == 20.00)  // $4 + $16
        #expect(shared.amount == 10.00)  // $2 + $8
        #expect(shared.discount == 0.5)
        #expect(launch.amount == 20.00)
        let sft = try PriceSheet.current2026.inferenceCharge(baseModel: "gpt-4.1-nano", usage: usage, dataSharing: true)
        #expect(sft.amount == 1.00)  // $0.20 + $0.80, no discount for SFT models
    }

    // MARK: - Charge errors

    @Test func unknownModelNamesItAndListsThePricedOnes() {
        do {
            _ = try PriceSheet.default.graderTokenCharge(model: "gpt-5", usage: TokenUsage(promptTokens: 1))
            Issue.record("no error")
        } catch {
            #expect(error.code == .unknownModel)
            #expect(error.description.hasPrefix(#"price sheet launch-2025: model: no grader token price for "gpt-5"; priced models: gpt-4.1-2025-04-14, "#))
            #expect(error.message.contains("o3-mini-2025-01-31"))
        }
    }

    @Test(arguments: [
        ("o4-mini", FineTuningMethod.supervised, "o4-mini-2025-04-16 is priced per hour for reinforcement training; there is no price for supervised training of it"),
        ("gpt-4.1-nano", .reinforcement, "gpt-4.1-nano-2025-04-14 is priced per 1M training tokens for supervised, dpo training; there is no price for reinforcement training of it"),
    ])
    func aPriceForAnotherMethodIsRefused(model: String, method: FineTuningMethod, message: String) {
        #expect { try PriceSheet.default.trainingCharge(model: model, method: method, trainingSeconds: 60, trainedTokens: 60, dataSharing: false) } throws: {
            guard let error = $0 as? PriceSheetError else { return false }
            return error.code == .notPriced && error.message == message
        }
    }

    @Test func impossibleQuantitiesAreRefused() {
        let sheet = PriceSheet.default
        #expect(throws: PriceSheetError.self) {
            try sheet.trainingCharge(model: Self.rftModel, method: .reinforcement, trainingSeconds: -1, trainedTokens: 0, dataSharing: false)
        }
        #expect(throws: PriceSheetError.self) {
            try sheet.trainingCharge(model: Self.rftModel, method: .reinforcement, trainingSeconds: .nan, trainedTokens: 0, dataSharing: false)
        }
        #expect(throws: PriceSheetError.self) {
            try sheet.inferenceCharge(baseModel: Self.rftModel, usage: TokenUsage(promptTokens: 5, cachedTokens: 6), dataSharing: false)
        }
    }

    // MARK: - Charge encoding

    @Test func chargeEncodesWithSnakeCaseKeys() throws {
        let charge = try PriceSheet.launch2025.trainingCharge(
            model: Self.rftModel, method: .reinforcement, trainingSeconds: 14_400, trainedTokens: 0, dataSharing: true)
        let data = try JSONEncoder().encode(charge)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["description", "quantity", "unit", "unit_price", "discount", "amount", "undiscounted_amount"])
        #expect(object["unit_price"] as? Double == 100)
        #expect(object["undiscounted_amount"] as? Double == 400)
        #expect(object["amount"] as? Double == 200)
        #expect(try JSONDecoder().decode(Charge.self, from: data) == charge)
    }
}
