/// Everything a ``Provider`` holds, one store per concern; the provider is a façade over them.
///
/// Each store is a value type with its own invariants and its own tests; the provider's
/// extensions (`Provider+Files.swift`, `Provider+Jobs.swift`, …) check a request, call one or
/// two stores and read the clock. A reset replaces the whole value. To add a concern (an Evals
/// store, base-model inference), add its store here and its API in `Provider+<Concern>.swift`.
struct ProviderStores: Sendable {
    /// Ids for every kind of object, from one counter per prefix (files and results files share `file-`).
    var ids: IdentifierFactory
    /// Uploaded files.
    var files = FileStore()
    /// Jobs, with their lookups and caches.
    var jobs = JobStore()
    /// The organisation's settings and the price sheet bills use.
    var account: AccountStore
    /// Checkpoint permissions.
    var permissions = PermissionStore()
    /// Evals and their runs (`/v1/evals`).
    var evals = EvalStore()
    /// Base models' answer spaces over uploaded files, deleted models and inference usage.
    var inference = InferenceStore()

    /// Empty stores; the account as `configuration` starts it, ids from `idSeed` (default the configuration's).
    init(configuration: ProviderConfiguration, idSeed: UInt64? = nil) {
        ids = IdentifierFactory(seed: idSeed ?? configuration.idSeed)
        account = AccountStore(organization: configuration.organization, priceSheet: configuration.priceSheet)
    }
}
