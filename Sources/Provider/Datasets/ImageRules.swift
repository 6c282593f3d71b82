internal import Graders

/// The vision fine-tuning rules for image parts (`{"type": "image_url", "image_url": {"url"}}`)
/// of a supervised or preference example, beyond the part's shape (`MessageRules+Content.swift`).
///
/// - Images need a model that takes image inputs for fine-tuning (the catalogue's `vision`:
///   `gpt-4o-2024-08-06`); for any other model an example with an image is a problem naming it.
/// - Images are inputs: an image in an assistant message (or a preferred/non-preferred output) is a problem.
/// - At most ``maximumImagesPerExample`` images per example.
/// - A `data:` URL must be base64 `image/jpeg`, `image/png` or `image/webp`, at most 10 MB decoded.
///   (`https://` images are fetched by the platform; their format and size are not checked offline.)
struct ImageRules {
    /// The most images one example may hold.
    static let maximumImagesPerExample = 10
    /// The largest image, in bytes.
    static let maximumImageBytes = 10 << 20
    static let formats = ["image/jpeg", "image/png", "image/webp"]

    /// Whether the job's model takes images; `nil` when images are not checked against a model.
    let model: (name: String, takesImages: Bool)?

    /// Checks every image part of `line` (its `messages`, or a preference example's `input.messages`
    /// and outputs).
    func check(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        var images: [(path: String, role: String, url: String?)] = []
        func collect(_ messages: JSONValue?, path: String, role forced: String? = nil) {
            guard case .array(let list)? = messages else { return }
            for (index, message) in list.enumerated() {
                guard case .array(let parts)? = message["content"] else { continue }
                let role = forced ?? message["role"]?.stringValue ?? ""
                for (position, part) in parts.enumerated() where part["type"] == .string("image_url") {
                    images.append(("\(path)[\(index)].content[\(position)]", role, part["image_url"]?["url"]?.stringValue))
                }
            }
        }
        collect(line["messages"], path: "messages")
        collect(line["input"]?["messages"], path: "input.messages")
        collect(line["preferred_output"], path: "preferred_output", role: "assistant")
        collect(line["non_preferred_output"], path: "non_preferred_output", role: "assistant")
        guard let first = images.first else { return }
        if let model, !model.takesImages {
            problems.add(first.path, "\(first.path) is an image, but \(model.name) does not take images for fine-tuning; vision fine-tuning needs gpt-4o-2024-08-06")
        }
        if images.count > Self.maximumImagesPerExample {
            problems.add(images[Self.maximumImagesPerExample].path, "this example has \(images.count) images; an example may hold at most \(Self.maximumImagesPerExample)")
        }
        for image in images {
            if image.role == "assistant" {
                problems.add(image.path, "\(image.path) is an image in an assistant message; images can only be inputs (user, system or developer messages)")
            }
            guard let url = image.url, url.hasPrefix("data:") else { continue }
            let header = url.prefix { $0 != "," }
            let mime = header.dropFirst("data:".count).split(separator: ";").first.map(String.init) ?? ""
            guard Self.formats.contains(mime), header.hasSuffix(";base64") else {
                problems.add("\(image.path).image_url.url", "\(image.path).image_url.url is a data: URL of \(mime.isEmpty ? "no type" : ProblemText.quoted(mime)); images must be base64 JPEG, PNG or WEBP (data:image/jpeg;base64,…)")
                continue
            }
            let bytes = (url.utf8.count - header.utf8.count - 1) / 4 * 3
            if bytes > Self.maximumImageBytes {
                problems.add("\(image.path).image_url.url", "\(image.path) is about \(bytes >> 20) MB; images may be at most 10 MB")
            }
        }
    }
}
