#include "filters/filter_factory.h"

#include "src/error.h"

namespace winnow {

std::vector<std::unique_ptr<Filter>> make_filters(const Config& config) {
  std::vector<std::unique_ptr<Filter>> filters;
  if (config.filters.present()) {
    config.filters.values().fail(config.filters.node, "filters: no filter is implemented in this version yet");
  }
  return filters;
}

}  // namespace winnow
