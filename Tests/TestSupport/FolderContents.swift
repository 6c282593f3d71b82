public import Foundation

/// Every file below a folder, for comparing output folders byte for byte.
public enum FolderContents {
    /// The files below `folder`, by path relative to it (`cells/c….json`), with their bytes;
    /// folders themselves are not listed. Empty when `folder` does not exist.
    public static func files(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[path] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)) }
        }
        return files
    }
}
