import Foundation
import Graders
import Testing

@testable import Provider

struct ModelCatalogueTests {
    /// The grader models of reference §3.4.
    static let graderModels = [
        "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14",
        "gpt-4.1-nano-2025-04-14", "o1-2024-12-17", "o3-mini-2025-01-31", "o3-2025-04-16", "o4-mini-2025-04-16",
    ]

    @Test func builtinCatalogueLoadsFromTheBundle() throws {
        let url = BundledResource.url(named: "model-catalogue", subdirectory: nil)
        let catalogue = try ModelCatalogue(contentsOf: url)
        #expect(catalogue.models.count == 14)
        #expect(catalogue == ModelCatalogue.builtin)
        #expect(catalogue.source == "model-catalogue.json")
    }

    @Test(arguments: [
        ("o4-mini-2025-04-16", "o4-mini", [FineTuningMethod.reinforcement]),
        ("gpt-4.1-2025-04-14", "gpt-4.1", [.supervised, .dpo]),
        ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini", [.supervised, .dpo]),
        ("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano", [.supervised, .dpo]),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini", [.supervised, .dpo]),
        ("gpt-4o-2024-08-06", "gpt-4o", [.supervised, .dpo]),
        ("gpt-3.5-turbo-0125", "gpt-3.5-turbo", [.supervised]),
        ("babbage-002", "babbage-002", [.supervised]),
        ("davinci-002", "davinci-002", [.supervised]),
    ])
    func fineTunableModelsTakeTheirMethodsByIdAndAlias(id: String, alias: String, methods: [FineTuningMethod]) throws {
        let byID = try #require(ModelCatalogue.builtin.model(named: id))
        #expect(ModelCatalogue.builtin.model(named: alias) == byID)
        #expect(byID.methods == methods)
        #expect(byID.reasoning == (methods == [.reinforcement]))
        for method in FineTuningMethod.allCases {
            #expect((ModelCatalogue.builtin.refusal(model: alias, method: method) == nil) == methods.contains(method))
        }
    }

    @Test func everyGraderModelIsListedWithoutFineTuning() throws {
        #expect(Self.graderModels.sorted() == GraderModels.allowed.sorted())
        for id in Self.graderModels {
            let model = try #require(ModelCatalogue.builtin.model(named: id), "\(id) missing")
            #expect(model.graderModel)
            #expect(model.reasoning == GraderModels.isReasoning(id))
        }
        let graderOnly = ModelCatalogue.builtin.models.filter { !$0.isFineTunable }.map(\.id)
        #expect(graderOnly == ["o1-2024-12-17", "o3-mini-2025-01-31", "o3-2025-04-16"])
        #expect(ModelCatalogue.builtin.models.filter(\.vision).map(\.id) == ["gpt-4o-2024-08-06"])
        #expect(ModelCatalogue.builtin.models.filter(\.promptCompletion).map(\.id) == ["babbage-002", "davinci-002"])
        #expect(ModelCatalogue.builtin.models(taking: .reinforcement).map(\.id) == ["o4-mini-2025-04-16"])
    }

    @Test func namesAreCaseSensitive() {
        #expect(ModelCatalogue.builtin.model(named: "O4-mini") == nil)
        #expect(ModelCatalogue.builtin.model(named: "gpt-4o-mini ") == nil)
    }

