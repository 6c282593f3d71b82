import ArgumentParser
import Graders

/// Whether python graders may run without their sandbox.
struct PythonGraderOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Run python graders without the bubblewrap sandbox, with this process's user, files, environment and network. Only for graders you trust; without this flag python graders are refused where bubblewrap is not available (see docs/GRADERS.md)."))
    var unsafePythonGraders = false

    /// Makes the choice the default of every python grader runner this process creates.
    func apply() {
        if unsafePythonGraders { PythonSandbox.allowUnsandboxedGraders() }
    }
}
