public import APIKeyCore
public import APIKeyRPC

extension SigningKeyState {
  /// The state a daemon reported; nil for one this apikeyctl does not know.
  public init?(_ state: Apikeyserv_V1_SigningKeyState) {
    switch state {
    case .pending: self = .pending
    case .current: self = .current
    case .active: self = .active
    case .retiring: self = .retiring
    case .retired: self = .retired
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }

  /// The name apikeyctl prints for `state`: the domain's (`pending` … `retired`), else `unknown`.
  public static func name(of state: Apikeyserv_V1_SigningKeyState) -> String {
    SigningKeyState(state)?.rawValue ?? "unknown"
  }
}
