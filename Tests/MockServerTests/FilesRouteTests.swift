import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// `/v1/files` over HTTP: multipart upload, retrieve, content, list, delete.
struct FilesRouteTests {
    @Test func uploadRetrieveDownloadListDelete() async throws {
        try await makeApp().test(.router) { client in
            let content = rftDataset(count: 3)
            let form = MultipartBody(fields: [("purpose", "fine-tune")], file: ("file", "train.jsonl", content))
            let id = try await client.execute(uri: "/v1/files", method: .post, headers: form.headers, body: form.buffer) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let file = try jsonObject(response)
                #expect(file["object"] as? String == "file")
                #expect(file["filename"] as? String == "train.jsonl")
                #expect(file["purpose"] as? String == "fine-tune")
                #expect(file["bytes"] as? Int == content.utf8.count)
                #expect(file["status"] as? String == "processed")
                #expect(file.keys.contains("expires_at"))
                return try #require(file["id"] as? String)
            }
            #expect(id.hasPrefix("file-"))

            try await client.execute(uri: "/v1/files/\(id)", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .ok)
                #expect(try jsonObject(response)["id"] as? String == id)
            }
            try await client.execute(uri: "/v1/files/\(id)/content", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/jsonl")
                #expect(String(buffer: response.body) == content)
            }
            let second = try await upload(client, filename: "valid.jsonl", content: rftDataset(count: 2))
            try await client.execute(uri: "/v1/files", method: .get, headers: authorized()) { response throws in
                let list = try jsonObject(response)
                #expect(list["object"] as? String == "list")
                #expect(try listIDs(response) == [second, id])  // newest first
                #expect(list["first_id"] as? String == second)
                #expect(list["has_more"] as? Bool == false)
            }
            try await client.execute(uri: "/v1/files?order=asc&limit=1", method: .get, headers: authorized()) { response throws in
                let list = try jsonObject(response)
                #expect(try listIDs(response) == [id])
                #expect(list["has_more"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/files/\(id)", method: .delete, headers: authorized()) { response throws in
                #expect(response.status == .ok)
                let status = try jsonObject(response)
                #expect(status["id"] as? String == id)
                #expect(status["deleted"] as? Bool == true)
                #expect(status["object"] as? String == "file")
            }
            try await client.execute(uri: "/v1/files/\(id)", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func expiresAfterIsPassedOn() async throws {
        try await makeApp().test(.router) { client in
            let form = MultipartBody(fields: [("purpose", "batch"), ("expires_after[anchor]", "created_at"), ("expires_after[seconds]", "3600")],
                                     file: ("file", "batch.jsonl", "{}\n"))
            try await client.execute(uri: "/v1/files", method: .post, headers: form.headers, body: form.buffer) { response throws in
                let file = try jsonObject(response)
                let created = try #require(file["created_at"] as? Int)
                #expect(file["expires_at"] as? Int == created + 3600)
            }
        }
    }

    @Test(arguments: [
        (MultipartBody(fields: [("purpose", "fine-tune")], file: nil), "file"),
        (MultipartBody(fields: [], file: ("file", "train.jsonl", "{}")), "purpose"),
        (MultipartBody(fields: [("purpose", "fine-tune")], file: ("file", nil, "{}")), "file"),
        (MultipartBody(fields: [("purpose", "fine-tune"), ("colour", "red")], file: ("file", "t.jsonl", "{}")), "colour"),
        (MultipartBody(fields: [("purpose", "holiday")], file: ("file", "t.jsonl", "{}")), "purpose"),
    ])
    func badUploadsAre400NamingThePart(form: MultipartBody, param: String) async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/files", method: .post, headers: form.headers, body: form.buffer) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == param)
            }
        }
    }

    @Test func truncatedMultipartIs400() async throws {
        try await makeApp().test(.router) { client in
            let text = "--\(MultipartBody.boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune"
            let headers = authorized([.contentType: "multipart/form-data; boundary=\(MultipartBody.boundary)"])
            try await client.execute(uri: "/v1/files", method: .post, headers: headers, body: body(text)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).message.contains("closing boundary"))
            }
        }
    }
}
