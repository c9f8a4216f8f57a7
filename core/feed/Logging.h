#pragma once

#include <QLoggingCategory>

namespace feeddeck::feed {
Q_DECLARE_LOGGING_CATEGORY(lcFeed)
}
