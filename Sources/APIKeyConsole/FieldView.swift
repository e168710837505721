/// One labelled form field as the `field` template shows it: an input, a text area or a
/// choice, with a hint and the daemon's refusal beside it.
struct FieldView {
  enum Kind {
    case input(type: String)
    case textarea(rows: Int)
    case select(options: [(value: String, text: String)])
  }

  var name: String
  var label: String
  var value: String = ""
  var kind: Kind = .input(type: "text")
  var hint: String?
  var required = false
  var error: String?

  /// The template's context.
  var context: [String: Any] {
    var row: [String: Any] = [
      "name": name, "label": label, "value": value, "required": required,
    ]
    switch kind {
    case .input(let type):
      row["isInput"] = true
      row["type"] = type
    case .textarea(let rows):
      row["isTextarea"] = true
      row["rows"] = rows
    case .select(let options):
      row["isSelect"] = true
      row["options"] = options.map { option -> [String: Any] in
        ["value": option.value, "text": option.text, "selected": option.value == value]
      }
    }
    if let hint { row["hint"] = hint }
    if let error { row["error"] = error }
    return row
  }

  /// `fields` as the template takes them, with the refusal `problem` beside the field it names.
  /// A refusal that names none of them goes beside the first with `nearestField` (a page with
  /// several forms: next to the form that was sent), and is otherwise left for `unplaced`.
  static func contexts(
    _ fields: [FieldView], problem: ConsoleProblem?, nearestField: Bool = false
  ) -> [[String: Any]] {
    var fields = fields
    if case .refused(_, let field, let message) = problem {
      if let index = fields.firstIndex(where: { $0.name == field }) {
        fields[index].error = message
      } else if nearestField, !fields.isEmpty {
        fields[0].error = problem?.message
      }
    }
    return fields.map(\.context)
  }

  /// The words of a refusal that names none of `fields`, for the alert at the top of the page;
  /// nil when there is none, or it is shown beside its field.
  static func unplaced(_ problem: ConsoleProblem?, in fields: [FieldView]) -> String? {
    guard let problem else { return nil }
    if case .refused(_, let field?, _) = problem, fields.contains(where: { $0.name == field }) {
      return nil
    }
    return problem.message
  }
}
