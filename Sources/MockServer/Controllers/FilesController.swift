import Foundation
import Hummingbird
import NIOCore
import Provider

/// `/v1/files`: upload (multipart), list, retrieve, delete and download files.
struct FilesController {
    let provider: Provider
    /// Largest upload body: the provider's file limit plus room for the multipart framing.
    let uploadLimit: Int
    /// Where uploads are written as they arrive.
    let uploadDirectory: URL

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AuthMiddleware())
        routes.endpoint("", [.get: list, .post: upload])
        routes.endpoint("{id}", [.get: retrieve, .delete: delete])
        routes.endpoint("{id}/content", [.get: content])
        return routes
    }

    /// The multipart parts `POST /v1/files` takes.
    static let uploadParts: Set = ["file", "purpose", "expires_after[anchor]", "expires_after[seconds]"]

    /// `POST /v1/files`, read as the body arrives.
    ///
    /// The file part is written to disk chunk by chunk (``MultipartUpload``), so an upload of the
    /// platform's 512 MB is never in memory.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let boundary = try MultipartForm.boundary(contentType: request.headers[.contentType], method: request.method, path: request.uri.path)
        let form = try await MultipartUpload.receive(request.body, boundary: boundary, limit: uploadLimit, directory: uploadDirectory)
        if let unknown = form.fields.first(where: { !Self.uploadParts.contains($0.name) }) {
            throw ProviderError.invalid("Unrecognized request argument supplied: \(unknown.name)", param: unknown.name)
        }
        guard let file = form.file else {
            throw ProviderError.invalid("Missing required parameter: 'file'.", param: "file", platformCode: "missing_required_parameter")
        }
        guard let filename = form.filename, !filename.isEmpty else {
            throw ProviderError.invalid("The 'file' part has no filename; send it as a file (Content-Disposition: form-data; name=\"file\"; filename=\"train.jsonl\").",
                                        param: "file")
        }
        guard let purpose = form["purpose"] else {
            throw ProviderError.invalid("Missing required parameter: 'purpose'.", param: "purpose", platformCode: "missing_required_parameter")
        }
        var expiresAfter: Int?
        if let anchor = form["expires_after[anchor]"], anchor != "created_at" {
            throw ProviderError.invalid("expires_after[anchor] must be 'created_at', got '\(anchor)'.", param: "expires_after.anchor")
        }
        if let text = form["expires_after[seconds]"] {
            guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ProviderError.invalid("expires_after[seconds] must be an integer, got '\(text)'.", param: "expires_after.seconds")
            }
            expiresAfter = seconds
        }
        // A refused upload's file is removed when `file` goes; a stored one stays until deleted.
        let object = try await provider.uploadFile(filename: filename, purpose: purpose, spooled: file,
                                                   expiresAfterSeconds: expiresAfter, as: caller)
        return JSONResponse.make(object)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.listFiles(purpose: query["purpose"], after: query["after"], limit: try query.integer("limit"),
                                                ascending: try query.ascending("order", ascendingWord: "asc", descendingWord: "desc"),
                                                as: caller)
        return JSONResponse.make(page)
    }

    @Sendable func retrieve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.file(id: try context.pathParameter("id"), as: caller))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.deleteFile(id: try context.pathParameter("id"), as: caller))
    }

    /// The file's bytes, typed by its name or else by its purpose.
    ///
    /// `.jsonl`, `.csv` and `.json` names give their types. An upload on disk is streamed from its file.
    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.pathParameter("id")
        let object = try await provider.file(id: id, as: caller)
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType(of: object)
        if let location = try await provider.fileContentLocation(id: id, as: caller),
           let chunks = FileChunks(url: location) {
            headers[.contentLength] = String(chunks.byteCount)
            return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: chunks))
        }
        let data = try await provider.fileContent(id: id, as: caller)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func contentType(of file: FileObject) -> String {
        let name = file.filename.lowercased()
        if name.hasSuffix(".jsonl") { return "application/jsonl" }
        if name.hasSuffix(".csv") { return "text/csv" }
        if name.hasSuffix(".json") { return "application/json" }
        switch file.purpose {
        case "fine-tune", "batch", "evals": return "application/jsonl"
        case "fine-tune-results": return "text/csv"
        default: return "application/octet-stream"
        }
    }
}
