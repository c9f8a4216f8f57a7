#pragma once

#include <QObject>

class QSocketNotifier;

namespace feeddeck::app::shell {

// Turns SIGINT/SIGTERM into a Qt signal (self-pipe), so Ctrl+C or a service stop
// ends a run the same clean way as --duration: exports written, feeds closed.
class TerminationWatcher : public QObject
{
    Q_OBJECT

public:
    explicit TerminationWatcher(QObject *parent = nullptr);
    ~TerminationWatcher() override;

signals:
    void terminationRequested();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace feeddeck::app::shell
