internal import Foundation
internal import Graders

extension JobObject: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "fine_tuning.job", &output)
        w.string("id", id, &output)
        w.int("created_at", createdAt, &output)
        w.object("error", error, &output)
        w.string("fine_tuned_model", fineTunedModel, &output)
        w.int("finished_at", finishedAt, &output)
        w.json("hyperparameters", hyperparameters, &output)
        w.string("model", model, &output)
        w.string("organization_id", organizationID, &output)
        w.strings("result_files", resultFiles, &output)
        w.string("status", status.rawValue, &output)
        w.int("trained_tokens", trainedTokens, &output)
        w.string("training_file", trainingFile, &output)
        w.string("validation_file", validationFile, &output)
        w.json("integrations", integrations, &output)
        w.int("seed", seed, &output)
        w.int("estimated_finish", estimatedFinish, &output)
        w.json("method", method, &output)
        w.stringMap("metadata", metadata, &output)
        w.string("user_provided_suffix", userProvidedSuffix, &output)
        w.object("usage_metrics", usageMetrics, &output)
        w.bool("shared_with_openai", sharedWithOpenAI, &output)
        if let evalID { w.string("eval_id", evalID, &output) }
        w.close(&output)
    }
}

extension JobObject.Failure: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("code", code, &output)
        w.string("message", message, &output)
        w.string("param", param, &output)
        w.close(&output)
    }
}

extension UsageMetrics: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.number("training_seconds", trainingSeconds, &output)
        w.number("training_hours", trainingHours, &output)
        w.int("steps_completed", stepsCompleted, &output)
        w.raw("grader_tokens", &output) { output in
            output += "{"
            for (index, model) in graderTokens.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                let usage = graderTokens[model]!
                JSONValue.writeString(model, to: &output)
                output += ":{\"prompt_tokens\":\(usage.promptTokens),\"completion_tokens\":\(usage.completionTokens),"
                output += "\"total_tokens\":\(usage.totalTokens),\"cached_tokens\":\(usage.cachedTokens)}"
            }
            output += "}"
        }
        w.close(&output)
    }
}

extension FileObject: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("id", id, &output)
        w.string("object", "file", &output)
        w.int("bytes", bytes, &output)
        w.int("created_at", createdAt, &output)
        w.int("expires_at", expiresAt, &output)
        w.string("filename", filename, &output)
        w.string("purpose", purpose, &output)
        w.string("status", status, &output)
        w.string("status_details", nil, &output)
        w.close(&output)
    }
}

extension DeletionStatus: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("id", id, &output)
        w.string("object", object, &output)
        w.bool("deleted", deleted, &output)
        w.close(&output)
    }
}

extension ModelObject: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "model", &output)
        w.string("id", id, &output)
        w.int("created", created, &output)
        w.string("owned_by", ownedBy, &output)
        w.close(&output)
    }
}

extension CheckpointObject: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "fine_tuning.job.checkpoint", &output)
        w.string("id", id, &output)
        w.int("created_at", createdAt, &output)
        w.string("fine_tuned_model_checkpoint", fineTunedModelCheckpoint, &output)
        w.string("fine_tuning_job_id", fineTuningJobID, &output)
        w.int("step_number", stepNumber, &output)
        w.json("metrics", .object(metrics.mapValues(JSONValue.number)), &output)
        w.close(&output)
    }
}

extension PermissionObject: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "checkpoint.permission", &output)
        w.string("id", id, &output)
        w.int("created_at", createdAt, &output)
        w.string("project_id", projectID, &output)
        w.close(&output)
    }
}

extension EventObject: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "fine_tuning.job.event", &output)
        w.string("id", id, &output)
        w.int("created_at", createdAt, &output)
        w.string("level", level.rawValue, &output)
        w.string("message", message, &output)
        w.string("type", type, &output)
        w.raw("data", &output) { output in
            switch data {
            case .none: output += "null"
            case .empty: output += "{}"
            case .object(let members): JSONValue.object(members).write(to: &output)
            case .reinforcement, .supervised:
                // Metrics events are read page by page, not polled hot: Foundation's encoder is fine here.
                // Sorted keys: its key order otherwise changes from one encoding to the next.
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let encoded = (try? encoder.encode(data)).map { String(decoding: $0, as: UTF8.self) }
                output += encoded ?? "null"
            }
        }
        w.close(&output)
    }
}

extension ListPage: JSONTextWritable {
    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "list", &output)
        w.raw("data", &output) { output in
            output += "["
            for (index, element) in data.enumerated() {
                if index > 0 { output += "," }
                element.writeJSON(to: &output)
            }
            output += "]"
        }
        w.bool("has_more", hasMore, &output)
        if includesBounds {
            w.string("first_id", firstID, &output)
            w.string("last_id", lastID, &output)
        }
        w.close(&output)
    }
}
