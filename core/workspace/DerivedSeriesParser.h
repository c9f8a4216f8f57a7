#pragma once

#include "core/workspace/DerivedSeriesConfig.h"
#include "core/workspace/FeedConfig.h"
#include "core/workspace/SectionReader.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>

namespace feeddeck::workspace {

inline constexpr qsizetype kMaxDerivedSeries = 200;

// Where a problem is (an absolute JSON path such as "derived[1].expression") and what to do.
using DerivedProblemSink = SectionProblemSink;

// The workspace's top-level "derived" array (absent: none), checked against `feeds`: each
// input names one of them (or "<nats feed>/<upstream id>"), and each expression parses over
// its inputs. Every problem goes to `report`; the series read are returned either way.
[[nodiscard]] QList<DerivedSeriesConfig> parseDerivedSeries(const QJsonValue &derived, const QList<FeedConfig> &feeds,
                                                            const DerivedProblemSink &report);

// As the file writes it: the preset form or the expression form, unknown keys kept.
[[nodiscard]] QJsonObject derivedSeriesToJson(const DerivedSeriesConfig &series);

} // namespace feeddeck::workspace
