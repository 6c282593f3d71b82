import Foundation
import Testing

@testable import Provider

/// The provider's stores, each alone: no actor, no clock, no HTTP.
struct StoreTests {
    static func file(_ id: String, owner: String = "sk-a") -> StoredFile {
        StoredFile(object: FileObject(id: id, bytes: 1, createdAt: 0, expiresAt: nil, filename: "\(id).jsonl", purpose: "fine-tune"),
                   content: Data("x".utf8), ownerKey: owner)
    }

    @Test func fileStoreKeepsUploadOrderAndForgetsDeletedFiles() {
        var files = FileStore()
        files.add(Self.file("file-b"))
        files.add(Self.file("file-a"))
        files.add(Self.file("file-c"))
        files.remove(id: "file-a")
        #expect(files.all.map(\.object.id) == ["file-b", "file-c"])
        #expect(files["file-a"] == nil)
        #expect(files["file-c"]?.ownerKey == "sk-a")
    }

    @Test func fileStoreChecksUploadsAsThePlatformDoes() {
        func refusal(_ filename: String, _ purpose: String, _ bytes: Int, expires: Int? = nil) -> (String?, String?) {
            do {
                try FileStore.checkUpload(filename: filename, purpose: purpose, byteCount: bytes,
                                          expiresAfterSeconds: expires, maximumBytes: 10)
                return (nil, nil)
            } catch {
                return (error.param, error.platformCode)
            }
        }
        #expect(refusal("a.jsonl", "fine-tune", 5) == (nil, nil))
        #expect(refusal("a.jsonl", "pictures", 5) == ("purpose", nil))
        #expect(refusal("a.jsonl", "fine-tune", 11) == ("file", "file_too_large"))
        #expect(refusal("a.jsonl", "fine-tune", 0) == ("file", nil))
        #expect(refusal("a.txt", "fine-tune", 5) == ("file", "invalid_file_format"))
        #expect(refusal("a.txt", "assistants", 5, expires: 60) == ("expires_after", nil))
    }

    @Test func permissionStoreAddsAndRemovesPerCheckpoint() {
        var permissions = PermissionStore()
        let object = PermissionObject(id: "cp_1", createdAt: 0, projectID: "proj_a")
        permissions.add(PermissionRecord(object: object, ownerKey: "sk-a"), to: "ft:x:ckpt-step-1")
        #expect(permissions.permissions(of: "ft:x:ckpt-step-1").map(\.object.id) == ["cp_1"])
        #expect(permissions.permissions(of: "ft:x:ckpt-step-2").isEmpty)
        let wrongCheckpoint = permissions.remove(id: "cp_1", of: "ft:x:ckpt-step-2")
        let removed = permissions.remove(id: "cp_1", of: "ft:x:ckpt-step-1")
        #expect(!wrongCheckpoint && removed)
        #expect(permissions.permissions(of: "ft:x:ckpt-step-1").isEmpty)
    }

    @Test func accountStoreIsolatesKeysAndSwitchesSheets() throws {
        var account = AccountStore(organization: OrganizationSettings(), priceSheet: .default)
        let caller = Caller(apiKey: "sk-b")
        #expect(account.isVisible(ownerKey: "sk-a", to: caller))
        #expect(account.organizationID(of: caller) == "org-rftsim")
        account.organization.isolateByKey = true
        #expect(!account.isVisible(ownerKey: "sk-a", to: caller))
        #expect(account.organizationID(of: caller) != account.organizationID(of: Caller(apiKey: "sk-a")))
        var refused: ProviderError?
        do { try account.setPriceSheet(named: "nope") } catch { refused = error }
        #expect(refused?.param == "name")
        try account.setPriceSheet(named: "current-2026")
        #expect(account.priceSheet.name == "current-2026")
        let empty = account.billing(of: [], at: 0)
        #expect(empty.events.isEmpty && empty.total == 0 && empty.priceSheet == "current-2026")
    }
}
