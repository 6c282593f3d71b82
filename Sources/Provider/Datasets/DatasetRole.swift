/// Which file of a job a dataset is: it decides the example-count limits and the error's `param`.
public enum DatasetRole: String, Sendable, CaseIterable {
    /// The job's `training_file`.
    case training
    /// The job's `validation_file`.
    case validation

    /// The job-creation parameter that names the file: `training_file` or `validation_file`.
    public var param: String {
        switch self {
        case .training: "training_file"
        case .validation: "validation_file"
        }
    }

    /// The capitalised noun the platform's messages start with: "Training file", "Validation file".
    public var fileNoun: String {
        switch self {
        case .training: "Training file"
        case .validation: "Validation file"
        }
    }
}
