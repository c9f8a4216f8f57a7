#pragma once

#include <QString>
#include <QtGlobal>

namespace feeddeck::testing {

// The WebSocket client a suite drives its feeds with: FeedDeck's own, or Qt's QWebSocket when
// the suite runs a second time as <suite>_qtwebsockets (FEEDDECK_TEST_TRANSPORT=qtwebsockets),
// so the same servers check one client against the other.
inline QString testTransport()
{
    return qEnvironmentVariable("FEEDDECK_TEST_TRANSPORT", QStringLiteral("feeddeck"));
}

inline bool onQtTransport()
{
    return testTransport() == QStringLiteral("qtwebsockets");
}

} // namespace feeddeck::testing
