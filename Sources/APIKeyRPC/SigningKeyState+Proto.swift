public import APIKeyCore

extension Apikeyserv_V1_SigningKeyState {
  /// The wire form of a domain state.
  public init(_ state: SigningKeyState) {
    switch state {
    case .pending: self = .pending
    case .current: self = .current
    case .active: self = .active
    case .retiring: self = .retiring
    case .retired: self = .retired
    }
  }
}

extension SigningKeyState {
  /// The domain state a daemon reported; nil for one this build does not know.
  public init?(_ state: Apikeyserv_V1_SigningKeyState) {
    guard let known = Self.allCases.first(where: { Apikeyserv_V1_SigningKeyState($0) == state })
    else {
      return nil
    }
    self = known
  }

  /// The name a state is shown by (`pending` … `retired`); `unknown` for one this build does not know.
  public static func name(of state: Apikeyserv_V1_SigningKeyState) -> String {
    SigningKeyState(state)?.rawValue ?? "unknown"
  }
}
