import Foundation
import Graders
import Testing

@testable import Provider

/// Vision fine-tuning: image parts in SFT examples, checked as the platform does.
struct VisionTests {
    static let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    static func lines(_ count: Int, image: String = png, assistantImage: Bool = false) -> Data {
        let lines = (0..<count).map { i in
            let answer = assistantImage ? #"[{"type": "image_url", "image_url": {"url": "\#(image)"}}]"# : #""A cat, \#(i).""#
            return #"{"messages":[{"role":"user","content":[{"type":"text","text":"What is in picture \#(i)?"},{"type":"image_url","image_url":{"url":"\#(image)","detail":"low"}}]},{"role":"assistant","content":\#(answer)}]}"#
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func job(_ model: String, _ content: Data) async throws -> JobObject {
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let file = try await provider.uploadFile(filename: "vision.jsonl", purpose: "fine-tune", content: content, as: .test)
        return try await provider.createJob(["model": .string(model), "training_file": .string(file.id), "method": ["type": "supervised"]], as: .test)
    }

    @Test("gpt-4o-2024-08-06 fine-tunes on image inputs; gpt-4.1-mini refuses them")
    func visionModelTakesImages() async throws {
        let vision = try await Self.job("gpt-4o", Self.lines(10))
        #expect(vision.status == .succeeded, "\(vision.error?.message ?? "")")
        let text = try await Self.job("gpt-4.1-mini", Self.lines(10))
        #expect(text.status == .failed && text.error?.code == "invalid_training_file")
        #expect(text.error?.message.contains("does not take images") == true, "\(text.error?.message ?? "")")
    }

    @Test("Images in assistant messages and non-image data URLs are problems naming the part")
    func imageRules() {
        var validator = DatasetValidator(method: .supervised, role: .training)
        validator.imageModel = (name: "gpt-4o-2024-08-06", takesImages: true)
        let assistant = validator.validate(Self.lines(10, assistantImage: true))
        #expect(assistant.problems.contains { $0.message.contains("image in an assistant message") })
        let gif = validator.validate(Self.lines(10, image: "data:image/gif;base64,R0lGODlhAQABAAAAACw="))
        #expect(gif.problems.contains { $0.field == "messages[0].content[1].image_url.url" && $0.message.contains("JPEG, PNG or WEBP") })
        #expect(validator.validate(Self.lines(10)).problems.isEmpty)
    }
}
