extension GraderEngine {
    /// A model grader of either kind.
    enum ModelGrader {
        case score(ScoreModelGrader)
        case label(LabelModelGrader)

        var name: String {
            switch self {
            case .score(let grader): grader.name
            case .label(let grader): grader.name
            }
        }

        var model: String {
            switch self {
            case .score(let grader): grader.model
            case .label(let grader): grader.model
            }
        }

        var input: [GraderMessage] {
            switch self {
            case .score(let grader): grader.input
            case .label(let grader): grader.input
            }
        }
    }

    /// Renders the prompt, asks the judge, and reads its reply as the platform reads a grader
    /// model's: a score is clipped to `range` (non-numeric → 0 with `model_grader_parse_error`);
    /// a label in `passing_labels` scores 1, another label 0, anything else 0 with
    /// `model_grader_parse_error`; `{"refusal": …}` scores 0 with `model_grader_refusal_error`.
    func gradeWithModel(
        _ grader: ModelGrader, item: JSONValue, sample: Sample, context: TemplateContext, metadata: GraderResult.Metadata
    ) async -> GraderResult {
        var metadata = metadata
        var messages: [JudgeRequest.Message] = []
        var fields: [String] = []
        do {
            for message in grader.input {
                var content = ""
                for part in message.textParts {
                    let template = try Template(part)
                    for variable in template.variables where variable.namespace == .item {
                        if case .key(let field)? = variable.path.first, !fields.contains(field) { fields.append(field) }
                    }
                    content += try template.render(context)
                }
                messages.append(JudgeRequest.Message(role: message.role.rawValue, content: content))
            }
        } catch {
            metadata.errors.invalidVariableError = true
            return GraderResult(reward: 0, metadata: metadata)
        }
        let request: JudgeRequest
        switch grader {
        case .score(let score):
            let bounds = score.bounds
            request = JudgeRequest(task: .score, grader: score.name, model: score.model, messages: messages,
                                   range: [bounds.lower, bounds.upper], item: item, sample: sample.outputText, referencedItemFields: fields)
        case .label(let label):
            request = JudgeRequest(task: .label, grader: label.name, model: label.model, messages: messages,
                                   labels: label.labels, item: item, sample: sample.outputText, referencedItemFields: fields)
        }
        let promptTokens = TokenEstimate.promptTokens(messages)
        metadata.sampledModelName = grader.model
        let reply: JudgeReply
        do {
            reply = try await options.judge.reply(to: request)
        } catch {
            metadata.errors.modelGraderServerError = true
            metadata.errors.modelGraderServerErrorDetails = String(describing: error)
            let usage = TokenUsage(promptTokens: promptTokens)
            metadata.tokenUsage = usage
            return GraderResult(reward: 0, metadata: metadata, modelGraderTokenUsagePerModel: [grader.model: usage])
        }
        let usage = TokenUsage(promptTokens: promptTokens, completionTokens: TokenEstimate.tokens(in: reply.text))
        metadata.tokenUsage = usage
        let reward = Self.read(reply, for: grader, metadata: &metadata)
        return GraderResult(reward: reward, metadata: metadata, modelGraderTokenUsagePerModel: [grader.model: usage])
    }

    private static func read(_ reply: JudgeReply, for grader: ModelGrader, metadata: inout GraderResult.Metadata) -> Double {
        let parsed = try? JSONValue(parsing: reply.text)
        if let refusal = parsed?["refusal"], refusal != .null {
            metadata.errors.modelGraderRefusalError = true
            return 0
        }
        let result = parsed?["result"] ?? parsed
        switch grader {
        case .score(let score):
            let value = result?.numberValue ?? result?.stringValue.flatMap { Double($0.trimmingScalars(" \t\n")) }
                ?? Double(reply.text.trimmingScalars(" \t\n"))
            guard let value, value.isFinite else {
                metadata.errors.modelGraderParseError = true
                return 0
            }
            metadata.scores = ["raw": value]
            let bounds = score.bounds
            return min(max(value, bounds.lower), bounds.upper)
        case .label(let label):
            let chosen = result?.stringValue ?? reply.text.trimmingScalars(" \t\n\"")
            guard label.labels.contains(chosen) else {
                metadata.errors.modelGraderParseError = true
                return 0
            }
            return label.passingLabels.contains(chosen) ? 1 : 0
        }
    }
}
