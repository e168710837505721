import Testing

/// Every end-to-end suite runs inside this one, one test at a time: they start real daemons,
/// bridges and services, and running them all at once on a 2-core machine made timings flaky.
@Suite("End to end", .serialized)
enum EndToEnd {}
