#pragma once

#include "core/feed/FeedState.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace feeddeck::exporting {

// What the window measured; present only when one was shown.
struct UiStats
{
    quint64 frames = 0;        // frames actually rendered
    double maxFrameGapMs = 0.0;
    qint64 firstValueMs = -1;  // Unix epoch ms of the first frame showing a live value; -1: none yet
    // The steady window: from the first frame a settling time after start-up (after the first
    // live value was drawn) to the last frame, so start-up does not count in the frame rate.
    quint64 steadyFrames = 0;  // frames in the window, its first and last included
    double steadyMs = 0.0;     // from the window's first frame to its last
    double steadyMaxFrameGapMs = 0.0;
};

// A top-level object a mode adds at the end of the file (the relay's "relay").
struct StatsSection
{
    QString name;
    QJsonObject object;
};

// The `--stats` file of DESIGN.md ("Stats JSON"), indented UTF-8 with the keys
// in the documented order. first/last_message_ms are null before the first
// message, last_error is null when empty, and ui.first_value_ms is null before a value was drawn.
[[nodiscard]] QByteArray statsJson(qint64 durationMs, const QList<feed::FeedStatus> &feeds,
                                   const std::optional<UiStats> &ui, const QList<StatsSection> &sections = {});

} // namespace feeddeck::exporting
