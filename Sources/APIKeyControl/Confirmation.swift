import Foundation
import Glibc

/// Asks the person at the terminal to confirm; without a terminal the answer is no.
public enum Confirmation {
  /// Whether standard input is a terminal (someone can be asked).
  public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

  /// True when standard input is a terminal and the answer to `question` is y or yes.
  public static func ask(_ question: String) -> Bool {
    guard isatty(STDIN_FILENO) == 1 else { return false }
    FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    return answer == "y" || answer == "yes"
  }
}
