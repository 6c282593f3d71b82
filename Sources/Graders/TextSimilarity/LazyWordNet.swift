import Synchronization

/// WordNet, loaded on first use and then shared; a load failure is remembered and reported
/// the same way each time.
final class LazyWordNet: Sendable {
    let directory: String
    private let state = Mutex<Result<WordNet, any Error>?>(nil)

    init(directory: String) {
        self.directory = directory
    }

    /// The loaded WordNet.
    ///
    /// - Throws: the loading error (a missing file, with the packages to install).
    func get() throws -> WordNet {
        try state.withLock { state in
            if let state { return try state.get() }
            let loaded = Result { try WordNet(directory: directory) }
            state = loaded
            return try loaded.get()
        }
    }
}
