public import Foundation

extension ScenarioFixture {
    /// Reinforcement lines, one per `i` in `range`: a user message "What is i + addend(i)?" and
    /// the sum in `answer`, which graders read as `{{item.answer}}`. Newline-terminated.
    public static func sums(_ range: Range<Int>, plus addend: (Int) -> Int) -> String {
        range.map { i in
            let b = addend(i)
            return #"{"messages":[{"role":"user","content":"What is \#(i) + \#(b)?"}],"answer":"\#(i + b)"}"#
        }.joined(separator: "\n") + "\n"
    }

    /// A new folder with `scenario.yaml` and sums (``sums(_:plus:)``) in `train.jsonl` and
    /// `valid.jsonl`, the files a scenario names with `data: {training: train.jsonl, validation:
    /// valid.jsonl}`.
    public static func folder(yaml: String, training: Range<Int>, validation: Range<Int>, prefix: String = "scenario",
                              plus addend: (Int) -> Int) throws -> URL {
        try folder(yaml: yaml, files: ["train.jsonl": sums(training, plus: addend), "valid.jsonl": sums(validation, plus: addend)],
                   prefix: prefix)
    }

    /// The small reinforcement scenario of the run and sweep tests: 40 training and 8 validation
    /// sums graded by exact match, batch 4 for one epoch (10 steps), validation every 2 steps on
    /// one sample per item, target reward 0.35.
    public static let sumsYAML = """
        name: sums
        seed: 5
        model: o4-mini
        method: reinforcement
        data:
          training: train.jsonl
          validation: valid.jsonl
        grader:
          type: string_check
          name: exact
          input: "{{sample.output_text}}"
          reference: "{{item.answer}}"
          operation: eq
        prior:
          success_rate: 0.3
        hyperparameters:
          n_epochs: 1
          batch_size: 4
          eval_interval: 2
          eval_samples: 1
        target:
          reward: 0.35
        """

    /// A new folder with ``sumsYAML`` (or `yaml`, e.g. the same text with a typo) and its data:
    /// `What is i + i mod 7?` for i in 0..<40 (training) and 40..<48 (validation).
    public static func sumsFolder(_ yaml: String = sumsYAML, prefix: String = "sums") throws -> URL {
        try folder(yaml: yaml, training: 0..<40, validation: 40..<48, prefix: prefix) { $0 % 7 }
    }
}
