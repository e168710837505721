import ArgumentParser

/// `apikeyserv-bench`: benchmarks. Run them on a release build; `make bench` runs the whole suite
/// (scripts/bench.py) and writes bench/results.md.
@main
struct Bench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apikeyserv-bench",
    abstract: "Benchmarks of apikeyserv.",
    subcommands: [RPCBench.self, VerifyBench.self, SignBench.self, UsageBench.self],
    defaultSubcommand: RPCBench.self)
}
