internal import Graders

/// Content rules, shared by every method.
///
/// - `content` is a string or a non-empty array of parts; a part is `{"type": "text", "text": …}`
///   or `{"type": "image_url", "image_url": {"url": …, "detail"?: "auto" | "low" | "high"}}`.
/// - An image URL must start with `https://`, `http://` or `data:` (the platform downloads the
///   first two and decodes the last); anything else cannot be fetched.
/// - Audio and file parts (`input_audio`, `audio`, `file`, `input_file`) are refused; for
///   reinforcement prompts the message quotes the guide ("audio and file input are not supported").
extension MessageRules {
    static let partTypes = ["text", "image_url"]
    static let mediaPartTypes: Set<String> = ["input_audio", "audio", "file", "input_file"]
    static let imageDetails: Set<String> = ["auto", "low", "high"]

    func checkContent(_ content: JSONValue, path: @autoclosure () -> String, into problems: inout ProblemCollector) {
        switch content {
        case .string:
            return
        case .array(let parts) where !parts.isEmpty:
            let path = path()
            for (index, part) in parts.enumerated() {
                checkPart(part, path: "\(path)[\(index)]", into: &problems)
            }
        case .array:
            problems.add(path(), "\(path()) is an empty array; give a string or at least one content part")
        default:
            problems.add(path(), "\(path()) is \(ProblemText.value(content)); it must be a string or an array of content parts like {\"type\": \"text\", \"text\": \"…\"}")
        }
    }

    private func checkPart(_ part: JSONValue, path: String, into problems: inout ProblemCollector) {
        guard case .object(let members) = part else {
            problems.add(path, "\(path) is \(ProblemText.value(part)); a content part must be an object like {\"type\": \"text\", \"text\": \"…\"}")
            return
        }
        let allowed = "allowed: \(ProblemText.list(Self.partTypes))"
        guard case .string(let type)? = members["type"] else {
            problems.add("\(path).type", "\(path).type is \(members["type"].map(ProblemText.value) ?? "missing"); \(allowed)")
            return
        }
        switch type {
        case "text":
            if members["text"]?.stringValue == nil {
                problems.add("\(path).text", "\(path).text is \(members["text"].map(ProblemText.value) ?? "missing"); a text part needs \"text\": a string")
            }
        case "image_url":
            checkImage(members["image_url"], path: "\(path).image_url", into: &problems)
        case _ where Self.mediaPartTypes.contains(type) && explainsUnsupportedMedia:
            problems.add("\(path).type", "\(path).type is \(ProblemText.quoted(type)); audio and file input are not supported in reinforcement fine-tuning (\(allowed))")
        default:
            problems.add("\(path).type", "\(path).type is \(ProblemText.quoted(type)); \(allowed)")
        }
    }

    private func checkImage(_ value: JSONValue?, path: String, into problems: inout ProblemCollector) {
        let shape = "an image part needs \"image_url\": {\"url\": \"https://…\" or \"data:image/…;base64,…\"}"
        guard case .object(let image)? = value else {
            problems.add(path, "\(path) is \(value.map(ProblemText.value) ?? "missing"); \(shape)")
            return
        }
        guard case .string(let url)? = image["url"] else {
            problems.add("\(path).url", "\(path).url is \(image["url"].map(ProblemText.value) ?? "missing"); \(shape)")
            return
        }
        if !(url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("data:")) {
            problems.add("\(path).url", "\(path).url is \(ProblemText.quoted(url)); it must be an https:// URL or a data: URL")
        }
        if let detail = image["detail"], !(detail.stringValue.map(Self.imageDetails.contains) ?? false) {
            problems.add("\(path).detail", "\(path).detail is \(ProblemText.value(detail)); allowed: auto, low, high")
        }
    }
}