    @Test func refusesSupervisedTuningOfTheRFTModelOnMethod() throws {
        let refusal = try #require(ModelCatalogue.builtin.refusal(model: "o4-mini", method: .supervised))
        #expect(refusal.param == "method")
        #expect(refusal.message == """
            Model o4-mini does not support supervised fine-tuning; it supports reinforcement. \
            Models that support supervised: gpt-4.1-2025-04-14, gpt-4.1-mini-2025-04-14, gpt-4.1-nano-2025-04-14, gpt-4o-mini-2024-07-18, \
            gpt-4o-2024-08-06, gpt-3.5-turbo-0125, gpt-3.5-turbo-1106, gpt-3.5-turbo-0613, babbage-002, davinci-002.
            """)
    }

    @Test func refusesReinforcementTuningOfNanoOnMethod() throws {
        let refusal = try #require(ModelCatalogue.builtin.refusal(model: "gpt-4.1-nano-2025-04-14", method: .reinforcement))
        #expect(refusal.param == "method")
        #expect(refusal.message == """
            Model gpt-4.1-nano-2025-04-14 does not support reinforcement fine-tuning; it supports supervised, dpo. \
            Models that support reinforcement: o4-mini-2025-04-16.
            """)
    }

    @Test func refusesUnknownAndGraderOnlyModelsOnModel() throws {
        let tunable = "o4-mini-2025-04-16 (reinforcement), gpt-4.1-2025-04-14 (supervised, dpo), gpt-4.1-mini-2025-04-14 (supervised, dpo), "
            + "gpt-4.1-nano-2025-04-14 (supervised, dpo), gpt-4o-mini-2024-07-18 (supervised, dpo), gpt-4o-2024-08-06 (supervised, dpo), "
            + "gpt-3.5-turbo-0125 (supervised), gpt-3.5-turbo-1106 (supervised), gpt-3.5-turbo-0613 (supervised), "
            + "babbage-002 (supervised), davinci-002 (supervised)"
        let unknown = try #require(ModelCatalogue.builtin.refusal(model: "gpt-5", method: .reinforcement))
        #expect(unknown.param == "model")
        #expect(unknown.message == "Model gpt-5 is not available for fine-tuning or does not exist. Models available for fine-tuning: \(tunable).")
        let grader = try #require(ModelCatalogue.builtin.refusal(model: "o3", method: .reinforcement))
        #expect(grader.param == "model")
        #expect(grader.message.hasPrefix("Model o3 is not available for fine-tuning; it can serve as a grader model only."))
    }

    @Test func encodesEntriesWithTheFileKeys() throws {
        let model = try #require(ModelCatalogue.builtin.model(named: "gpt-4o-mini"))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as? [String: Any])
        #expect(object["owned_by"] as? String == "system")
        #expect(object["training_context_tokens"] as? Int == 65536)
        #expect(object["grader_model"] as? Bool == true)
        #expect(try JSONDecoder().decode(CatalogueModel.self, from: JSONEncoder().encode(model)) == model)
    }

    // MARK: - Malformed files

    static let goodEntry = """
        {"id": "m-1", "aliases": ["m"], "created": 1, "owned_by": "system", "methods": ["supervised"], "reasoning": false, "grader_model": false}
        """

    static func load(_ entries: [String]) throws(CatalogueError) -> ModelCatalogue {
        try ModelCatalogue(json: Data("{\"models\": [\(entries.joined(separator: ","))]}".utf8), source: "test.json")
    }

    @Test func loadsAMinimalFile() throws {
        let catalogue = try Self.load([Self.goodEntry])
        #expect(catalogue.model(named: "m")?.contextWindow == nil)
    }

    @Test(arguments: [
        (#"{"id": "m-2", "aliases": [], "created": 1, "owned_by": "system", "methods": ["sft"], "reasoning": false, "grader_model": false}"#,
         #"test.json: models[1].methods[0] (m-2): "sft" is not allowed; use one of supervised, dpo, reinforcement"#),
        (#"{"id": "m-2", "aliases": ["m"], "created": 1, "owned_by": "system", "methods": [], "reasoning": false, "grader_model": false}"#,
         #"test.json: models[1] (m-2): the alias "m" already names m-1; ids and aliases must be unique"#),
        (#"{"id": "m-2", "aliases": [], "created": "2025", "owned_by": "system", "methods": [], "reasoning": false, "grader_model": false}"#,
         "test.json: models[1].created (m-2): must be an integer, not a string"),
        (#"{"id": "m-2", "aliases": [], "created": 1, "owned_by": "acme", "methods": [], "reasoning": false, "grader_model": false}"#,
         #"test.json: models[1].owned_by (m-2): "acme" is not allowed; use one of system, openai"#),
        (#"{"id": "m-2", "aliases": [], "created": 1, "owned_by": "system", "methods": [], "reasoning": false, "grader": true}"#,
         "test.json: models[1].grader (m-2): unknown key; allowed keys are id, aliases, created, owned_by, methods, reasoning, "
            + "grader_model, context_window, max_output_tokens, training_context_tokens, shutdown_date, vision, prompt_completion"),
        (#"{"aliases": [], "created": 1}"#, "test.json: models[1].id: is required but missing"),
    ])
    func malformedEntriesNameTheSourceEntryAndKey(entry: String, expected: String) {
        #expect(throws: CatalogueError.self) { try Self.load([Self.goodEntry, entry]) }
        do {
            _ = try Self.load([Self.goodEntry, entry])
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func nonJSONIsRefusedWithTheSource() {
        do {
            _ = try ModelCatalogue(json: Data("models:".utf8), source: "broken.json")
            Issue.record("no error")
        } catch {
            #expect(error.source == "broken.json")
            #expect(error.message.hasPrefix("is not valid JSON"))
        }
    }
}
