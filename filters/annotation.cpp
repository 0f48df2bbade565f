#include "filters/annotation.h"

#include "filters/rule_config.h"
#include "src/records/json_text.h"

namespace winnow::filters {
namespace {
thread_local SignalCapture* active_capture = nullptr;
// Reused across documents: assigning into existing strings keeps their buffers (no allocation per signal).
thread_local std::vector<SignalCapture::Signal> captured_signals;
}  // namespace

SignalCapture::SignalCapture(bool write_to_document) : write_to_document_(write_to_document) {
  active_capture = this;
}
SignalCapture::~SignalCapture() { active_capture = nullptr; }

const SignalCapture::Signal* SignalCapture::begin() const { return captured_signals.data(); }
const SignalCapture::Signal* SignalCapture::end() const { return captured_signals.data() + size_; }

void SignalCapture::add(std::string_view key, double value) {
  if (size_ == captured_signals.size()) captured_signals.emplace_back();
  SignalCapture::Signal& slot = captured_signals[size_++];
  slot.key.assign(key);
  slot.value = value;
}

void FamilySignals::add(std::string_view key, double value) {
  if (active_capture != nullptr) {
    active_capture->add(key, value);
    if (!active_capture->write_to_document_) return;  // the text form is only needed for the document
  }
  add_raw(key, format_number(value));
}

void FamilySignals::add_raw(std::string_view key, std::string_view json) {
  if (!members_.empty()) members_.push_back(',');
  append_json_string(members_, key);
  members_.push_back(':');
  members_.append(json);
}

void FamilySignals::write(Document& doc, std::string_view family, const Verdict& would_be) && {
  if (active_capture != nullptr) {
    active_capture->written_ = true;
    if (!active_capture->write_to_document_) return;
  }
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
