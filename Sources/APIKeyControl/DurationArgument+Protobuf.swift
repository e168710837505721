public import APIKeyCommandSupport
public import SwiftProtobuf

extension DurationArgument {
  /// The duration as a request field.
  public var protobufDuration: Google_Protobuf_Duration {
    Google_Protobuf_Duration(rounding: seconds, rule: .toNearestOrAwayFromZero)
  }
}
