internal import Graders

/// An answer in the chat-completions shapes: the `chat.completion` object and its
/// `chat.completion.chunk` stream.
enum ChatCompletionWire {
    /// The `chat.completion` object.
    static func completion(_ answer: InferenceAnswer) -> JSONValue {
        let choices: [JSONValue] = answer.choices.enumerated().map { index, choice in
            ["index": .number(Double(index)), "finish_reason": .string(finishReason(choice)), "logprobs": nil,
             "message": message(choice)]
        }
        return [
            "id": .string(id(answer)), "object": "chat.completion", "created": .number(Double(answer.created)),
            "model": .string(answer.model), "choices": .array(choices), "system_fingerprint": .string(answer.systemFingerprint),
            "service_tier": "default", "usage": usage(answer),
        ]
    }

    /// The chunks of a streamed completion: per choice a role chunk, content (or tool-call)
    /// deltas and a chunk with its `finish_reason`; with `includeUsage` every chunk carries
    /// `usage: null` and a last chunk with no choices carries the usage.
    static func chunks(_ answer: InferenceAnswer, includeUsage: Bool) -> [InferenceEvent] {
        var events: [InferenceEvent] = []
        func chunk(_ choices: [JSONValue], usage: JSONValue? = nil) {
            var members: [String: JSONValue] = [
                "id": .string(id(answer)), "object": "chat.completion.chunk", "created": .number(Double(answer.created)),
                "model": .string(answer.model), "system_fingerprint": .string(answer.systemFingerprint), "service_tier": "default",
                "choices": .array(choices),
            ]
            if includeUsage { members["usage"] = usage ?? .null }
            events.append(InferenceEvent(name: nil, data: .object(members)))
        }
        func choice(_ index: Int, _ delta: JSONValue, finish: String? = nil) -> JSONValue {
            ["index": .number(Double(index)), "delta": delta, "logprobs": nil, "finish_reason": finish.map(JSONValue.string) ?? .null]
        }
        for (index, answerChoice) in answer.choices.enumerated() {
            if answerChoice.toolCalls.isEmpty {
                chunk([choice(index, ["role": "assistant", "content": "", "refusal": nil])])
                for piece in TextPieces.split(answerChoice.text) {
                    chunk([choice(index, ["content": .string(piece)])])
                }
            } else {
                chunk([choice(index, ["role": "assistant", "content": nil, "refusal": nil])])
                for (position, call) in answerChoice.toolCalls.enumerated() {
                    chunk([choice(index, ["tool_calls": [[
                        "index": .number(Double(position)), "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": ""],
                    ]]])])
                    for piece in TextPieces.split(call.arguments) {
                        chunk([choice(index, ["tool_calls": [["index": .number(Double(position)), "function": ["arguments": .string(piece)]]]])])
                    }
                }
            }
            chunk([choice(index, [:], finish: finishReason(answerChoice))])
        }
        if includeUsage { chunk([], usage: usage(answer)) }
        return events
    }

    private static func id(_ answer: InferenceAnswer) -> String {
        "chatcmpl-" + IdentifierFactory.token("chat", answer.seed, length: 29)
    }

    /// `tool_calls` for calls; `length` for the empty answer (the model spent its budget without
    /// answering, as a reasoning model does when `max_completion_tokens` runs out); else `stop`.
    private static func finishReason(_ choice: InferenceAnswer.Choice) -> String {
        if !choice.toolCalls.isEmpty { return "tool_calls" }
        return choice.text.isEmpty ? "length" : "stop"
    }

    private static func message(_ choice: InferenceAnswer.Choice) -> JSONValue {
        var members: [String: JSONValue] = ["role": "assistant", "refusal": nil, "annotations": []]
        if choice.toolCalls.isEmpty {
            members["content"] = .string(choice.text)
        } else {
            members["content"] = JSONValue.null
            members["tool_calls"] = .array(choice.toolCalls.map { call in
                ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
            })
        }
        return .object(members)
    }

    private static func usage(_ answer: InferenceAnswer) -> JSONValue {
        let completion = answer.completionTokens
        return [
            "prompt_tokens": .number(Double(answer.promptTokens)), "completion_tokens": .number(Double(completion)),
            "total_tokens": .number(Double(answer.promptTokens + completion)),
            "prompt_tokens_details": ["cached_tokens": 0, "audio_tokens": 0],
            "completion_tokens_details": ["reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0],
        ]
    }
}

/// How streamed text is cut into deltas: a word with the spaces before it per piece.
enum TextPieces {
    static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var sawWord = false
        for character in text {
            if character.isWhitespace, sawWord {
                pieces.append(current)
                current = ""
                sawWord = false
            }
            current.append(character)
            if !character.isWhitespace { sawWord = true }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
