#include "filters/annotation.h"

#include "filters/rule_config.h"
#include "src/records/json_text.h"

namespace winnow::filters {

void FamilySignals::add(std::string_view key, double value) { add_raw(key, format_number(value)); }

void FamilySignals::add_raw(std::string_view key, std::string_view json) {
  if (!members_.empty()) members_.push_back(',');
  append_json_string(members_, key);
  members_.push_back(':');
  members_.append(json);
}

void FamilySignals::write(Document& doc, std::string_view family, const Verdict& would_be) && {
  add_raw("drop", would_be.kept ? std::string("null") : json_string(would_be.reason));
  // The field holds one object for all families: a later family opens the object again before its '}'.
  std::string& field = doc.added_metadata[std::string(kSignalsField)];
  if (field.empty()) {
    field = "{";
  } else {
    field.pop_back();
    field.push_back(',');
  }
  append_json_string(field, family);
  field += ":{";
  field += members_;
  field += "}}";
}

}  // namespace winnow::filters
