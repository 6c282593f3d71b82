internal import Graders

/// An answer in the Responses API's shapes: the `response` object and its typed stream
/// (`response.created`, `response.in_progress`, `response.output_item.added`,
/// `response.content_part.added`, `response.output_text.delta`…, `response.output_text.done`,
/// `response.content_part.done`, `response.output_item.done`, `response.completed`; function calls
/// stream `response.function_call_arguments.delta`/`.done` instead of the text events).
enum ResponseWire {
    /// The `response` object: `completed`, or `incomplete` (reason `max_output_tokens`, no output)
    /// when the sampled answer is the empty one (the model spent its budget without answering),
    /// so a completed response never has empty text.
    static func response(_ answer: InferenceAnswer, request: InferenceRequest) -> JSONValue {
        if isIncomplete(answer) {
            return object(answer, request: request, status: "incomplete", output: [], usage: usage(answer))
        }
        return object(answer, request: request, status: "completed", output: outputItems(answer, status: "completed"), usage: usage(answer))
    }

    static func isIncomplete(_ answer: InferenceAnswer) -> Bool {
        answer.choices[0].text.isEmpty && answer.choices[0].toolCalls.isEmpty
    }

    /// The events of a streamed response, numbered by `sequence_number`.
    static func events(_ answer: InferenceAnswer, request: InferenceRequest) -> [InferenceEvent] {
        var events: [InferenceEvent] = []
        func add(_ type: String, _ members: [String: JSONValue]) {
            var data = members
            data["type"] = .string(type)
            data["sequence_number"] = .number(Double(events.count))
            events.append(InferenceEvent(name: type, data: .object(data)))
        }
        let pending = object(answer, request: request, status: "in_progress", output: [], usage: .null)
        add("response.created", ["response": pending])
        add("response.in_progress", ["response": pending])
        if isIncomplete(answer) {
            add("response.incomplete", ["response": response(answer, request: request)])
            return events
        }
        let done = outputItems(answer, status: "completed")
        let started = outputItems(answer, status: "in_progress")
        for (index, item) in done.enumerated() {
            let outputIndex = JSONValue.number(Double(index))
            let itemID = item["id"] ?? .null
            add("response.output_item.added", ["output_index": outputIndex, "item": started[index]])
            if item["type"] == .string("function_call") {
                let arguments = item["arguments"]?.stringValue ?? ""
                for piece in TextPieces.split(arguments) {
                    add("response.function_call_arguments.delta", ["item_id": itemID, "output_index": outputIndex, "delta": .string(piece)])
                }
                add("response.function_call_arguments.done", ["item_id": itemID, "output_index": outputIndex, "arguments": .string(arguments)])
            } else {
                let text = answer.choices[0].text
                let part = ["content_index": JSONValue.number(0), "item_id": itemID, "output_index": outputIndex]
                add("response.content_part.added", part.merging(["part": textPart("")]) { $1 })
                for piece in TextPieces.split(text) {
                    add("response.output_text.delta", part.merging(["delta": .string(piece), "logprobs": []]) { $1 })
                }
                add("response.output_text.done", part.merging(["text": .string(text), "logprobs": []]) { $1 })
                add("response.content_part.done", part.merging(["part": textPart(text)]) { $1 })
            }
            add("response.output_item.done", ["output_index": outputIndex, "item": item])
        }
        add("response.completed", ["response": response(answer, request: request)])
        return events
    }

    private static func object(_ answer: InferenceAnswer, request: InferenceRequest, status: String, output: [JSONValue], usage: JSONValue) -> JSONValue {
        let text: JSONValue
        if let format = request.responseFormat, format["type"] == .string("json_schema") {
            let schema = format["json_schema"] ?? .null
            text = ["format": ["type": "json_schema", "name": schema["name"] ?? "response", "schema": schema["schema"] ?? .object([:]),
                               "strict": schema["strict"] ?? .bool(false)], "verbosity": "medium"]
        } else if request.responseFormat != nil {
            text = ["format": ["type": "json_object"], "verbosity": "medium"]
        } else {
            text = ["format": ["type": "text"], "verbosity": "medium"]
        }
        return [
            "id": .string("resp_" + id(answer)), "object": "response", "created_at": .number(Double(answer.created)),
            "status": .string(status), "completed_at": status == "completed" ? .number(Double(answer.created)) : .null,
            "background": false, "model": .string(answer.model), "error": nil,
            "incomplete_details": status == "incomplete" ? ["reason": "max_output_tokens"] : nil,
            "instructions": request.instructions, "max_output_tokens": nil, "metadata": request.metadata, "output": .array(output),
            "parallel_tool_calls": .bool(request.parallelToolCalls), "previous_response_id": nil,
            "reasoning": ["effort": nil, "summary": nil], "service_tier": "default", "store": true,
            "temperature": 1, "text": text, "tool_choice": request.toolChoiceJSON, "tools": request.toolsJSON, "top_p": 1,
            "truncation": "disabled", "usage": usage, "user": nil,
        ]
    }

    private static func id(_ answer: InferenceAnswer) -> String {
        IdentifierFactory.token("resp", answer.seed, length: 40)
    }

    /// The output items: one assistant message, or one `function_call` item per call.
    private static func outputItems(_ answer: InferenceAnswer, status: String) -> [JSONValue] {
        let choice = answer.choices[0]
        if !choice.toolCalls.isEmpty {
            return choice.toolCalls.map { call in
                ["type": "function_call", "id": .string("fc_" + call.id.dropFirst("call_".count)), "call_id": .string(call.id),
                 "name": .string(call.name), "arguments": .string(status == "completed" ? call.arguments : ""), "status": .string(status)]
            }
        }
        return [["type": "message", "id": .string("msg_" + id(answer)), "status": .string(status), "role": "assistant",
                 "content": status == "completed" ? [textPart(choice.text)] : []]]
    }

    private static func textPart(_ text: String) -> JSONValue {
        ["type": "output_text", "text": .string(text), "annotations": [], "logprobs": []]
    }

    private static func usage(_ answer: InferenceAnswer) -> JSONValue {
        let output = answer.completionTokens
        return [
            "input_tokens": .number(Double(answer.promptTokens)), "output_tokens": .number(Double(output)),
            "total_tokens": .number(Double(answer.promptTokens + output)),
            "input_tokens_details": ["cached_tokens": 0, "cache_write_tokens": 0], "output_tokens_details": ["reasoning_tokens": 0],
        ]
    }
}
