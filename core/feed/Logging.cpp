#include "core/feed/Logging.h"

namespace feeddeck::feed {
Q_LOGGING_CATEGORY(lcFeed, "feeddeck.feed", QtInfoMsg)
}
