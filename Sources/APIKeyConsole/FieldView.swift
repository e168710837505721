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

  /// `fields` as the template takes them, each with the refusal `problem` names (a refusal
  /// naming no field of the form goes to the first, so that it is seen next to the form).
  static func contexts(_ fields: [FieldView], problem: ConsoleProblem?) -> [[String: Any]] {
    var fields = fields
    if case .refused(_, let field, let message) = problem {
      let index = fields.firstIndex { $0.name == field } ?? 0
      if !fields.isEmpty {
        fields[index].error = fields[index].name == field ? message : problem?.message
      }
    }
    return fields.map(\.context)
  }
}
