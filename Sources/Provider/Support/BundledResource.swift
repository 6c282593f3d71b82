internal import Foundation

/// Finds the module's bundled data files.
enum BundledResource {
    /// The URL of `name.json`, looked for where SwiftPM's `.process` rule puts it (the bundle's root)
    /// and, failing that, in `subdirectory`.
    ///
    /// A missing bundled file is a programming error (the package manifest lost its resources).
    static func url(named name: String, subdirectory: String?) -> URL {
        if let url = Bundle.module.url(forResource: name, withExtension: "json") { return url }
        if let subdirectory, let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: subdirectory) {
            return url
        }
        fatalError("\(name).json is not in the Provider bundle; does Package.swift declare resources: [.process(\"Resources\")]?")
    }
}
