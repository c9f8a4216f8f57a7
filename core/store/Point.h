#pragma once

#include <QtGlobal>

namespace feeddeck::store {

// One chart sample: receive time (Unix epoch ms) and value. v = NaN marks a gap
// (the feed was disconnected), so lines are not drawn across it.
struct Point
{
    qint64 t;
    double v;
};
static_assert(sizeof(Point) == 16, "history memory is budgeted at 16 bytes a point");

} // namespace feeddeck::store
